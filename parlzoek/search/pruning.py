"""The best ``k`` documents of a wide OR query, without scoring every document in full.

A title query is a dozen words, each looked for in five fields, plus the pairs of neighbouring
words: a hundred parts of very unequal strength (a rare word can add 8 to a score, a common
word's title field 0.3, a pair 0.2). The parts are read strongest first, adding to every
document's score. Once the ``k``-th best score so far is higher than all the parts still unread
could add together, no document not yet found can reach the best ``k``: the remaining parts are
read only for the documents that still can, skipping the blocks of postings without one (the
"MaxScore" idea of Turtle and Flood, part at a time). Word pairs, read last, then need their
positions decoded for a few hundred documents instead of tens of thousands.

What stays exact: the scores (each part's contribution is kept and, for the documents returned,
added up in the query's own order, the very floats of the full evaluation) and the number of
matching documents (the parts read for candidates still count every document they hold; a
pair's documents are its first word's, counted with it).
"""

from __future__ import annotations

import heapq
import math

from parlzoek.search.plans import Candidates, OrPart, PairPart, TermPart, mark_counted_pairs, without

# Sums taken in another order may differ in the last bits: a document is dropped only when it
# falls short by more than this fraction of the threshold.
MARGIN = 1e-9


def best_scores(plan: OrPart, k: int, floor: float) -> tuple[dict[int, float], int]:
    """Exact scores of (at least) every document that can be among the best ``k`` of ``plan``,
    and how many documents match. ``floor``: a score ``k`` documents elsewhere (an earlier
    segment) already reach, so nothing below it is needed here."""
    leaves = list(_weighted_leaves(plan, plan.boost))
    deleted = plan.tables.deleted
    _keep_paired_words(leaves)
    order = sorted(range(len(leaves)), key=lambda i: -leaves[i][0].bound * leaves[i][1])
    rest = _bounds_after(leaves, order)
    tables: dict[int, dict[int, float]] = {id(leaf): {} for leaf, _ in leaves}
    partial: dict[int, float] = {}
    threshold = floor
    step = 0
    while step < len(order):
        leaf, weight = leaves[order[step]]
        leaf.add(tables[id(leaf)], 1.0)
        _add(partial, tables[id(leaf)], weight)
        step += 1
        if len(partial) >= k and rest[step] < max(partial.values()):
            threshold = max(threshold, _kth_above(partial, deleted, rest[step], k))
        if rest[step] < _cut(threshold):
            break
    without(partial, deleted)
    if step == len(order):
        threshold = max(threshold, _kth(partial.values(), k))
        return _exact(plan, tables, _still_possible(partial, partial, 0.0, threshold)), len(partial)
    mark_counted_pairs(plan)
    matched = set(partial)
    candidates = _still_possible(partial, partial, rest[step], threshold)
    for at in range(step, len(order)):
        leaf, weight = leaves[order[at]]
        leaf.add_for(tables[id(leaf)], 1.0, Candidates(candidates), matched)
        _add(partial, tables[id(leaf)], weight)
        if len(candidates) > k:
            threshold = max(threshold, _kth((partial[docnum] for docnum in candidates), k))
        candidates = _still_possible(partial, candidates, rest[at + 1], threshold)
    return _exact(plan, tables, candidates), len(matched - deleted)


def prunable(plan: OrPart) -> bool:
    """Whether every part's weight is positive and finite (bounds are upper bounds only then)."""
    return all(0 < weight < math.inf for _, weight in _weighted_leaves(plan, plan.boost))


def _keep_paired_words(leaves) -> None:
    """Words are read before their pairs (stronger first): their decoded postings are kept for
    the pairs, which read them again (for candidates only if they can)."""
    paired = {postings.term() for leaf, _ in leaves if isinstance(leaf, PairPart) for postings in leaf.words}
    for leaf, _ in leaves:
        if isinstance(leaf, TermPart) and leaf.postings.term() in paired:
            leaf.keep = True


def _weighted_leaves(plan: OrPart, weight: float):
    """The plan's parts that read postings, through nested ORs, each with the product of the
    boosts above it: what one of its scores adds to a document's."""
    for part in plan.parts:
        if isinstance(part, OrPart):
            yield from _weighted_leaves(part, weight * part.boost)
        else:
            yield part, weight


def _bounds_after(leaves, order: list[int]) -> list[float]:
    """For each step, the most the parts after it can still add."""
    rest = [0.0] * (len(order) + 1)
    for step in range(len(order) - 1, -1, -1):
        leaf, weight = leaves[order[step]]
        rest[step] = rest[step + 1] + leaf.bound * weight
    return rest


def _add(scores: dict[int, float], table: dict[int, float], boost: float) -> None:
    get = scores.get
    for docnum, score in table.items():
        scores[docnum] = get(docnum, 0.0) + score * boost


def _kth_above(partial: dict[int, float], deleted: frozenset[int], rest: float, k: int) -> float:
    """The ``k``-th best score so far if it is above ``rest`` (plus the margin), else -inf: only
    then can the parts still unread no longer bring in another document, and only the scores
    above it need ranking (a few, not all)."""
    level = (rest + MARGIN) / (1 - MARGIN)
    return _kth(filter(level.__lt__, without(partial, deleted).values()), k)


def _kth(scores, k: int) -> float:
    best = heapq.nlargest(k, scores)
    return best[-1] if len(best) == k else float("-inf")


def _cut(threshold: float) -> float:
    return threshold - MARGIN * abs(threshold) - MARGIN


def _still_possible(partial: dict[int, float], docnums, rest: float, threshold: float) -> list[int]:
    cut = _cut(threshold) - rest
    return [docnum for docnum in docnums if partial[docnum] >= cut]


def _exact(plan: OrPart, tables: dict[int, dict[int, float]], docnums: list[int]) -> dict[int, float]:
    """The documents' scores added up part after part in the query's order, nested ORs first, as
    ``OrPart.table`` adds them: the same floats as scoring everything."""
    scores = {}
    for docnum in docnums:
        score = _exact_score(plan, tables, docnum)
        if score is not None:
            scores[docnum] = score
    return scores


def _exact_score(plan: OrPart, tables: dict[int, dict[int, float]], docnum: int) -> float | None:
    score = None
    for part in plan.parts:
        value = _exact_score(part, tables, docnum) if isinstance(part, OrPart) else tables[id(part)].get(docnum)
        if value is not None:
            score = (0.0 if score is None else score) + value * plan.boost
    return score
