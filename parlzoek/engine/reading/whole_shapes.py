"""Query shapes read whole with arrays: the ANDs and AND-MAYBEs around our ORs (words and filters,
a quoted phrase with its extras), their scores added up in the query's order (Whoosh adds an
AND's along a tree ordered by its parts' sizes: the same sums within rounding).
"""

from __future__ import annotations

import functools

import numpy as np
from whoosh.query import And, AndMaybe

from parlzoek.engine.reading.array_nodes import AccumulatingOr, AdjacentPair, is_or, part_of, planned
from parlzoek.engine.reading.array_ranges import ArrayRange
from parlzoek.engine.reading.block_scores import DecodedPostings, SegmentTables
from parlzoek.engine.reading.or_parts import Candidates, OrPart, PairPart, Scored, as_dense, mark_counted_pairs

FEW = 4  # documents allowed: under a FEW-th of a segment's, word pairs are read for those only


def whole_scores(query, searcher, context, matches_only: bool = False, allowed=None) -> Scored | None:
    """A query's live documents and scores read whole with arrays, for the shapes around our ORs:
    a quoted phrase with its extras (``AndMaybe``: Whoosh adds the extras' score where they
    match), words and filters (an AND adds them up), a range alone (its boost). ``None`` for
    anything else, which Whoosh's matchers step through. With ``matches_only`` (facets), the
    word pairs that cannot add a document are not read and the scores are partial. ``allowed``:
    the only documents whose scores the caller keeps, so word pairs may be read for them alone."""
    if isinstance(query, ArrayRange):
        return query.scored(searcher)
    if isinstance(query, (AccumulatingOr, AdjacentPair)):
        return _planned_whole(query, searcher, context, matches_only, allowed)
    if query.boost == 1.0 and type(query) is And:
        return _all_of(query.subqueries, searcher, context, matches_only, allowed)
    if query.boost == 1.0 and type(query) is AndMaybe:
        return _with_optional(query, searcher, context, matches_only, allowed)
    return None


def _planned_whole(query, searcher, context, matches_only: bool, allowed) -> Scored | None:
    plan = planned(query, searcher, context)
    if plan is None:
        return None
    pairs = list(plan.leaves()) if isinstance(plan, OrPart) else [plan]  # a pair, or a phrase of three words or more
    if matches_only and isinstance(plan, OrPart):
        mark_counted_pairs(plan)
        plan = _without_counted_pairs(plan)
    elif allowed is not None and len(allowed) * FEW < plan.tables.size:
        candidates = Candidates(allowed.tolist())
        for pair in (leaf for leaf in pairs if isinstance(leaf, PairPart)):
            if not pair.decoded.has_pair(pair.tables.reader, pair.words):  # else read whole already
                pair.chosen = pair.for_candidates(candidates)
    return plan.scored()


def _with_optional(query, searcher, context, matches_only: bool, allowed) -> Scored | None:
    required = whole_scores(query.a, searcher, context, matches_only, allowed)
    if matches_only or required is None:  # the optional side adds no document
        return required
    optional = whole_scores(query.b, searcher, context, allowed=required.docnums)
    if optional is None:
        return None
    return _maybe(required, optional, searcher.reader().doc_count_all())


def _all_of(children, searcher, context, matches_only: bool, allowed) -> Scored | None:
    """Words AND filters (``sociale zekerheid jaar:2017 minister:financien``, ``a AND b``): the
    filters read first, the words' pairs then only for the documents that pass them all, the
    scores added up in the order of the parts."""
    if not children:
        return None
    words = [child for child in children if is_or(child)]
    others = [child for child in children if not is_or(child)]
    read = {id(child): read_whole(child, searcher, context) for child in others}
    passing = [read[id(child)].docnums for child in others] + ([allowed] if allowed is not None else [])
    narrowed = functools.reduce(np.intersect1d, passing) if passing else None
    for child in words:
        read[id(child)] = whole_scores(child, searcher, context, matches_only, narrowed)
    size = searcher.reader().doc_count_all()
    return functools.reduce(lambda first, second: _both(first, second, size), (read[id(child)] for child in children))


def read_whole(query, searcher, context) -> Scored:
    """Any part of an AND (a filter, say): one of our shapes read with arrays, a term scored whole,
    anything else stepped through as Whoosh would; live documents only."""
    found = whole_scores(query, searcher, context)
    if found is not None:
        return found
    tables = SegmentTables(searcher.reader())
    part = part_of(query.matcher(searcher, context), True, tables, DecodedPostings())
    if part is None:
        return Scored(np.zeros(0, np.int64), np.zeros(0))
    docnums, scores = part.scored()
    live = tables.live()  # a term read whole still holds the deleted documents
    return Scored(docnums, scores) if live is None else Scored(docnums[live[docnums]], scores[live[docnums]])


def _without_counted_pairs(plan: OrPart) -> OrPart:
    """The plan without the pairs whose first word, a part of it, already brings their documents."""
    parts = [
        _without_counted_pairs(part) if type(part) is OrPart else part
        for part in plan.parts
        if not (isinstance(part, PairPart) and part.counted)
    ]
    return OrPart(parts, plan.boost, plan.tables, minimum=plan.minimum)


def _maybe(required: Scored, optional: Scored, size: int) -> Scored:
    """``required`` plus ``optional`` where that matches too (adding 0.0 elsewhere changes no float)."""
    extra, _ = as_dense(optional, size)
    return Scored(required.docnums, required.scores + extra[required.docnums])


def _both(first: Scored, second: Scored, size: int) -> Scored:
    """Where both match, the sum of the two (a sum of two is the same float in either order)."""
    scores, matched = as_dense(first, size)
    both = matched[second.docnums]
    kept = second.docnums[both]
    order = np.argsort(kept)
    docnums, extra = kept[order], second.scores[both][order]
    return Scored(docnums, scores[docnums] + extra)
