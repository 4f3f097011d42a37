"""Arbitrary queries give results or a one-line domain error, never a traceback."""

import os
import resource

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nasty import NASTY_QUERIES
from reference import whooshs_right

from parlzoek.errors import ParlzoekError

pytestmark = pytest.mark.slow  # minutes of processes, fuzzing or the Chamber corpus: not the quick lane

SYNTAX = st.sampled_from(['"', "(", ")", "-", "+", "*", "?", "~", "~2", ":", "[", "]", "{", "}", "^", " AND ", " OR ",
                          " NOT ", " NIET ", " EN ", " OF ", "minister:", "jaar:", "nr:", "datum:[", " to ", "titel:",
                          "thema:", "foo:", "\\", "'", "\x00", "\x1b[31m", "é", "ß", "𝔘", " "])  # fmt: skip
WORDS = st.sampled_from(["maatwerkbedrijven", "economie", "accijns", "2017", "homans", "ocmw", "belastingfraude", "a"])
QUERIES = st.lists(st.one_of(SYNTAX, WORDS, st.text(max_size=8)), max_size=12).map("".join)


@pytest.fixture
def bounded_memory():
    """A query may use at most 1 GB more address space: one that needs more fails as MemoryError
    instead of taking the machine down (a fuzzy query once took 12 GB)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/statm") as statm:
        in_use = int(statm.read().split()[0]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (in_use + 2**30, hard))
    yield
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@settings(
    max_examples=int(os.environ.get("PARLZOEK_FUZZ_EXAMPLES", "400")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(QUERIES)
def test_any_query_gives_results_or_a_domain_error(engine, bounded_memory, text):
    assert_results_or_a_domain_error(engine, text)


@pytest.mark.parametrize("query", NASTY_QUERIES)
def test_nasty_queries(engine, bounded_memory, query):
    assert_results_or_a_domain_error(engine, query)


def assert_results_or_a_domain_error(engine, text: str) -> None:
    try:
        results = engine.search(text, passages=2, facets=True)
    except ParlzoekError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert results.total >= len(results.hits)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(QUERIES, st.lists(WORDS, min_size=1, max_size=6).map(" ".join)))
def test_accumulating_ors_find_and_score_what_whooshs_matcher_tree_does(engine, bounded_memory, text):
    from parlzoek.search.collect import collect
    from parlzoek.search.query import parse_query

    try:
        ours, whooshs = parse_query(engine.parser, text), parse_query(engine.parser, text)
    except ParlzoekError:
        return
    found = {hit.docnum: hit.score for hit in collect(engine.searcher, ours, None)}
    expected = dict(whooshs_right(engine, whooshs))  # Whoosh's own, its AND NOT slip put right
    assert found.keys() == expected.keys()
    assert all(found[docnum] == pytest.approx(score, rel=1e-9) for docnum, score in expected.items())
