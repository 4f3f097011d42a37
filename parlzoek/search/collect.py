"""Collecting a query's matches from Whoosh, in the ways that suit our wide OR queries."""

from __future__ import annotations

import functools
import heapq
import math
from bisect import insort
from dataclasses import dataclass

import numpy as np
from whoosh.matching import NullMatcherClass
from whoosh.query import And, AndMaybe, NumericRange, Or, Phrase

from parlzoek.search.blockscore import DecodedPostings, SegmentTables, bm25_postings, bm25_scored, unfiltered
from parlzoek.search.plans import (
    Candidates,
    MatcherPart,
    OrPart,
    PairPart,
    Scored,
    ScoreTable,
    TermPart,
    add_matches,
    mark_counted_pairs,
)
from parlzoek.search.pruning import best_scores
from parlzoek.search.ranges import ArrayRange


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
    more that was most of a long query's time (10,000 documents, titles of 18 words: 704 -> 278
    ms), and then stepped every match through four calls. Here every OR adds up its parts'
    scores for all documents at once (``AccumulatingOr``; ``plans``), and the best are taken from
    that table directly; with a ``limit``, an OR at the top reads its word pairs only for the
    documents that can still make it (``pruning``).
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
    whole = _whole(query, searcher, context, matches_only=True)
    return whole.docnums.tolist() if whole is not None else _scores(query.matcher(searcher, context))


def _prepared(searcher, query):
    """The query with our ORs and word pairs in place, sharing one search's decoded postings."""
    decoded = DecodedPostings()
    return query.accept(lambda node: _accumulating(node, decoded)), searcher.context(), decoded


def _segment_scores(query, searcher, context, limit: int | None, floor: float) -> tuple[dict[int, float], int]:
    if limit and _several_parts(query):
        return best_scores(query.plan(searcher, context), limit, floor)
    if limit and (filtered := _filtered_or(query)):
        words, required = filtered
        if isinstance(required, ArrayRange):
            also = required.scored(searcher)
        else:
            also = MatcherPart(required.matcher(searcher, context), scored=True).scored()
        return best_scores(words.plan(searcher, context), limit, floor, also)
    if (whole := _whole(query, searcher, context)) is not None:
        docnums, scores = whole
        return dict(zip(docnums.tolist(), scores.tolist(), strict=True)), len(docnums)
    scores = _scores(query.matcher(searcher, context))
    return scores, len(scores)


def _whole(query, searcher, context, matches_only: bool = False) -> Scored | None:
    """A query's live documents and scores read whole with arrays, for the shapes around our ORs:
    a quoted phrase with its extras (``AndMaybe``: Whoosh adds the extras' score where they
    match), words and filters (an AND adds them up), a range alone (its boost). ``None`` for
    anything else, which Whoosh's matchers step through. With ``matches_only`` (facets), the
    word pairs that cannot add a document are not read and the scores are partial."""
    if isinstance(query, ArrayRange):
        return query.scored(searcher)
    if isinstance(query, (AccumulatingOr, AdjacentPair)):
        return _planned_whole(query, searcher, context, matches_only)
    if query.boost == 1.0 and type(query) is And:
        return _all_of(query.subqueries, searcher, context, matches_only)
    if query.boost == 1.0 and type(query) is AndMaybe:
        return _with_optional(query, searcher, context, matches_only)
    return None


def _planned_whole(query, searcher, context, matches_only: bool) -> Scored | None:
    plan = _planned(query, searcher, context)
    if matches_only and isinstance(plan, OrPart):
        mark_counted_pairs(plan)
        plan = _without_counted_pairs(plan)
    return plan.scored() if plan is not None else None


def _with_optional(query, searcher, context, matches_only: bool) -> Scored | None:
    if matches_only:  # the optional side adds no document
        return _whole(query.a, searcher, context, matches_only)
    required, optional = (_whole(sub, searcher, context) for sub in (query.a, query.b))
    if required is None or optional is None:
        return None
    return _maybe(required, optional, searcher.reader().doc_count_all())


def _all_of(children, searcher, context, matches_only: bool) -> Scored | None:
    """Words AND filters (``sociale zekerheid jaar:2017 minister:financien``, ``a AND b``): the
    filters read first, the words' pairs then only for the documents that pass them all, the scores added up
    in the order of Whoosh's tree of intersections (the largest estimates first). ``None`` where
    that order is not certain (two estimates alike) or a part cannot be read whole."""
    reader = searcher.reader()
    steps = _whooshs_tree([0 - child.estimate_size(reader) for child in children])
    if steps is None:
        return None
    words = [child for child in children if _several_parts(child)]
    others = [child for child in children if not _several_parts(child)]
    read = {id(child): _read_whole(child, searcher, context) for child in others}
    if any(found is None for found in read.values()):
        return None
    allowed = functools.reduce(np.intersect1d, [read[id(child)].docnums for child in others]) if others else None
    for child in words:
        read[id(child)] = _words_for(child, searcher, context, allowed, matches_only)
    found = [read[id(child)] for child in children]
    for a, b in steps:
        found[a] = _both(found[a], found[b], reader.doc_count_all())
    return found[steps[-1][0]] if steps else found[0]


def _read_whole(query, searcher, context) -> Scored | None:
    """Any part of an AND: one of our shapes, or a leaf such as ``minister:financien`` (a term is
    scored with arrays, anything else stepped through as Whoosh would)."""
    whole = _whole(query, searcher, context)
    if whole is not None or not query.is_leaf():
        return whole
    tables = SegmentTables(searcher.reader())
    part = _part_of(query.matcher(searcher, context), True, tables, DecodedPostings())
    return part.scored() if part is not None else Scored(np.zeros(0, np.int64), np.zeros(0))


def _words_for(words, searcher, context, allowed, matches_only: bool) -> Scored:
    plan = words.plan(searcher, context)
    mark_counted_pairs(plan)
    if matches_only:
        return _without_counted_pairs(plan).scored()
    if allowed is not None:  # a pair's scores matter only where every filter holds
        candidates = Candidates(allowed.tolist())
        for leaf in plan.leaves():
            if isinstance(leaf, PairPart):
                leaf.chosen = leaf.for_candidates(candidates)
    return plan.scored()


def _whooshs_tree(weights: list[int]) -> list[tuple[int, int]] | None:
    """The order in which Whoosh's ``make_weighted_tree`` intersects an AND's parts: the two
    lightest combined first, again and again, as (kept, added) positions. Its order among equal
    weights depends on how its matchers compare, so then ``None``: the case is left to Whoosh."""
    pending = sorted(zip(weights, range(len(weights)), strict=True), key=lambda item: item[0])
    if len(pending) > 2 and len(set(weights)) < len(weights):
        return None
    steps = []
    while len(pending) > 1:
        (light, a), (next_light, b) = pending.pop(0), pending.pop(0)
        weight = light + next_light
        if len(pending) > 1 and any(w == weight for w, _ in pending):
            return None
        steps.append((a, b))
        insort(pending, (weight, a), key=lambda item: item[0])
    return steps


def _without_counted_pairs(plan: OrPart) -> OrPart:
    """The plan without the pairs whose first word, a part of it, already brings their documents."""
    parts = [
        _without_counted_pairs(part) if isinstance(part, OrPart) else part
        for part in plan.parts
        if not (isinstance(part, PairPart) and part.counted)
    ]
    return OrPart(parts, plan.boost, plan.tables)


def _dense(part: Scored, size: int):
    scores, matched = np.zeros(size), np.zeros(size, dtype=bool)
    scores[part.docnums], matched[part.docnums] = part.scores, True
    return scores, matched


def _maybe(required: Scored, optional: Scored, size: int) -> Scored:
    """``required`` plus ``optional`` where that matches too (adding 0.0 elsewhere changes no float)."""
    extra, _ = _dense(optional, size)
    return Scored(required.docnums, required.scores + extra[required.docnums])


def _both(first: Scored, second: Scored, size: int) -> Scored:
    """Where both match, the sum of the two (a sum of two is the same float in either order)."""
    scores, matched = _dense(first, size)
    docnums = np.sort(second.docnums[matched[second.docnums]])
    extra, _ = _dense(second, size)
    return Scored(docnums, scores[docnums] + extra[docnums])


def _filtered_or(query):
    """(the words, the filter) of an AND of an OR of words and one filter (``jaar:2017 accijns``,
    as ``restrict_by_filters`` builds it), or ``None``. Whoosh scores it as the sum of the two."""
    if type(query) is not And or query.boost != 1.0 or len(query.subqueries) != 2:
        return None
    first, second = query.subqueries
    if _several_parts(first):
        return first, second
    return (second, first) if _several_parts(second) else None


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


def _accumulating(node, decoded: DecodedPostings):
    if isinstance(node, NumericRange) and node.constantscore:
        return ArrayRange.of(node)
    if isinstance(node, Or):
        node = AccumulatingOr(node.subqueries, boost=node.boost)
    elif type(node) is Phrase and len(node.words) == 2 and node.slop == 1:
        node = AdjacentPair(node.fieldname, node.words, boost=node.boost, char_ranges=node.char_ranges)
    else:
        return node
    node.decoded = decoded
    return node


class AccumulatingOr(Or):
    """An OR matched part at a time: each part's documents and scores are read whole (a word in a
    field from the flat postings, with numpy) and added up in arrays the size of the segment. The
    same documents and scores as Whoosh's tree of union matchers (tests hold them to it); Whoosh
    steps every posting through a dozen calls and rebuilds its tree every ten matches: long
    titles at 10,000 documents took 704 ms that way."""

    decoded: DecodedPostings | None = None  # shared by the nodes of one search (see ``collect``)

    def _matcher(self, subs, searcher, context):
        plan = self.plan(searcher, context)
        return ScoreTable(plan.table(), plan.matchers)

    def plan(self, searcher, context) -> OrPart:
        """The parts of this OR in one segment, not yet read."""
        scored = context.weighting is not None if context else True
        tables, decoded = SegmentTables(searcher.reader()), self.decoded or DecodedPostings()
        parts, matchers = [], []
        for sub in self.subqueries:
            part = _planned(sub, searcher, context) if scored else None
            if part is None:
                matcher = sub.matcher(searcher, context)
                matchers.append(matcher)
                part = _part_of(matcher, scored, tables, decoded)
            if part is not None:
                parts.append(part)
        return OrPart(parts, self.boost, tables, matchers)


def _planned(sub, searcher, context):
    if isinstance(sub, AccumulatingOr) and len(sub.subqueries) == 1:
        return _planned(sub.subqueries[0], searcher, context)  # Whoosh matches its one part, boost ignored
    if _several_parts(sub) or isinstance(sub, AdjacentPair):
        return sub.plan(searcher, context)
    return None


def _several_parts(query) -> bool:
    """An OR of one part is that part, its boost ignored: Whoosh matches it so."""
    return isinstance(query, AccumulatingOr) and len(query.subqueries) > 1


def _part_of(matcher, scored: bool, tables: SegmentTables, decoded: DecodedPostings):
    """A term scored whole (BM25F), nothing for a term this segment lacks, else the matcher itself."""
    postings = bm25_postings(matcher, tables.deleted) if scored else None
    if postings and tables.lengths(postings[0].term()[0]) is not None:
        return TermPart(postings[0], postings[1], tables, decoded)
    if type(matcher) is NullMatcherClass:
        return None
    return MatcherPart(matcher, scored)


class AdjacentPair(Phrase):
    """Two words next to each other, as Whoosh's ``Phrase`` finds and scores them (the sum of both
    words' scores), found by reading each word's postings once and checking positions only where
    both occur. Whoosh steps an intersection of the two, document by document, in a dozen calls
    each: our word pairs were half of a query's time (30,000 documents)."""

    decoded: DecodedPostings | None = None  # shared by the nodes of one search (see ``collect``)

    def matcher(self, searcher, context=None):
        plan = self.plan(searcher, context) if self.fieldname in searcher.schema else None
        return ScoreTable(plan.table()) if plan is not None else super().matcher(searcher, context)

    def plan(self, searcher, context) -> PairPart | None:
        """Both words' postings in one segment, not yet read; ``None`` where only Whoosh's phrase
        matcher can do (another scoring, a word missing)."""
        weighting = context.weighting if context else searcher.weighting
        field, reader = searcher.schema[self.fieldname], searcher.reader()
        words = [field.to_bytes(word) for word in self.words]
        tables = SegmentTables(reader)
        if weighting is None or tables.lengths(self.fieldname) is None:
            return None
        if not all((self.fieldname, word) in reader for word in words):
            return None
        postings = [
            unfiltered(searcher.postings(self.fieldname, word, weighting=weighting), tables.deleted) for word in words
        ]
        if not all(bm25_scored(p) for p in postings):
            return None
        decode = field.format.decoder("positions")
        return PairPart(postings, self.boost, tables, self.decoded or DecodedPostings(), decode)
