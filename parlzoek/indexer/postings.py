"""Writing a new segment's postings a term at a time instead of a posting at a time.

Whoosh's commit feeds every posting through four Python calls, with type assertions, and reads
the document's field length back from the lengths column for each one; at 10,000 documents that
was most of a build. Here the sorted postings are grouped by term, the field lengths come from a
table read once per field, and each block's buffers are filled at once and written by Whoosh's
own block writer — so the files are byte for byte what Whoosh writes (``tests/test_postings.py``
compares two indexes built both ways, file by file).

It reaches into Whoosh's W3 field and postings writers (``_postwriter``, the block buffers).
Whoosh 2.7.4 is its last release, so those internals no longer move; the comparison test would
catch it if they did.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from itertools import groupby
from operator import itemgetter

from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter

from parlzoek.indexer.flatpostings import EXTENSION, FlatPostingsWriter

Posting = tuple[str, bytes, int, float, bytes | None]  # field, term, document, weight, encoded value
_FIELD_AND_TERM = itemgetter(0, 1)


class FieldLengths:
    """Each field's length per document of the segment being written, read once per field."""

    def __init__(self, lengths) -> None:
        self._lengths = lengths
        self._tables: dict[str, list[int]] = {}

    def table(self, fieldname: str) -> list[int]:
        if fieldname not in self._tables:
            lengths, count = self._lengths, self._lengths.doc_count_all() if self._lengths else 0
            self._tables[fieldname] = [lengths.doc_field_length(docnum, fieldname) or 0 for docnum in range(count)]
        return self._tables[fieldname]


def write_postings(fieldwriter, schema, lengths, postings: Iterable[Posting], flat: FlatPostingsWriter | None = None):
    """What ``FieldWriter.add_postings`` does, for sorted postings, one term at a time; the terms of
    scored fields also go to ``flat``."""
    field_lengths = FieldLengths(lengths)
    current = None
    table: list[int] = []
    scored = False
    for (fieldname, btext), group in groupby(postings, key=_FIELD_AND_TERM):
        rows = [row for row in group if row[2] != -1]  # docnum -1: Whoosh's old spelling marker, no posting
        if not rows:
            continue
        if fieldname != current:
            if current is not None:
                fieldwriter.finish_field()
            fieldwriter.start_field(fieldname, schema[fieldname])
            current, table = fieldname, field_lengths.table(fieldname) if lengths else []
            scored = flat is not None and schema[fieldname].scorable
        fieldwriter.start_term(btext)
        if scored:
            flat.add(fieldwriter._postwriter._startoffset, [row[2] for row in rows], [row[3] for row in rows])
        _fill_blocks(fieldwriter._postwriter, rows, table)
        fieldwriter.finish_term()
    if current is not None:
        fieldwriter.finish_field()


def _fill_blocks(postwriter, rows: list[Posting], table: list[int]) -> None:
    """The term's postings into the writer's block buffers, as ``add_posting`` would leave them:
    full blocks written as the next posting arrives, the last one by ``finish_postings``."""
    limit = postwriter._blocklimit
    for start in range(0, len(rows), limit):
        if start:
            postwriter._write_block()
        block = rows[start : start + limit]
        ids = [row[2] for row in block]
        weights = [row[3] for row in block]
        lengths = [table[docnum] for docnum in ids if table[docnum]] if table else []
        postwriter._ids = array("I", ids)
        postwriter._weights = array("f", weights)
        postwriter._values = [row[4] for row in block if row[4]]
        postwriter._minlength = min(lengths) if lengths else None
        postwriter._maxlength = max(lengths, default=0)
        postwriter._maxweight = max(0, *weights)


class TermAtATimeFieldWriter(W3FieldWriter):
    """Whoosh's W3 field writer, taking a commit's postings a term at a time, and writing the
    segment's flat postings beside its own files."""

    def __init__(self, codec, storage, segment) -> None:
        super().__init__(codec, storage, segment)
        self._flat = FlatPostingsWriter(self._create_file(EXTENSION))

    def add_postings(self, schema, lengths, items) -> None:
        write_postings(self, schema, lengths, items, self._flat)

    def close(self) -> None:
        super().close()
        self._flat.close()


class TermAtATimeCodec(W3Codec):
    """Whoosh's W3 codec, writing with ``TermAtATimeFieldWriter``. Given to a writer as its codec, it
    reaches the multiprocess writer's sub-writers too. Each segment keeps its codec and is pickled
    into the index's table of contents: it is stored as a plain ``W3Codec``, which reads the same
    files, so an index never depends on this class."""

    def field_writer(self, storage, segment):
        return TermAtATimeFieldWriter(self, storage, segment)

    def __reduce__(self):
        return W3Codec, (self._blocklimit, self._compression, self._inlinelimit)


def open_writer(ix, procs: int, limitmb: int):
    """``ix.writer(procs=…, limitmb=…)`` with the faster commit.

    With several processes each keeps its own segment (Whoosh's ``multisegment``): merging them
    into one took longer than the indexing it had shared out (Chamber data: 2 processes 14.9 s
    merged, 7.5 s not, 1 process 14.0 s)."""
    options = {"multisegment": True} if procs > 1 else {}
    return ix.writer(procs=procs, limitmb=limitmb, codec=TermAtATimeCodec(), **options)
