"""Date and number ranges (``jaar:2017``, ``datum:>2017-03``, ``nr:[1 to 700]``) read as arrays.

Whoosh matches a numeric range as a union of the matchers of every indexed value (at several
resolutions) inside it, and its constant score first steps that union through all its
documents, one at a time, which on a large index takes longer than all the words' scoring.
Here a date range is read from the date column with numpy, and a number range
from its terms' postings, block by block; the score is the range's boost, as in Whoosh's own
``ListMatcher``. Whoosh 2.7.4 also splits a range into resolutions wrongly, so that
``nr:[1 to 40]`` found every document; ``split_ranges`` is a corrected copy.
"""

from __future__ import annotations

import functools
from array import array

import numpy as np
from whoosh.fields import DATETIME
from whoosh.matching import ListMatcher, NullMatcher
from whoosh.query import NullQuery, NumericRange, Or, Term, TermRange
from whoosh.query.wrappers import ConstantScoreQuery
from whoosh.util.numeric import to_sortable

from parlzoek.engine.reading.block_scores import SegmentTables, block_ids, unfiltered
from parlzoek.engine.reading.or_parts import Scored
from parlzoek.engine.whoosh_internals import column_bytes


class ArrayRange(NumericRange):
    """A ``NumericRange`` (or ``DateRange``) with constant score whose documents are read whole."""

    @classmethod
    def of(cls, query: NumericRange) -> ArrayRange:
        return cls(
            query.fieldname, query.start, query.end, query.startexcl, query.endexcl,
            boost=query.boost, constantscore=True,
        )  # fmt: skip

    def _compile_query(self, ixreader):
        """Whoosh's own (its terms at several resolutions), but with the resolutions split right:
        Whoosh 2.7.4 lets a bound that wraps below zero turn into a huge one, so ``nr:[1 to 40]``
        matched every document (``split_ranges``)."""
        field = ixreader.schema[self.fieldname]
        to_bytes = field.sortable_to_bytes
        subqueries = [
            Term(self.fieldname, to_bytes(low, shift))
            if low == high
            else TermRange(self.fieldname, to_bytes(low, shift), to_bytes(high, shift))
            for low, high, shift in _tiers(field, self)
        ]
        if not subqueries:
            return NullQuery
        found = subqueries[0] if len(subqueries) == 1 else Or(subqueries, boost=self.boost)
        return ConstantScoreQuery(found, self.boost) if self.constantscore else found

    def matcher(self, searcher, context=None):
        if context is not None and context.needs_current:
            return super().matcher(searcher, context)  # Whoosh gives the union itself then
        docnums = self.docnums(searcher.reader())
        if not len(docnums):
            return NullMatcher()
        return ListMatcher(array("I", docnums.tolist()), all_weights=self.boost)

    def scored(self, searcher) -> Scored:
        docnums = self.docnums(searcher.reader())
        return Scored(docnums, np.full(len(docnums), self.boost))

    def docnums(self, reader):
        """The segment's live documents with a value in the range, sorted."""
        tables = SegmentTables(reader)
        dates = _date_column(reader, self.fieldname, tables)
        docnums = self._within(dates) if dates is not None else self._from_postings(reader, tables)
        live = tables.live()
        return docnums if live is None else docnums[live[docnums]]

    def _within(self, values):
        """A date column holds the very numbers the range compares (``datetime_to_long``)."""
        start, end = self.start, self.end
        inside = values != _NO_DATE
        if start is not None:
            inside &= values > start if self.startexcl else values >= start
        if end is not None:
            inside &= values < end if self.endexcl else values <= end
        return np.flatnonzero(inside)

    def _from_postings(self, reader, tables: SegmentTables):
        compiled = self._compile_query(reader)
        if isinstance(compiled, ConstantScoreQuery):
            compiled = compiled.child
        found = [_term_docnums(reader, self.fieldname, text, tables) for text in _texts(compiled, reader)]
        return np.unique(np.concatenate(found)) if found else np.zeros(0, np.int64)


def _tiers(field, query: NumericRange) -> list[tuple[int, int, int]]:
    """Whoosh's ``tiered_ranges`` with a correct ``split_ranges``."""
    start = None if query.start is None else field.prepare_number(query.start)
    end = None if query.end is None else field.prepare_number(query.end)
    sortable = functools.partial(to_sortable, field.numtype, field.bits, field.signed)
    low = 0 if start is None else sortable(start) + query.startexcl
    high = 2**field.bits - 1 if end is None else sortable(end) - query.endexcl
    if low > high:
        return []
    return list(split_ranges(field.bits, field.shift_step, low, high)) if field.shift_step else [(low, high, 0)]


def split_ranges(bits: int, step: int, start: int, end: int):
    """(start, end, shift) ranges that cover ``start``..``end`` with few terms: the edges at full
    resolution, the middle at coarser ones (Lucene's ``splitRange``). Whoosh masked the next
    bounds to ``bits + 1`` bits, so an upper bound that went below zero came back as a huge
    number and the split went on, covering values far outside the range; Python's integers
    stay negative, and ``start > end`` ends the split as it should."""
    shift = 0
    while True:
        diff, mask, low_bits = 1 << (shift + step), ((1 << step) - 1) << shift, (1 << shift) - 1
        has_lower, has_upper = (start & mask) != 0, (end & mask) != mask
        next_start = (start + diff if has_lower else start) & ~mask
        next_end = (end - diff if has_upper else end) & ~mask
        if shift + step >= bits or next_start > next_end:
            yield start, end | low_bits, shift
            return
        if has_lower:
            yield start, start | mask | low_bits, shift
        if has_upper:
            yield end & ~mask, end | low_bits, shift
        start, end, shift = next_start, next_end, shift + step


_NO_DATE = np.iinfo(np.uint64).max  # what a DATETIME column holds for a document without a date


def _date_column(reader, fieldname: str, tables: SegmentTables):
    """A DATETIME field's column as a numpy array (one number per document), kept with the
    segment's tables; ``None`` for other fields or a segment without the column."""
    field = reader.schema[fieldname]
    if not isinstance(field, DATETIME) or field.sortable_typecode != "Q" or not reader.has_column(fieldname):
        return None
    return tables.kept_array(("column", fieldname), lambda: _read_column(reader, fieldname, tables.size))


def _read_column(reader, fieldname: str, size: int):
    column = reader.column_reader(fieldname, translate=False)
    stored = np.frombuffer(column_bytes(column, 8), dtype=">u8")
    values = np.full(size, _NO_DATE, dtype=np.uint64)
    values[: len(stored)] = stored
    return values


def _texts(query, reader):
    """The indexed values (bytes) a compiled range stands for: terms, term ranges, or an OR of them."""
    if isinstance(query, Term):
        yield query.text
    elif hasattr(query, "_btexts"):
        yield from query._btexts(reader)
    else:
        for sub in query.children():
            yield from _texts(sub, reader)


def _term_docnums(reader, fieldname: str, text: bytes, tables: SegmentTables):
    """A term's documents, deleted ones included (the caller drops them)."""
    if (fieldname, text) not in reader:
        return np.zeros(0, np.int64)
    postings = unfiltered(reader.postings(fieldname, text), tables.deleted)
    blocks = []
    while postings.is_active():
        blocks.append(np.array(block_ids(postings), np.int64))
        postings._next_block()
    return np.concatenate(blocks) if blocks else np.zeros(0, np.int64)
