"""What Whoosh finds, for tests to compare with, and how close ours must come (``assert_same_results``).

Whoosh 2.7.4 gets small number ranges wrong (ranges are checked against the documents that really
hold such a value) and its AND NOT can keep an excluded document (exclusions are taken out after
the search). The engine's own nodes (``MinimumMatchOr``, ``ConditionalWeight``) are searched with
their own Whoosh matchers (``with_adding_ors``): what they mean is said once, in the engine."""

import datetime as dt

from whoosh.query import NumericRange
from whoosh.util.times import datetime_to_long

from parlzoek.engine.nodes import with_adding_ors

REL = 1e-9  # scores summed in another order may differ in their last bits


def close(a: float, b: float) -> bool:
    return abs(a - b) <= REL * max(abs(a), abs(b))


def assert_same_results(ours, theirs, limit: int | None = None) -> None:
    """The oracle: ``ours`` and ``theirs`` ((docnum, score) pairs, best first) hold the same
    documents, each scored alike within ``REL`` relative, in the same order except among
    documents whose scores are alike. With ``limit``, ``ours`` is the best ``limit`` of all of
    ``theirs``: where the last of them ties, any of the tied may make it."""
    ours, theirs = list(ours), list(theirs)
    scores = dict(theirs)
    assert len(scores) == len(theirs), "a document twice"
    if limit is None:
        assert {docnum for docnum, _ in ours} == set(scores), "other documents"
        assert len(ours) == len(theirs)
    else:
        assert len(ours) == min(limit, len(theirs))
        assert {docnum for docnum, _ in ours} <= set(scores), "documents Whoosh does not find"
        if ours:
            last = ours[-1][1]
            left_out = [score for docnum, score in theirs if docnum not in dict(ours)]
            assert all(score < last or close(score, last) for score in left_out), "a better document left out"
    for docnum, score in ours:
        assert close(score, scores[docnum]), (docnum, score, scores[docnum])
    # tie groups: runs of our order whose scores are alike; Whoosh's order must keep the groups' order
    group, groups = -1, {}
    for at, (docnum, score) in enumerate(ours):
        if at == 0 or not close(score, ours[at - 1][1]):
            group += 1
        groups[docnum] = group
    seen = [groups[docnum] for docnum, _ in theirs if docnum in groups]
    assert seen == sorted(seen), "another order"


def values_in(engine, query: NumericRange, searcher) -> list[int]:
    """The segment's live documents whose stored value lies in the range: the truth, against
    which Whoosh 2.7.4 itself fails (``nr:[1 to 40]`` matched every document)."""
    reader, found = searcher.reader(), []
    for docnum in range(reader.doc_count_all()):
        if reader.is_deleted(docnum):
            continue
        value = reader.stored_fields(docnum).get(query.fieldname)
        if value is None:
            continue
        value = datetime_to_long(value) if isinstance(value, dt.datetime) else value
        above = query.start is None or (value > query.start if query.startexcl else value >= query.start)
        below = query.end is None or (value < query.end if query.endexcl else value <= query.end)
        if above and below:
            found.append(docnum)
    return found


def as_exact_terms(engine, query):
    """The query with each range replaced by the exact values it holds, which Whoosh matches
    right: Whoosh's own scores for the same documents."""
    from whoosh.query import ConstantScoreQuery, NullQuery, Or, Term

    def exact(node):
        if not isinstance(node, NumericRange):
            return node
        field = engine.searcher.schema[node.fieldname]
        values = {
            engine.searcher.stored_fields(offset + docnum)[node.fieldname]
            for searcher, offset in engine.searcher.leaf_searchers()
            for docnum in values_in(engine, node, searcher)
        }
        terms = [Term(node.fieldname, field.to_bytes(value)) for value in sorted(values)]
        return ConstantScoreQuery(Or(terms), node.boost) if terms else NullQuery

    return query.accept(exact)


def whooshs_right(engine, query, limit=None) -> list[tuple[int, float]]:
    """Whoosh's results and scores with its two slips put right: ranges replaced by their exact
    values, and each ``a AND NOT b`` searched as ``a`` with ``b``'s documents taken out after
    (Whoosh 2.7.4's AND NOT kept a segment's first ``a`` whenever a ``b`` came before it)."""
    from whoosh.query import AndNot

    excluded: set[int] = set()

    def positive(node):
        if not isinstance(node, AndNot):
            return node
        for searcher, offset in engine.searcher.leaf_searchers():
            excluded.update(
                offset + docnum for docnum in node.b.matcher(searcher, searcher.boolean_context()).all_ids()
            )
        return node.a

    stripped = as_exact_terms(engine, query).accept(positive)
    found = [(docnum, score) for docnum, score in whooshs(engine, stripped) if docnum not in excluded]
    return found if limit is None else found[:limit]


def whooshs(engine, query, limit=None) -> list[tuple[int, float]]:
    """Whoosh's results and scores, the engine's nodes matched by their own Whoosh matchers."""
    found = [(hit.docnum, hit.score) for hit in engine.searcher.search(with_adding_ors(query), limit=None)]
    return found if limit is None else found[:limit]


def ours(engine, query, limit=None) -> list[tuple[int, float]]:
    """parlzoek's results and scores (``collect``)."""
    from parlzoek.engine.reading.collect import collect

    return [(hit.docnum, hit.score) for hit in collect(engine.searcher, query, limit)]


def nodes_of(query):
    """The query and every node under it."""
    yield query
    for child in () if query.is_leaf() else query.children():
        yield from nodes_of(child)
