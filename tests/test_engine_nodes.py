"""The engine's own nodes (``MinimumMatchOr``, ``ConditionalWeight``) on a small Whoosh index: their
Whoosh matchers against what Whoosh's own matchers say they mean, and the arrays of ``reading``
against their Whoosh matchers."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference import assert_same_results, close, whooshs
from strength import examples
from whoosh import fields, index
from whoosh.query import NullQuery, Or, Term

from parlzoek.engine.nodes import ConditionalWeight, MinimumMatchOr, with_adding_ors
from parlzoek.engine.reading.collect import collect

WORDS = ["appel", "peer", "kers", "pruim", "druif", "vijg", "dadel", "mango"]
KINDS = ["rood", "groen", "geel"]


class Engine:
    """What ``reference`` asks of an engine: a searcher."""

    def __init__(self, searcher) -> None:
        self.searcher = searcher


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    """Two segments, one with deleted documents; each document a few of ``WORDS`` in ``body``
    and one of ``KINDS`` in ``kind``."""
    schema = fields.Schema(id=fields.ID(stored=True, unique=True), body=fields.TEXT, kind=fields.TEXT)
    ix = index.create_in(str(tmp_path_factory.mktemp("nodes")), schema)
    rng = random.Random(21)
    for batch in range(2):
        with ix.writer() as writer:
            for n in range(120):
                body = " ".join(rng.choices(WORDS, k=rng.randint(1, 9)))
                writer.add_document(id=f"{batch}-{n}", body=body, kind=rng.choice(KINDS))
    with ix.writer() as writer:
        for n in range(0, 120, 7):
            writer.delete_by_term("id", f"0-{n}")
    with ix.searcher() as searcher:
        assert len(list(searcher.leaf_searchers())) == 2
        yield Engine(searcher)


def _ours(engine, query, limit=None) -> list[tuple[int, float]]:
    return [(hit.docnum, hit.score) for hit in collect(engine.searcher, query, limit)]


def _plain(engine, query) -> dict[int, float]:
    """Whoosh's own matchers, every node of ours made a plain OR (of one part: that part, boosted,
    as Whoosh's would drop the boost)."""

    def plain(node):
        if not isinstance(node, MinimumMatchOr):
            return node
        if len(node.subqueries) == 1:
            (part,) = node.subqueries
            return part.with_boost(part.boost * node.boost)
        return Or(node.subqueries, boost=node.boost)

    return {hit.docnum: hit.score for hit in engine.searcher.search(query.accept(plain), limit=None)}


def _holding(engine, term: Term) -> set[int]:
    return {
        offset + docnum
        for searcher, offset in engine.searcher.leaf_searchers()
        for docnum in term.matcher(searcher, searcher.boolean_context()).all_ids()
    }


def _by_score(scores: dict[int, float]) -> list[tuple[int, float]]:
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6, unique=True)
boosts = st.sampled_from([1.0, 0.5, 2.0])


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=words, minimum=st.integers(1, 6), boost=boosts)
def test_a_minimum_match_or_matches_where_that_many_parts_match(engine, words, minimum, boost):
    node = MinimumMatchOr([Term("body", word) for word in words], minimum, boost=boost)
    held = [_holding(engine, Term("body", word)) for word in words]
    plain = _plain(engine, node)  # Whoosh's union: every part there adds
    expected = {docnum: score for docnum, score in plain.items() if sum(docnum in h for h in held) >= minimum}
    assert_same_results(whooshs(engine, node), _by_score(expected))  # its Whoosh matcher
    assert_same_results(_ours(engine, node), _by_score(expected))  # read whole
    assert_same_results(_ours(engine, node, 5), _by_score(expected), limit=5)


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=words, others=words, minimum=st.integers(2, 6), boost=boosts, nested=st.booleans())
def test_inside_an_or_its_parts_add_to_every_document_the_or_matches(engine, words, others, minimum, *, boost, nested):
    """``nested``: through an OR of its own between them, as the ranking's extras sit."""
    node = MinimumMatchOr([Term("body", word) for word in words], minimum, boost=boost)
    extras = Or([Term("kind", "rood", boost=0.3), node]) if nested else node
    query = Or([*(Term("kind", word) for word in ("groen", *others)), extras])
    held = [_holding(engine, Term("body", word)) for word in words]
    found = set().union(*(_holding(engine, Term("kind", kind)) for kind in ("groen", "rood" if nested else "-")))
    plain = _plain(engine, query)
    expected = {
        docnum: score for docnum, score in plain.items() if docnum in found or sum(docnum in h for h in held) >= minimum
    }
    assert_same_results(whooshs(engine, query), _by_score(expected))
    assert_same_results(_ours(engine, query), _by_score(expected))


def test_plain_whoosh_would_drop_what_the_parts_add_to_their_neighbours_documents(engine):
    """Why ``with_adding_ors``: inside Whoosh's own OR the node adds only where it matches."""
    node = MinimumMatchOr([Term("body", word) for word in WORDS[:4]], 4)
    query = Or([Term("kind", "groen"), node])
    theirs = {hit.docnum: hit.score for hit in engine.searcher.search(query, limit=None)}
    adding = dict(whooshs(engine, query))
    assert theirs.keys() == adding.keys()
    assert any(not close(theirs[docnum], adding[docnum]) for docnum in theirs)
    assert with_adding_ors(query) != query and with_adding_ors(node) == node


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(word=st.sampled_from(WORDS), held=st.lists(st.sampled_from([*KINDS, "paars"]), max_size=2), share=boosts)
def test_a_conditional_weight_scales_its_part_where_a_document_holds_the_condition(engine, word, held, share):
    part = Term("body", word, boost=0.4)
    node = ConditionalWeight(part, "kind", held, share)
    holding = set().union(*(_holding(engine, Term("kind", kind)) for kind in held))
    plain = {hit.docnum: hit.score for hit in engine.searcher.search(part, limit=None)}
    expected = {docnum: score * share if docnum in holding else score for docnum, score in plain.items()}
    assert_same_results(whooshs(engine, node), _by_score(expected))
    assert_same_results(
        _ours(engine, Or([node, Term("body", "mango")])), whooshs(engine, Or([node, Term("body", "mango")]))
    )
    assert_same_results(
        _ours(engine, MinimumMatchOr([node, Term("body", "kers")], 2)),
        whooshs(engine, MinimumMatchOr([node, Term("body", "kers")], 2)),
    )


def test_an_or_of_one_part_keeps_its_boost(engine):
    term = Term("body", "peer")
    plain = {hit.docnum: hit.score * 3.0 for hit in engine.searcher.search(term, limit=None)}
    assert_same_results(_ours(engine, Or([term], boost=3.0)), _by_score(plain))
    assert_same_results(whooshs(engine, Or([term], boost=3.0)), _by_score(plain))


def test_empty_parts_leave_the_nodes(engine):
    node = MinimumMatchOr([Term("body", "peer"), NullQuery, ConditionalWeight(NullQuery, "kind", ["rood"], 0.5)], 2)
    assert node.normalize() == MinimumMatchOr([Term("body", "peer")], 2)
    assert node.accept(lambda q: q).minimum == 2
    assert ConditionalWeight(Term("body", "x"), "kind", ["rood"], 0.5).apply(lambda q: NullQuery) is NullQuery
    assert MinimumMatchOr([NullQuery], 1).normalize() is NullQuery


def test_a_conditional_weight_reads_as_its_part(engine):
    """The query as shown (``parsed``) names what is searched for; the condition only weighs."""
    part = Term("body", "peer", boost=0.4)
    assert str(ConditionalWeight(part, "kind", ["rood"], 0.5)) == str(part)
