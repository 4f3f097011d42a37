"""Collecting a query's matches from Whoosh, in the ways that suit our wide OR queries."""

from __future__ import annotations

from bisect import bisect_left

from whoosh.collectors import TopCollector, UnlimitedCollector
from whoosh.matching.combo import CombinationMatcher
from whoosh.query import Or


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
        return ScoreTable([sub.matcher(searcher, context) for sub in subs], boost=self.boost, scored=scored)


class ScoreTable(CombinationMatcher):
    """The documents any sub-matcher matches, in order, with their summed scores."""

    def __init__(self, submatchers, boost: float = 1.0, scored: bool = True) -> None:
        super().__init__(submatchers, boost=boost)
        scores: dict[int, float] = {}
        get = scores.get
        for matcher in submatchers:
            while matcher.is_active():
                docnum = matcher.id()
                scores[docnum] = get(docnum, 0.0) + (matcher.score() * boost if scored else boost)
                matcher.next()
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
