"""Date and number ranges read as arrays find exactly the documents Whoosh's ranges find, scored alike."""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference import as_exact_terms, assert_same_results, values_in, whooshs
from strength import examples
from whoosh.query import NumericRange

from parlzoek.engine.reading import array_ranges as ranges
from parlzoek.engine.reading import collect
from parlzoek.index.build import update_index
from parlzoek.index.store import IndexHome
from parlzoek.search.service import SearchEngine

FIRST_DAY = dt.date(2016, 1, 1)


def _record(rng: random.Random, doc_id: str) -> dict:
    day = FIRST_DAY + dt.timedelta(days=rng.randrange(3 * 365))
    words = " ".join(rng.choice(["belasting", "accijns", "gemeente", "tabak", "fraude"]) for _ in range(8))
    undated = rng.random() < 0.05
    return {"id": doc_id, "number": rng.randrange(1, 5000), "date": None if undated else day.isoformat(),
            "title": words[:30], "question": words, "answer": None}  # fmt: skip


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    """Two segments, one with deleted documents: ranges must skip them as Whoosh does."""
    rng = random.Random(3)
    sources = tmp_path_factory.mktemp("ranges")
    home = IndexHome(sources.parent / f"{sources.name}-ix")
    for name, count in (("a", 300), ("b", 60)):
        lines = [json.dumps(_record(rng, f"{name}{n}")) + "\n" for n in range(count)]
        (sources / f"{name}.jsonl").write_text("".join(lines))
    update_index(home, [sources])
    changed = [_record(rng, f"c{n}") for n in range(40)]
    (sources / "b.jsonl").write_text("".join(json.dumps(r) + "\n" for r in changed))
    update_index(home, [sources])
    with SearchEngine(home) as engine:
        assert any(reader.has_deletions() for reader, _ in engine.searcher.reader().leaf_readers())
        yield engine


def _ours(engine, query, limit=None) -> list[tuple[int, float]]:
    return [(hit.docnum, hit.score) for hit in collect.collect(engine.searcher, query, limit)]


@pytest.fixture
def array_reads(monkeypatch) -> list[str]:
    """The ranges read the array way: dates from their column, numbers from their terms' postings."""
    read: list[str] = []
    term_docnums, within = ranges._term_docnums, ranges.ArrayRange._within

    def counting_terms(reader, fieldname, text, tables):
        read.append(f"postings of {fieldname}")
        return term_docnums(reader, fieldname, text, tables)

    def counting_column(self, values):
        read.append(f"column of {self.fieldname}")
        return within(self, values)

    monkeypatch.setattr(ranges, "_term_docnums", counting_terms)
    monkeypatch.setattr(ranges.ArrayRange, "_within", counting_column)
    return read


RANGES = ["jaar:2017", "datum:>2017-03", "datum:<2016-02-15", "datum:[2016-05-01 to 2017-01-31]",
          "datum:{2016-05-01 to 2016-06-01}", "nr:[100 to 2500]", "nr:>4000", "nr:<=10", "nr:[1 to 40]",
          "nr:{10 to 20}", "datum:[2018-06 to]", "jaar:2015"]  # fmt: skip


@pytest.mark.parametrize("text", RANGES)
@pytest.mark.parametrize(
    "words",
    [
        "",
        pytest.param("belasting accijns ", marks=pytest.mark.slow),
        pytest.param("tabak fraude gemeente ", marks=pytest.mark.slow),
    ],
)
def test_ranges_alone_or_with_words_find_and_score_the_documents_with_such_a_value(engine, array_reads, text, words):
    query = engine.query_for(words + text)
    expected = whooshs(engine, as_exact_terms(engine, query))
    assert_same_results(_ours(engine, query), expected)
    assert_same_results(_ours(engine, query, 5), expected, limit=5)
    assert set(array_reads) <= {"postings of number" if text.startswith("nr:") else "column of date"}
    assert array_reads or not expected


@pytest.mark.slow
@settings(max_examples=examples(80), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.integers(0, 1200), span=st.integers(0, 400), excl=st.tuples(st.booleans(), st.booleans()))
def test_any_range_reads_exactly_the_documents_with_a_value_in_it(engine, start, span, excl):
    low = dt.datetime.combine(FIRST_DAY, dt.time()) + dt.timedelta(days=start)
    high = low + dt.timedelta(days=span, hours=23)
    dates = engine.query_for(f"datum:[{low:%Y%m%d} to {high:%Y%m%d}]")
    for query in (dates, NumericRange("number", start, start + span * 5, *excl), NumericRange("number", None, span)):
        for searcher, _ in engine.searcher.leaf_searchers():
            found = ranges.ArrayRange.of(query).docnums(searcher.reader()).tolist()
            assert found == values_in(engine, query, searcher)


def test_whoosh_alone_gets_small_number_ranges_wrong(engine):
    """Why ``split_ranges`` is ours: Whoosh 2.7.4's own range finds documents far outside it."""
    query = NumericRange("number", 1, 40)
    searcher = next(iter(engine.searcher.leaf_searchers()))[0]
    assert set(query.matcher(searcher).all_ids()) > set(values_in(engine, query, searcher))


def test_a_filter_inside_other_shapes_finds_the_documents_with_such_a_value(engine):
    for text in ["belasting -tabak jaar:2017", '"belasting accijns" datum:>2016-06', "(jaar:2016 OR nr:<100) fraude",
                 "fraude NIET nr:[1 to 300]"]:  # fmt: skip
        query = engine.query_for(text)
        assert_same_results(_ours(engine, query), whooshs(engine, as_exact_terms(engine, query)))


def test_two_field_terms_anded_leave_deleted_documents_out(engine):
    query = engine.query_for("titel:belasting AND vraag:fraude")
    expected = whooshs(engine, query)
    assert expected
    assert_same_results(_ours(engine, query), expected)
