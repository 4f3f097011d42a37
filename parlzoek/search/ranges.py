"""Date and number ranges (``jaar:2017``, ``datum:>2017-03``, ``nr:[1 to 700]``) read as arrays.

Whoosh matches a numeric range as a union of the matchers of every indexed value (at several
resolutions) inside it, and its constant score first steps that union through all its
documents, one at a time: ``jaar:2017`` on 200,000 documents took over a second before a single
word was scored. Here the same terms' postings are read block by block into one numpy array.
The documents and the score (the range's boost) are those of Whoosh's own ``ListMatcher``.
"""

from __future__ import annotations

from array import array

import numpy as np
from whoosh.matching import ListMatcher, NullMatcher
from whoosh.query import NumericRange, Term
from whoosh.query.wrappers import ConstantScoreQuery

from parlzoek.search.blockscore import SegmentTables, block_ids, unfiltered
from parlzoek.search.plans import Scored


class ArrayRange(NumericRange):
    """A ``NumericRange`` (or ``DateRange``) with constant score whose documents are read whole."""

    @classmethod
    def of(cls, query: NumericRange) -> ArrayRange:
        return cls(
            query.fieldname, query.start, query.end, query.startexcl, query.endexcl,
            boost=query.boost, constantscore=True,
        )  # fmt: skip

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
        compiled = self._compile_query(reader)
        if isinstance(compiled, ConstantScoreQuery):
            compiled = compiled.child
        tables = SegmentTables(reader)
        found = [_term_docnums(reader, self.fieldname, text, tables) for text in _texts(compiled, reader)]
        docnums = np.unique(np.concatenate(found)) if found else np.zeros(0, np.int64)
        live = tables.live()
        return docnums if live is None else docnums[live[docnums]]


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
