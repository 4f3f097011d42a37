"""Date and number ranges read as arrays find exactly the documents and scores Whoosh's ranges find."""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh.query import NumericRange

from parlzoek.indexer.build import update_index
from parlzoek.indexer.store import IndexHome
from parlzoek.search import collect, ranges
from parlzoek.search.engine import SearchEngine
from parlzoek.search.query import parse_query

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


def _whooshs(engine, query) -> list[tuple[int, float]]:
    return [(hit.docnum, hit.score) for hit in engine.searcher.search(query, limit=None)]


def _ours(engine, query, limit=None) -> list[tuple[int, float]]:
    return [(hit.docnum, hit.score) for hit in collect.collect(engine.searcher, query, limit)]


@pytest.fixture
def array_reads(monkeypatch) -> list[bytes]:
    """The range terms read the array way."""
    read: list[bytes] = []
    original = ranges._term_docnums

    def counting(reader, fieldname, text, tables):
        read.append(text)
        return original(reader, fieldname, text, tables)

    monkeypatch.setattr(ranges, "_term_docnums", counting)
    return read


@pytest.mark.parametrize(
    "text",
    ["jaar:2017", "datum:>2017-03", "datum:<2016-02-15", "datum:[2016-05-01 to 2017-01-31]",
     "datum:{2016-05-01 to 2016-06-01}", "nr:[100 to 2500]", "nr:>4000", "nr:<=10", "datum:[2018-06 to]", "jaar:2015"],
)  # fmt: skip
@pytest.mark.parametrize("words", ["", "belasting accijns ", "tabak fraude gemeente "])
def test_ranges_alone_or_with_words_match_whooshs_exactly(engine, array_reads, text, words):
    query = parse_query(engine.parser, words + text)
    assert _ours(engine, query) == _whooshs(engine, query)
    best = _ours(engine, query, 5)
    assert best == _whooshs(engine, query)[: len(best)] and len(best) >= min(5, len(_whooshs(engine, query)))
    if text != "jaar:2015":  # no document of 2015: nothing to read
        assert array_reads


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.integers(0, 1200), span=st.integers(0, 400), excl=st.tuples(st.booleans(), st.booleans()))
def test_any_date_range_reads_the_documents_of_whooshs_range(engine, start, span, excl):
    low = dt.datetime.combine(FIRST_DAY, dt.time()) + dt.timedelta(days=start)
    high = low + dt.timedelta(days=span, hours=23)
    numbers = NumericRange("number", start, start + span * 5, *excl)
    for query in (parse_query(engine.parser, f"datum:[{low:%Y%m%d} to {high:%Y%m%d}]"), numbers):
        for searcher, _ in engine.searcher.leaf_searchers():
            whooshs = list(query.matcher(searcher).all_ids())
            assert ranges.ArrayRange.of(query).docnums(searcher.reader()).tolist() == whooshs


def test_a_filter_inside_other_shapes_keeps_whooshs_results(engine):
    for text in ["belasting -tabak jaar:2017", '"belasting accijns" datum:>2016-06', "(jaar:2016 OR nr:<100) fraude"]:
        query = parse_query(engine.parser, text)
        assert _ours(engine, query) == _whooshs(engine, query)
