"""Collecting a query's matches from Whoosh, in the ways that suit our wide OR queries."""

from __future__ import annotations

import heapq
from bisect import bisect_left
from dataclasses import dataclass

from whoosh.matching.combo import CombinationMatcher
from whoosh.query import Or, Phrase

from parlzoek.search.blockscore import (
    DecodedPostings,
    SegmentTables,
    add_bm25_scores,
    bm25_postings,
    bm25_scored,
    pair_scores,
    unfiltered,
)


@dataclass(frozen=True, slots=True)
class Match:
    docnum: int
    score: float


@dataclass(frozen=True, slots=True)
class Collected:
    """The best matches, best first (ties: lower document number first, as Whoosh orders them),
    and how many documents matched in all."""

    hits: list[Match]
    total: int

    def __iter__(self):
        return iter(self.hits)

    def __len__(self) -> int:
        return self.total


def collect(searcher, query, limit: int | None) -> Collected:
    """The ``limit`` best matches (all with ``None``), scored and counted exactly.

    Whoosh's collectors rebuild the tree of matchers every ten matches, asking each node for its
    best possible score, and skip blocks by that score; with our queries of a hundred leaves and
    more that was most of a long query's time (10,000 documents, titles of 18 words: 704 -> 278
    ms), and then stepped every match through four calls. Here every OR adds up its parts'
    scores per document, one part after another (``AccumulatingOr``), and the best are taken
    from that table directly.
    """
    found: list[tuple[float, int]] = []
    total = 0
    for offset, scores in _segment_scores(searcher, query):
        total += len(scores)
        found.extend((score, offset + docnum) for docnum, score in _best(scores, limit))
    best = sorted(found, key=_best_first)[:limit]
    return Collected([Match(docnum, score) for score, docnum in best], total)


def matching_docnums(searcher, query) -> list[int]:
    """Every document ``query`` matches, unranked: for counting them by facet."""
    return [offset + docnum for offset, scores in _segment_scores(searcher, query) for docnum in scores]


def _segment_scores(searcher, query):
    decoded = DecodedPostings()
    query = query.accept(lambda node: _accumulating(node, decoded))
    context = searcher.context()
    for subsearcher, offset in searcher.leaf_searchers():
        yield offset, _scores(query.matcher(subsearcher, context))


def _best(scores: dict[int, float], limit: int | None):
    """The ``limit`` best (document, score) pairs, and any that tie with the last of them: the
    cut-off score is found among the bare scores, which is cheaper than ranking the pairs."""
    if not limit or len(scores) <= limit:
        return scores.items()
    cutoff = heapq.nlargest(limit, scores.values())[-1]
    return [(docnum, score) for docnum, score in scores.items() if score >= cutoff]


def _best_first(match: tuple[float, int]) -> tuple[float, int]:
    return -match[0], match[1]


def _scores(matcher) -> dict[int, float]:
    if type(matcher) is ScoreTable:
        return matcher._scores
    scores: dict[int, float] = {}
    _add_matches(scores, matcher, 1.0, scored=True)
    return scores


def _accumulating(node, decoded: DecodedPostings):
    if isinstance(node, Or):
        node = AccumulatingOr(node.subqueries, boost=node.boost)
    elif type(node) is Phrase and len(node.words) == 2 and node.slop == 1 and not node.char_ranges:
        node = AdjacentPair(node.fieldname, node.words, boost=node.boost)
    else:
        return node
    node.decoded = decoded
    return node


class AccumulatingOr(Or):
    """An OR matched term at a time: each part's postings are read through once, their scores added
    into a table of the documents found. The same documents and scores as Whoosh's tree of union
    matchers (a property test holds them to it); long titles at 10,000 documents 278 -> 133 ms.
    Whoosh's own array version (``PreloadedOr``) does the same in blocks of 2,048 documents, but
    clears and scans every block in Python, a cost that grows with the index, not the matches."""

    decoded: DecodedPostings | None = None  # shared by the nodes of one search (see ``collect``)

    def _matcher(self, subs, searcher, context):
        scored = context.weighting is not None if context else True
        submatchers = [sub.matcher(searcher, context) for sub in subs]
        tables = SegmentTables(searcher.reader())
        scores = summed_scores(submatchers, self.boost, scored, tables, self.decoded or DecodedPostings())
        return ScoreTable(_without(scores, tables.deleted), submatchers)


class AdjacentPair(Phrase):
    """Two words next to each other, as Whoosh's ``Phrase`` finds and scores them (the sum of both
    words' scores), found by reading each word's postings once and checking positions only where
    both occur. Whoosh steps an intersection of the two, document by document, in a dozen calls
    each: our word pairs were half of a query's time (30,000 documents)."""

    decoded: DecodedPostings | None = None  # shared by the nodes of one search (see ``collect``)

    def matcher(self, searcher, context=None):
        table = self._table(searcher, context) if self.fieldname in searcher.schema else None
        return table if table is not None else super().matcher(searcher, context)

    def _table(self, searcher, context):
        weighting = context.weighting if context else searcher.weighting
        field, reader = searcher.schema[self.fieldname], searcher.reader()
        words = [field.to_bytes(word) for word in self.words]
        tables = SegmentTables(reader)
        lengths = tables.lengths(self.fieldname)
        if weighting is None or lengths is None or not all((self.fieldname, word) in reader for word in words):
            return None
        deleted = tables.deleted
        first, second = (unfiltered(searcher.postings(self.fieldname, w, weighting=weighting), deleted) for w in words)
        if not (bm25_scored(first) and bm25_scored(second)):
            return None
        decoded = self.decoded or DecodedPostings()
        scores = pair_scores(
            (first, second),
            decoded,
            reader,
            lengths=lengths,
            decode=field.format.decoder("positions"),
            boost=self.boost,
        )
        return ScoreTable(_without(scores, deleted))


def _without(scores: dict[int, float], deleted: frozenset[int]) -> dict[int, float]:
    for docnum in deleted:
        scores.pop(docnum, None)
    return scores


def summed_scores(submatchers, boost: float, scored: bool, tables: SegmentTables, decoded: DecodedPostings):
    """Each matching document's score: the sum of its sub-matchers' scores, times ``boost``."""
    scores: dict[int, float] = {}
    for matcher in submatchers:
        postings = bm25_postings(matcher, tables.deleted) if scored else None
        lengths = tables.lengths(postings[0].term()[0]) if postings else None
        if lengths is not None:
            blocks = decoded.last(tables.reader, postings[0])
            add_bm25_scores(scores, postings[0], blocks, term_boost=postings[1], lengths=lengths, boost=boost)
        elif scored and type(matcher) is ScoreTable:
            get = scores.get
            for docnum, score in matcher._scores.items():
                scores[docnum] = get(docnum, 0.0) + score * boost
        else:
            _add_matches(scores, matcher, boost, scored)
    return scores


def _add_matches(scores: dict[int, float], matcher, boost: float, scored: bool) -> None:
    get = scores.get
    while matcher.is_active():
        docnum = matcher.id()
        scores[docnum] = get(docnum, 0.0) + (matcher.score() * boost if scored else boost)
        matcher.next()


class ScoreTable(CombinationMatcher):
    """The documents of a table of scores, in order: a matcher whose work is done."""

    def __init__(self, scores: dict[int, float], submatchers=()) -> None:
        super().__init__(list(submatchers))
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
