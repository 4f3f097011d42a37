"""Arbitrary queries give results or a one-line domain error, never a traceback."""

import os
import re
import resource

import pytest
from corpus_helpers import DOCS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nasty import NASTY_QUERIES
from reference import assert_same_results, whooshs_right
from strength import examples

from parlzoek.errors import ParlzoekError
from parlzoek.query.language import known_field_names

pytestmark = pytest.mark.slow  # minutes of processes, fuzzing or the Chamber corpus: not the quick lane

SYNTAX = st.sampled_from(['"', "(", ")", "-", "+", "*", "?", "~", "~2", ":", "[", "]", "{", "}", "^", " AND ", " OR ",
                          " NOT ", " NIET ", " EN ", " OF ", "minister:", "jaar:", "nr:", "datum:[", " to ", "titel:",
                          "thema:", "foo:", "\\", "'", "\x00", "\x1b[31m", "é", "ß", "𝔘", " "])  # fmt: skip
WORDS = st.sampled_from(["maatwerkbedrijven", "economie", "accijns", "2017", "homans", "ocmw", "belastingfraude", "a"])
QUERIES = st.lists(st.one_of(SYNTAX, WORDS, st.text(max_size=8)), max_size=12).map("".join)

# Queries built by the grammar, not from loose characters: a field-restricted phrase of three words
# (``vraagsteller:"van den bergh"``) needs eight tokens in one order, which ``QUERIES`` all but
# never strings together; it raised from deep inside the search. Here every field, alias and
# value kind meets phrases of one to six words, inside groups, negated and beside filters.
FIELDS = sorted(known_field_names())
VALUE_WORDS = st.sampled_from(["liesbeth", "homans", "johan", "van", "de", "2017", "687", "accijns", "d1", "a"])
NAMES = {"title": ["titel", "title"], "question": ["vraag", "question"], "answer": ["antwoord", "answer"],
         "minister": ["minister"]}  # fmt: skip


def _runs(field_names):
    """A run of one to six words of a field of the test corpus, as ``field:"run"``, under any of
    ``field_names``: so the phrase often exists in the field it is looked for in."""
    texts = [(key, re.findall(r"\w+", doc[key])) for doc in DOCS for key in NAMES if doc.get(key)]
    return st.sampled_from(texts).flatmap(
        lambda text: st.tuples(
            st.sampled_from(field_names(text[0])), st.integers(0, len(text[1]) - 1), st.integers(1, 6)
        ).map(lambda at: f'{at[0]}:"{" ".join(text[1][at[1] : at[1] + at[2]])}"')
    )


PHRASES = st.lists(VALUE_WORDS, min_size=1, max_size=6).map(lambda words: '"' + " ".join(words) + '"')
FIELD_PHRASES = st.one_of(
    _runs(NAMES.__getitem__),  # in its own field
    _runs(lambda _: FIELDS),  # in any field, ids, numbers and dates too
    st.builds("{}:{}".format, st.sampled_from(FIELDS), st.one_of(PHRASES, VALUE_WORDS)),
)
FILTERS = st.sampled_from(["jaar:2017", "minister:homans", "datum:>2017-03", "nr:687", "thema:accijns", "jaar:2016"])
TERMS = st.one_of(FIELD_PHRASES, WORDS, PHRASES, FILTERS)


def _clauses(inner):
    joined = st.tuples(inner, st.sampled_from([" ", " OR ", " AND ", " EN ", " OF ", " NIET ", " -"]), inner)
    return st.one_of(
        st.builds("({})".format, inner),
        st.builds("-{}".format, inner),
        st.builds("NIET {}".format, inner),
        joined.map("".join),
    )


STRUCTURED = st.lists(st.recursive(TERMS, _clauses, max_leaves=6), min_size=1, max_size=3).map(" ".join)


FUZZING = settings(
    max_examples=int(os.environ.get("PARLZOEK_FUZZ_EXAMPLES", "400")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


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


@FUZZING
@given(QUERIES)
def test_any_query_gives_results_or_a_domain_error(engine, bounded_memory, text):
    assert_results_or_a_domain_error(engine, text)


@FUZZING
@given(STRUCTURED)
def test_any_structured_query_gives_results_or_a_domain_error(engine, bounded_memory, text):
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


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(QUERIES, STRUCTURED, st.lists(WORDS, min_size=1, max_size=6).map(" ".join)))
def test_accumulating_ors_find_and_score_what_whooshs_matcher_tree_does(engine, bounded_memory, text):
    from parlzoek.engine.reading.collect import collect

    try:
        ours, whooshs = engine.query_for(text), engine.query_for(text)
    except ParlzoekError:
        return
    found = [(hit.docnum, hit.score) for hit in collect(engine.searcher, ours, None)]
    assert_same_results(found, whooshs_right(engine, whooshs))  # Whoosh's own, its AND NOT slip put right
