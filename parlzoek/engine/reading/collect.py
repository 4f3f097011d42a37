"""Collecting a query's matches from Whoosh, in the ways that suit our wide OR queries."""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass

from whoosh.query import And

from parlzoek.engine.reading.array_nodes import accumulating, is_or
from parlzoek.engine.reading.block_scores import DecodedPostings
from parlzoek.engine.reading.or_parts import ScoreTable, add_matches
from parlzoek.engine.reading.pair_pruning import best_scores
from parlzoek.engine.reading.whole_shapes import read_whole, whole_scores


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


def collect(searcher, query, limit: int | None, ties: bool = False) -> Collected:
    """The ``limit`` best matches (all with ``None``), scored and counted exactly; with ``ties``, also
    every other match that scores as much as the last of them.

    Whoosh's collectors rebuild the tree of matchers every ten matches, asking each node for its
    best possible score, and skip blocks by that score; with our queries of a hundred leaves and
    more that is most of a long query's time, and they step every match through four calls.
    Here every OR adds up its parts' scores for all documents at once (``AccumulatingOr``;
    ``plans``), and the best are taken from that table directly; with a ``limit``, an OR at the
    top reads its word pairs only for the documents that can still make it (``pruning``).
    """
    found: list[tuple[float, int]] = []
    total = 0
    query, context, decoded = _prepared(searcher, query)
    for subsearcher, offset in searcher.leaf_searchers():
        scores, count = _segment_scores(query, subsearcher, context, limit, _kth_best(found, limit))
        decoded.forget(subsearcher.reader())
        total += count
        found.extend((score, offset + docnum) for docnum, score in _best(scores, limit))
    best = sorted(found, key=_best_first)
    if limit and len(best) > limit:
        last = best[limit - 1][0]
        best = [match for match in best if match[0] >= last] if ties else best[:limit]
    return Collected([Match(docnum, score) for score, docnum in best], total)


def matching_docnums(searcher, query) -> list[int]:
    """Every document ``query`` matches, unranked: for counting them by facet."""
    query, context, _ = _prepared(searcher, query)
    return [
        offset + docnum
        for subsearcher, offset in searcher.leaf_searchers()
        for docnum in _matching(query, subsearcher, context)
    ]


def _matching(query, searcher, context):
    found = whole_scores(query, searcher, context, matches_only=True)
    return found.docnums.tolist() if found is not None else _scores(query.matcher(searcher, context))


def _prepared(searcher, query):
    """The query with our ORs, phrases and ranges in place (``nodes``), sharing one search's decoded postings."""
    decoded = DecodedPostings()
    return query.accept(lambda node: accumulating(node, decoded)), searcher.context(), decoded


def _segment_scores(query, searcher, context, limit: int | None, floor: float) -> tuple[dict[int, float], int]:
    if limit and is_or(query):
        return best_scores(query.plan(searcher, context), limit, floor)
    if limit and (filtered := _filtered_or(query)):
        words, required = filtered
        return best_scores(words.plan(searcher, context), limit, floor, read_whole(required, searcher, context))
    if (found := whole_scores(query, searcher, context)) is not None:
        docnums, scores = found
        return dict(zip(docnums.tolist(), scores.tolist(), strict=True)), len(docnums)
    scores = _scores(query.matcher(searcher, context))
    return scores, len(scores)


def _filtered_or(query):
    """(the words, the filter) of an AND of an OR of words and one filter (``jaar:2017 accijns``,
    as ``restrict_by_filters`` builds it), or ``None``. Whoosh scores it as the sum of the two."""
    if type(query) is not And or query.boost != 1.0 or len(query.subqueries) != 2:
        return None
    first, second = query.subqueries
    if is_or(first):
        return first, second
    return (second, first) if is_or(second) else None


def _kth_best(found: list[tuple[float, int]], limit: int | None) -> float:
    """The score the best ``limit`` of the earlier segments reach: less is never needed again."""
    if not limit or len(found) < limit:
        return -math.inf
    return heapq.nlargest(limit, (score for score, _ in found))[-1]


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
    add_matches(scores, matcher, 1.0, scored=True)
    return scores
