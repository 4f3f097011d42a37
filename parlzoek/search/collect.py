"""Collecting a query's matches from Whoosh, in the ways that suit our wide OR queries."""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from itertools import islice
from typing import ClassVar
from weakref import WeakKeyDictionary

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.collectors import TopCollector, UnlimitedCollector
from whoosh.matching.combo import CombinationMatcher
from whoosh.matching.wrappers import WrappingMatcher
from whoosh.query import Or
from whoosh.scoring import BM25FScorer
from whoosh.util.numeric import byte_to_length


def collect(searcher, query, limit: int | None):
    """The ``limit`` best matches (all with ``None``), scored and counted exactly.

    Whoosh's collectors rebuild the tree of matchers every ten matches, asking each node for its
    best possible score, and skip blocks by that score. Our queries have a hundred leaves and more
    (every word in five fields, plus ranking extras): the rebuilding was most of a long query's
    time (10,000 documents, titles of 18 words: 704 -> 278 ms), and the skipping cost more than
    it saved (p50 73 -> 47 ms). Both off; the same top 10.

    And every OR adds up its parts' scores per document, one part after another
    (``AccumulatingOr``), instead of stepping a binary tree of matchers from document to document.
    """
    collector = TopCollector(limit, usequality=False) if limit else UnlimitedCollector()
    collector.replace = 0
    searcher.search_with_collector(query.accept(_accumulating), collector)
    return collector.results()


def _accumulating(node):
    return AccumulatingOr(node.subqueries, boost=node.boost) if isinstance(node, Or) else node


class AccumulatingOr(Or):
    """An OR matched term at a time: each part's postings are read through once, their scores added
    into a table of the documents found. The same documents and scores as Whoosh's tree of union
    matchers (a property test holds them to it); long titles at 10,000 documents 278 -> 133 ms.
    Whoosh's own array version (``PreloadedOr``) does the same in blocks of 2,048 documents, but
    clears and scans every block in Python, a cost that grows with the index, not the matches."""

    def _matcher(self, subs, searcher, context):
        scored = context.weighting is not None if context else True
        submatchers = [sub.matcher(searcher, context) for sub in subs]
        return ScoreTable(submatchers, boost=self.boost, scored=scored, lengths=FieldLengthBytes(searcher.reader()))


class FieldLengthBytes:
    """A segment's field lengths as Whoosh stores them, one byte per document, read in one go.

    BM25 asks for the length of every matching document's field; through Whoosh that is five calls
    per posting, a fifth of a query's time. The byte (a logarithmic approximation of the length)
    is all Whoosh keeps, so 256 precomputed length factors per field serve every posting.
    Kept per reader, as long as the reader lives."""

    _cache: ClassVar[WeakKeyDictionary] = WeakKeyDictionary()

    def __init__(self, reader) -> None:
        self._reader = reader

    def of(self, fieldname: str) -> bytes | None:
        try:
            per_reader = self._cache.setdefault(self._reader, {})
        except TypeError:  # a reader that cannot be weakly referenced: no table
            return None
        if fieldname not in per_reader:
            per_reader[fieldname] = self._read(fieldname)
        return per_reader[fieldname]

    def _read(self, fieldname: str) -> bytes | None:
        perdoc = getattr(self._reader, "_perdoc", None)
        column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN) if perdoc else None
        if column is None:
            return None
        stored = column._dbfile.get(column._basepos, column._count)
        return bytes(stored) + bytes(max(0, self._reader.doc_count_all() - column._count))


class ScoreTable(CombinationMatcher):
    """The documents any sub-matcher matches, in order, with their summed scores."""

    def __init__(self, submatchers, boost: float = 1.0, scored: bool = True, lengths=None) -> None:
        super().__init__(submatchers, boost=boost)
        scores: dict[int, float] = {}
        for matcher in submatchers:
            leaf = _bm25_leaf(matcher, lengths) if scored and lengths else None
            if leaf:
                _add_bm25_blocks(scores, *leaf, boost)
            else:
                _add_matches(scores, matcher, boost, scored)
        self._scores, self._ids, self._at = scores, sorted(scores), 0

    def is_active(self) -> bool:
        return self._at < len(self._ids)

    def id(self) -> int:
        return self._ids[self._at]

    def score(self) -> float:
        return self._scores[self._ids[self._at]]

    def next(self) -> bool:
        self._at += 1
        return False

    def skip_to(self, docnum: int) -> None:
        self._at = bisect_left(self._ids, docnum, self._at)

    def all_ids(self):
        return iter(self._ids[self._at :])

    def reset(self) -> None:
        self._at = 0

    def copy(self) -> ScoreTable:
        twin = object.__new__(ScoreTable)
        twin.__dict__.update(self.__dict__)
        return twin

    def supports(self, astype) -> bool:
        return False

    def supports_block_quality(self) -> bool:
        return False

    def max_quality(self) -> float:
        return max(self._scores.values(), default=0.0)


def _add_matches(scores: dict[int, float], matcher, boost: float, scored: bool) -> None:
    get = scores.get
    while matcher.is_active():
        docnum = matcher.id()
        scores[docnum] = get(docnum, 0.0) + (matcher.score() * boost if scored else boost)
        matcher.next()


def _bm25_leaf(matcher, lengths: FieldLengthBytes):
    """A term's postings scored by BM25F, under at most one boost: (postings, term boost, the
    field's length bytes); ``None`` for anything else, which goes the general way."""
    term_boost = 1.0
    if type(matcher) is WrappingMatcher:
        matcher, term_boost = matcher.child, matcher.boost
    if type(matcher) is not W3LeafMatcher or type(matcher.scorer) is not BM25FScorer:
        return None
    length_bytes = lengths.of(matcher.term()[0])
    return (matcher, term_boost, length_bytes) if length_bytes is not None else None


@lru_cache(maxsize=256)
def _length_factors(k1: float, b: float, average: float) -> tuple[float, ...]:
    """BM25's length normalisation for each of the 256 lengths a field length byte stands for."""
    return tuple(k1 * ((1 - b) + b * byte_to_length(byte) / average) for byte in range(256))


def _add_bm25_blocks(scores: dict[int, float], postings, term_boost: float, length_bytes: bytes, boost: float):
    """Whoosh's ``bm25()`` for a whole block of postings at a time, with the same operations in the
    same order, so the scores are the very floats Whoosh's own matchers give."""
    scorer = postings.scorer
    idf, k1, k1_plus_1, b, average = scorer.idf, scorer.K1, scorer.K1 + 1, scorer.B, scorer.avgfl
    factors = _length_factors(k1, b, average)
    get = scores.get
    while postings.is_active():
        if postings._ids is None:
            postings._read_ids()
        if postings._weights is None:
            postings._read_weights()
        start = postings._i
        for docnum, tf in zip(islice(postings._ids, start, None), islice(postings._weights, start, None), strict=True):
            score = idf * ((tf * k1_plus_1) / (tf + factors[length_bytes[docnum]]))
            scores[docnum] = get(docnum, 0.0) + score * term_boost * boost
        postings._next_block()
