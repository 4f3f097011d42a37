"""A postings pool that keeps each term's postings together, in arrays.

Whoosh's ``PostingPool`` keeps one tuple per posting, sorts them all at commit and, past its
memory limit, pickles them one posting at a time into runs that it merges back with a heap, a
large share of a build. Here each (field, term) has its document numbers and
weights in arrays and its values in a list, in the order they arrive — document order, because
a writer numbers its documents upwards and segments merged into it after them. A run spilled
past the memory limit is one pickle per term, and a commit merges the runs term by term.

What comes out is what Whoosh's pool yields, grouped by term: the same postings in the same
order (``tests/test_postings.py`` compares the files both write).
"""

from __future__ import annotations

import heapq
import pickle
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

from whoosh.util import random_name

Key = tuple[str, bytes]  # field name, term
_KEY_BYTES = 400  # a new term's key, arrays and dictionary slot, roughly
_POSTING_BYTES = 24  # a document number, a weight, a reference to its value


@dataclass(slots=True)
class TermPostings:
    """One term's postings, in Whoosh's order (document number, then weight and value)."""

    fieldname: str
    term: bytes
    docnums: array
    weights: array
    values: list[bytes | None]


class TermStream:
    """What ``TermPool.iter_postings`` gives a field writer: its terms one by one, or, for any
    reader of Whoosh's kind, the postings as Whoosh's pool yields them."""

    def __init__(self, terms: Iterator[TermPostings]) -> None:
        self.terms = terms

    def __iter__(self) -> Iterator[tuple[str, bytes, int, float, bytes | None]]:
        for term in self.terms:
            for docnum, weight, value in zip(term.docnums, term.weights, term.values, strict=True):
                yield term.fieldname, term.term, docnum, weight, value


def grouped_by_term(rows: Iterable[tuple[str, bytes, int, float, bytes | None]]) -> Iterator[TermPostings]:
    """Sorted postings of Whoosh's kind, as terms."""
    for (fieldname, term), group in groupby(rows, key=itemgetter(0, 1)):
        postings = [row for row in group if row[2] >= 0]  # as TermPool.add: no spelling markers
        if not postings:
            continue
        entry = _new_entry(_typecode(postings[0][3]))
        for row in postings:
            _append(entry, row[2], row[3], row[4])
        yield TermPostings(fieldname, term, *entry)


class TermPool:
    """In place of Whoosh's ``PostingPool`` in a ``SegmentWriter`` (``add``, ``save``,
    ``iter_postings``, ``cleanup``, ``fieldnames``, ``runs``)."""

    def __init__(self, tempstore, limitmb: float) -> None:
        self._tempstore = tempstore
        self._limit = limitmb * 1024 * 1024
        self._fields: dict[str, dict[bytes, tuple[array, array, list]]] = {}  # field → term → postings
        self._unordered: set[str] = set()  # fields whose postings came out of document order
        self._last_docnums: dict[str, int] = {}  # each field's greatest document number so far
        self._size = 0
        self._spilled_fields: set[str] = set()
        self.runs: list[str] = []

    @property
    def fieldnames(self) -> set[str]:
        return self._spilled_fields | {fieldname for fieldname, terms in self._fields.items() if terms}

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        """One posting, as Whoosh's pool takes it (spelling words, segments merged in)."""
        fieldname, term, docnum, weight, value = item
        if docnum >= 0:  # Whoosh's old spelling marker (-1) is never written as a posting
            self.add_field(fieldname, docnum, ((term, 0, weight, value),), _typecode(weight))

    def add_field(
        self, fieldname: str, docnum: int, postings: Sequence[tuple[bytes, int, float, bytes | None]], typecode="d"
    ) -> int:
        """One document's postings in one field, as ``field.index`` gives them (term, frequency,
        weight, value), at once: a call per posting costs much of a build. Returns the field's
        length (the frequencies' sum). A new term's weights are kept as ``typecode`` says: floats,
        as Whoosh's boost makes every indexed weight."""
        terms = self._fields.get(fieldname)
        if terms is None:
            terms = self._fields[fieldname] = {}
        length, size = 0, _POSTING_BYTES * len(postings)
        for term, freq, weight, value in postings:
            entry = terms.get(term)
            if entry is None:
                entry = terms[term] = _new_entry(typecode)
                size += _KEY_BYTES
            entry[0].append(docnum)
            entry[1].append(weight)
            entry[2].append(value)
            length += freq
            if value:
                size += len(value)
        if docnum > self._last_docnums.get(fieldname, -1):
            self._last_docnums[fieldname] = docnum
        else:  # spelling words all come as document 0: the field's terms are sorted when written
            self._unordered.add(fieldname)
        self._size += size
        if self._size > self._limit:
            self.save()
        return length

    def save(self) -> None:
        """Spill the terms held in memory to a run, in key order."""
        if not any(self._fields.values()):
            return
        name = f"{random_name()}.run"
        with self._tempstore.create_file(name).raw_file() as stream:
            for item in self._sorted_items():
                pickle.dump(item, stream, pickle.HIGHEST_PROTOCOL)
        self.runs.append(name)
        self._spilled_fields |= self.fieldnames
        self._fields, self._unordered, self._size = {}, set(), 0

    def iter_postings(self) -> TermStream:
        sources = [self._read_run(name) for name in self.runs]
        sources.append(iter(self._sorted_items()))
        merged = heapq.merge(*sources, key=itemgetter(0)) if len(sources) > 1 else sources[0]
        return TermStream(_joined(merged))

    def cleanup(self) -> None:
        for name in self.runs:
            if self._tempstore.file_exists(name):
                self._tempstore.delete_file(name)
        self.runs, self._fields, self._unordered = [], {}, set()

    def _sorted_items(self) -> list[tuple[Key, array, array, list, bool]]:
        return [
            ((fieldname, term), *terms[term], fieldname not in self._unordered)
            for fieldname, terms in sorted(self._fields.items())
            for term in sorted(terms)
        ]

    def _read_run(self, name: str) -> Iterator[tuple[Key, array, array, list, bool]]:
        with self._tempstore.open_file(name).raw_file() as stream:
            while True:
                try:
                    yield pickle.load(stream)
                except EOFError:
                    return


def _typecode(weight: float) -> str:
    """Weights are kept as the type they come in (spelling words weigh an ``int`` 1): Whoosh
    pickles a block's greatest weight as it is, and ``1`` and ``1.0`` pickle differently."""
    return "q" if type(weight) is int else "d"


def _new_entry(typecode: str) -> tuple[array, array, list]:
    """A term's document numbers, weights (kept as ``typecode``) and values."""
    return array("I"), array(typecode), []


def _append(entry: tuple[array, array, list], docnum: int, weight: float, value: bytes | None) -> None:
    entry[0].append(docnum)
    entry[1].append(weight)
    entry[2].append(value)


def _joined(items: Iterator[tuple[Key, array, array, list, bool]]) -> Iterator[TermPostings]:
    """A term's pieces from several runs (in run order, so document order) made one."""
    for key, group in groupby(items, key=itemgetter(0)):
        (_, docnums, weights, values, ordered), *more = group
        for _, more_docnums, more_weights, more_values, more_ordered in more:
            ordered = ordered and more_ordered and more_docnums[0] > docnums[-1]
            docnums, weights, values = docnums + more_docnums, weights + more_weights, values + more_values
        if not ordered:
            docnums, weights, values = _sorted_postings(docnums, weights, values)
        yield TermPostings(key[0], key[1], docnums, weights, values)


def _sorted_postings(docnums: array, weights: array, values: list) -> tuple[array, array, list]:
    """Whoosh sorts whole postings: equal document numbers go by weight, then value."""
    rows = sorted(zip(docnums, weights, values, strict=True))
    return array("I", [r[0] for r in rows]), array(weights.typecode, [r[1] for r in rows]), [r[2] for r in rows]
