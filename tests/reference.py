"""What Whoosh should have found, for tests to compare with: Whoosh 2.7.4 gets small number ranges
wrong (ranges are checked against the documents that really hold such a value) and its AND NOT
can keep an excluded document (exclusions are taken out after the search). And what parlzoek
means by a query's grams, which Whoosh's plain OR cannot say: a document they alone bring must
hold at least ``minimum`` of them (``without_weak_grams``)."""

import datetime as dt

from whoosh.query import NumericRange
from whoosh.util.times import datetime_to_long


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
    """Whoosh's results and scores, less the documents only a few of the query's grams brought."""
    found = [(hit.docnum, hit.score) for hit in engine.searcher.search(query, limit=None)]
    kept = without_weak_grams(engine, query, found)
    return kept if limit is None else kept[:limit]


def without_weak_grams(engine, query, found: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """``found`` without the documents that the query without its grams does not match and that
    hold fewer than ``minimum`` of them, worked out from Whoosh's own matchers."""
    from collections import Counter

    from whoosh.query import NullQuery

    from parlzoek.ranking.extras import GramExtras

    grams = [node for node in nodes_of(query) if isinstance(node, GramExtras)]
    if not grams:
        return found
    (node,) = grams
    held: Counter = Counter()
    for term in node.subqueries:
        for searcher, offset in engine.searcher.leaf_searchers():
            matcher = term.matcher(searcher, searcher.boolean_context())
            held.update(offset + docnum for docnum in matcher.all_ids())
    without = query.accept(lambda n: NullQuery if isinstance(n, GramExtras) else n)
    words = {hit.docnum for hit in engine.searcher.search(without, limit=None)}
    needed = node.minimum
    return [(docnum, score) for docnum, score in found if docnum in words or held[docnum] >= needed]


def nodes_of(query):
    """The query and every node under it."""
    yield query
    for child in () if query.is_leaf() else query.children():
        yield from nodes_of(child)
