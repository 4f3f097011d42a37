"""The best ``k`` documents of an OR query, with its word pairs read for likely winners only.

Every word of a query is scored whole from the flat postings, but a pair of neighbouring words
needs positions, which only Whoosh's pickled blocks hold: decoding them for every document
holding both words was most of a long query's time. A pair adds little (its boost is 0.1) and
never more than its two words' best scores: so the query is first scored without its pairs,
and only the documents within all pairs' reach of the ``k``-th best score are then looked up in
the pairs, skipping the blocks without one (the MaxScore idea of Turtle and Flood).

What stays exact: the scores (the candidates' are added up in the query's own order, pairs
included: the very floats of the full evaluation) and the number of matching documents (a
pair's documents are its first word's, counted with it).
"""

from __future__ import annotations

import math

import numpy as np

from parlzoek.engine.reading.or_parts import (
    Candidates,
    OrPart,
    PairPart,
    Scored,
    TermPart,
    as_dense,
    mark_counted_pairs,
)

# Sums taken in another order may differ in the last bits: a document is dropped only when it
# falls short by more than this fraction of the threshold.
MARGIN = 1e-9


def best_scores(plan: OrPart, k: int, floor: float, required: Scored | None = None) -> tuple[dict[int, float], int]:
    """Exact scores of (at least) every document that can be among the best ``k`` of ``plan``,
    and how many documents match. ``floor``: a score ``k`` documents elsewhere (an earlier
    segment) already reach, so nothing below it is needed here. ``required``: the documents and
    scores of a filter each match must also pass, whose score is added (Whoosh's AND of two)."""
    mark_counted_pairs(plan)
    pairs = [(leaf, weight) for leaf, weight in weighted_leaves(plan, plan.boost) if _prunable(leaf, weight)]
    for pair, _ in pairs:
        pair.chosen = _NOTHING
    scores, matched = plan.dense()
    live = plan.tables.live()
    if live is not None:
        matched &= live
    also = _Also(required, plan.tables.size)
    matched &= also.matched
    total = int(np.count_nonzero(matched))
    if pairs:
        partial = also.added(scores)
        cut = _cut(max(floor, _kth(partial[matched], k)))
        candidates = Candidates(np.flatnonzero(matched & (partial + _reach(plan, pairs) >= cut)).tolist())
        for pair, _ in pairs:
            pair.chosen = pair.for_candidates(candidates)
        scores, _ = plan.dense()
        matched[:] = False
        matched[candidates.order] = True
    scores = also.added(scores)
    best = np.flatnonzero(matched & (scores >= max(floor, _kth(scores[matched], k))))
    return dict(zip(best.tolist(), scores[best].tolist(), strict=True)), total


class _Also:
    """A filter's documents as a mask and its scores as an array (nothing of the kind: all pass)."""

    def __init__(self, required: Scored | None, size: int) -> None:
        self.matched, self.scores = True, None
        if required is not None:
            self.scores, self.matched = as_dense(required, size)

    def added(self, scores):
        """The OR's scores plus the filter's: one IEEE addition per document, as Whoosh adds them."""
        return scores if self.scores is None else scores + self.scores


def _reach(plan: OrPart, pairs: list[tuple[PairPart, float]]):
    """The most the pairs can add to each document's score: a pair adds only where both its words
    are (each pair's first word is a part of the query; the second too, nearly always)."""
    words = {leaf.postings.term(): leaf for leaf in plan.leaves() if isinstance(leaf, TermPart)}
    holding: dict = {}  # a word's documents as a mask, made once (a middle word is in two pairs)

    def documents_of(term):
        if term not in holding:
            holding[term] = np.zeros(plan.tables.size, dtype=bool)
            holding[term][words[term].scored().docnums] = True
        return holding[term]

    reach = np.zeros(plan.tables.size)
    for pair, weight in pairs:
        first, second = (postings.term() for postings in pair.words)
        both = documents_of(first) & documents_of(second) if second in words else documents_of(first)
        reach[both] += pair.bound * weight
    return reach


def weighted_leaves(plan: OrPart, weight: float):
    """The plan's parts that read postings, through nested ORs, each with the product of the
    boosts above it: what one of its scores adds to a document's."""
    for part in plan.parts:
        if isinstance(part, OrPart):
            yield from weighted_leaves(part, weight * part.boost)
        else:
            yield part, weight


def _prunable(leaf, weight: float) -> bool:
    """A pair counted with its first word, which can only add to a score (a finite bound, a
    weight of at least 0): everything else is read in full."""
    return isinstance(leaf, PairPart) and leaf.counted and leaf.bound < math.inf and 0 <= weight < math.inf


def _kth(scores, k: int) -> float:
    """The ``k``-th highest of ``scores`` (a numpy array), or -inf if there are fewer."""
    if len(scores) < k:
        return -math.inf
    return float(np.partition(scores, len(scores) - k)[len(scores) - k])


def _cut(threshold: float) -> float:
    return threshold - MARGIN * abs(threshold) - MARGIN


_NOTHING = Scored(np.zeros(0, np.int64), np.zeros(0))  # a pair's scores before it is read
