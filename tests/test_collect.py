"""Collecting matches: BM25 scored a block of postings at a time gives Whoosh's results (``reference``)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference import assert_same_results, ours, whooshs, whooshs_right
from strength import examples

from parlzoek.engine.reading import block_scores as blockscore
from parlzoek.engine.reading import collect
from parlzoek.engine.reading import or_parts as plans
from parlzoek.index.build import update_index
from parlzoek.index.store import IndexHome
from parlzoek.search.service import SearchEngine


def slow(value):
    """A case for the whole suite only: the quick lane keeps one or two of each test's cases."""
    return pytest.param(value, marks=pytest.mark.slow)


@pytest.fixture(scope="module")
def engine(block_index):
    with SearchEngine(block_index) as engine:
        yield engine


@pytest.fixture
def block_scored(monkeypatch) -> list[tuple[str, bytes]]:
    """The terms whose postings went through the block-at-a-time scoring."""
    counted: list[tuple[str, bytes]] = []
    values = plans.bm25_values

    def counting(postings, *args, **kwargs):
        counted.append(postings.term())
        return values(postings, *args, **kwargs)

    monkeypatch.setattr(plans, "bm25_values", counting)
    return counted


@pytest.mark.parametrize(
    "text",
    [
        "accijns fraudeheid minister",
        slow("belasting"),
        slow("ocmw OR vdabs -tabak"),
        slow("2017 687"),
    ],
)
def test_block_scoring_gives_whooshs_matches_and_scores(engine, block_scored, text):
    query = engine.query_for(text)
    assert_same_results(ours(engine, query), whooshs(engine, query))
    assert block_scored  # the fast way was taken, not only the general one


def test_grams_of_words_a_document_holds_are_scored_whole_to_whooshs_results(engine, monkeypatch):
    """``plans.ConditionalPart`` (numpy, a word's documents as a mask) against
    ``ConditionalWeightMatcher`` (Whoosh's matchers, a document at a time)."""
    read: list = []
    scored = plans.ConditionalPart.scored
    monkeypatch.setattr(plans.ConditionalPart, "scored", lambda part: read.append(part) or scored(part))
    query = engine.query_for("belastingen accijnzen fraude")
    assert_same_results(ours(engine, query), whooshs(engine, query))
    assert any(part.held()[part.part.scored().docnums].any() for part in read)


def test_terms_with_several_blocks_of_postings_are_scored_whole(engine, block_scored):
    from whoosh.query import Or, Term

    words = [Term("body", "belasting"), Term("answer", "belasting", boost=0.5)]
    assert engine.searcher.doc_frequency("body", "belasting") > 2 * 128
    assert_same_results(ours(engine, Or(words)), whooshs(engine, Or(words)))
    assert sorted(block_scored) == [("answer", b"belasting"), ("body", b"belasting")]


def test_without_length_tables_the_general_way_scores_alike(engine, monkeypatch):
    query = engine.query_for("accijns gemeente")
    fast = [(hit.docnum, hit.score) for hit in collect.collect(engine.searcher, query, 20)]
    monkeypatch.setattr(blockscore.SegmentTables, "lengths", lambda self, fieldname: None)
    assert fast == [(hit.docnum, hit.score) for hit in collect.collect(engine.searcher, query, 20)]


@pytest.mark.parametrize(
    "text", ['"belasting accijns"', "fraude tabak ocmw", '"vdab vdab"', '"belasting accijns" -ocmw']
)
def test_word_pairs_are_found_and_scored_as_whooshs_phrases(engine, monkeypatch, text):
    found: list[int] = []
    pair_scores = plans.pair_scores

    def counting(*args, **kwargs):
        scores = pair_scores(*args, **kwargs)
        found.append(len(scores))
        return scores

    monkeypatch.setattr(plans, "pair_scores", counting)
    query = engine.query_for(text)
    assert_same_results(ours(engine, query), whooshs_right(engine, query))
    assert sum(found) > 0  # pairs were found the fast way


def test_deleted_documents_are_left_out_of_block_scores(tmp_path, block_corpus, block_scored):
    import shutil

    sources = tmp_path / "src"
    sources.mkdir()
    shutil.copy(block_corpus, sources / "a.jsonl")
    changing = sources / "b.jsonl"
    changing.write_text('{"id": "b1", "number": 9001, "question": "belasting belasting accijns fraude"}\n')
    home = IndexHome(tmp_path / "ix")
    update_index(home, [sources])
    changing.write_text('{"id": "b2", "number": 9002, "question": "accijns belasting"}\n')
    update_index(home, [sources])
    with SearchEngine(home) as engine:
        assert any(reader.has_deletions() for reader, _ in engine.searcher.reader().leaf_readers())
        query = engine.query_for("belasting accijns fraude")
        everything = ours(engine, query)
        assert_same_results(everything, whooshs(engine, query))
        assert "b1" not in {engine.searcher.stored_fields(docnum)["id"] for docnum, _ in everything}
        best = collect.collect(engine.searcher, query, 2)
        assert [(hit.docnum, hit.score) for hit in best] == everything[:2] and best.total == len(everything)
    assert block_scored


def test_a_word_and_its_pairs_decode_its_body_postings_once(engine, monkeypatch):
    from collections import Counter

    decoded: Counter = Counter()
    read_blocks = blockscore.read_blocks

    def counting(postings):
        decoded[postings.term()] += 1
        yield from read_blocks(postings)

    monkeypatch.setattr(blockscore, "read_blocks", counting)
    collect.collect(engine.searcher, engine.query_for("accijns fraude tabak"), None)
    body = {term: count for term, count in decoded.items() if term[0] == "body"}
    assert len(body) == 3 and set(body.values()) == {1}
    assert all(count == 1 for count in decoded.values())


LONG = "belasting accijns minister gemeente vdab ocmw fraude tabak 2017 687 esf-tender"


@pytest.fixture
def pair_reads(monkeypatch) -> list[str]:
    """How word pairs were read: in full, or for candidate documents only."""
    calls: list[str] = []
    for name, kind in (("table", "full"), ("for_candidates", "candidates")):
        method = getattr(plans.PairPart, name)

        def counting(self, *args, _method=method, _kind=kind, **kwargs):
            calls.append(_kind)
            return _method(self, *args, **kwargs)

        monkeypatch.setattr(plans.PairPart, name, counting)
    return calls


def _same_best(searcher, query, limit: int) -> None:
    everything = collect.collect(searcher, query, None)
    best = collect.collect(searcher, query, limit)
    assert [(hit.docnum, hit.score) for hit in best] == [(hit.docnum, hit.score) for hit in everything.hits[:limit]]
    assert best.total == everything.total


@pytest.mark.parametrize("limit", [1, 3, 10, 60])
@pytest.mark.parametrize("text", [LONG, "fraudeheid tabaks ocmwen belastingen", "accijns", "minister gemeente"])
def test_the_best_few_are_exactly_those_of_scoring_every_match(engine, text, limit):
    _same_best(engine.searcher, engine.query_for(text), limit)


def test_a_long_query_reads_its_word_pairs_for_candidates_only(engine, pair_reads):
    query = engine.query_for(LONG)
    everything = collect.collect(engine.searcher, query, None)
    pairs = len(pair_reads)
    assert pairs > 5 and set(pair_reads) == {"full"}
    pair_reads.clear()
    best = collect.collect(engine.searcher, query, 3)
    assert pair_reads == ["candidates"] * pairs
    assert [(hit.docnum, hit.score) for hit in best] == [(hit.docnum, hit.score) for hit in everything.hits[:3]]


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    words=st.lists(st.sampled_from([*LONG.split(), "belastingen", "tabaks", "vdabheid", "onbekend"]), min_size=1),
    limit=st.integers(1, 40),
)
def test_pruning_never_changes_the_best_or_the_count(engine, words, limit):
    _same_best(engine.searcher, engine.query_for(" ".join(words)), limit)


def test_with_ties_every_match_scoring_as_much_as_the_last_comes_back(engine):
    query = engine.query_for("jaar:2017")
    everything = collect.collect(engine.searcher, query, None)
    assert len({hit.score for hit in everything}) == 1 and everything.total > 5
    assert len(collect.collect(engine.searcher, query, 5).hits) == 5
    assert len(collect.collect(engine.searcher, query, 5, ties=True).hits) == everything.total


@pytest.mark.parametrize("limit", [None, 5])
def test_without_flat_postings_whooshs_blocks_give_the_same_best(engine, monkeypatch, limit):
    query = engine.query_for(LONG)
    flat = [(hit.docnum, hit.score) for hit in collect.collect(engine.searcher, query, limit)]
    assert any(blockscore.SegmentTables(r).flat() for r, _ in engine.searcher.reader().leaf_readers())
    monkeypatch.setattr(blockscore.SegmentTables, "flat", lambda self: None)
    assert flat == [(hit.docnum, hit.score) for hit in collect.collect(engine.searcher, query, limit)]


@pytest.mark.parametrize("limit", [4, slow(1), slow(30)])
@pytest.mark.parametrize("text", [f"{LONG} jaar:2017", "belasting fraude nr:[1 to 120]", "tabak gemeente nr:77"])
def test_words_with_a_filter_take_the_fast_way_to_the_same_best(engine, pair_reads, text, limit):
    query = engine.query_for(text)
    assert_same_results(ours(engine, query), whooshs_right(engine, query))
    pair_reads.clear()
    _same_best(engine.searcher, query, limit)
    assert "candidates" in pair_reads


@pytest.mark.parametrize(
    "text",
    ['"belasting accijns"', '"belasting accijns" jaar:2017', 'fraude "belasting accijns"',
     '"tabak gemeente" nr:[1 to 200]', '"fraude tabak" -vdab'],
)  # fmt: skip
def test_quoted_phrases_and_their_filters_are_read_whole_to_whooshs_results(engine, monkeypatch, text):
    query = engine.query_for(text)
    theirs = whooshs_right(engine, query)
    assert theirs
    if "-" not in text:  # an exclusion still goes Whoosh's way
        monkeypatch.setattr(collect, "_scores", lambda matcher: pytest.fail("stepped through Whoosh's matchers"))
    assert_same_results(ours(engine, query), theirs)
    assert_same_results(ours(engine, query, 5), theirs, limit=5)


def test_a_phrase_and_its_word_pair_extra_read_the_pair_once(engine, monkeypatch):
    from parlzoek.engine.reading.block_scores import DecodedPostings

    asked, computed = [], []
    original_pair, original_scores = DecodedPostings.pair, plans.pair_scores

    def asking(self, reader, words, compute):
        asked.append(tuple(w.term() for w in words))
        return original_pair(self, reader, words, compute)

    def computing(words, *args, **kwargs):
        computed.append(tuple(w.term() for w in words))
        return original_scores(words, *args, **kwargs)

    monkeypatch.setattr(DecodedPostings, "pair", asking)
    monkeypatch.setattr(plans, "pair_scores", computing)
    query = engine.query_for('"belasting accijns"')  # the phrase in body, and the same pair as an extra
    assert_same_results(ours(engine, query, 10), whooshs(engine, query), limit=10)
    segments = len(list(engine.searcher.leaf_searchers()))
    body = [pair for pair in asked if pair[0][0] == "body"]
    assert len(set(body)) == 1 and len(body) == 2 * segments
    assert computed.count(body[0]) == segments


@pytest.mark.parametrize(
    "text",
    ["belasting fraude nr:[1 to 300] nr:>120", '"belasting accijns" nr:[1 to 300] nr:>120',
     slow("belasting AND fraude"), slow("belasting AND fraude nr:<100"), slow("tabak nr:>50 nr:<300 jaar:2017")],
)  # fmt: skip
def test_words_and_several_filters_are_read_whole_to_whooshs_results(engine, monkeypatch, text):
    query = engine.query_for(text)
    theirs = whooshs_right(engine, query)
    assert theirs
    monkeypatch.setattr(collect, "_scores", lambda matcher: pytest.fail("stepped through Whoosh's matchers"))
    assert_same_results(ours(engine, query), theirs)
    assert_same_results(ours(engine, query, 3), theirs, limit=3)


@pytest.mark.parametrize("text", ['"belasting accijns" nr:[1 to 60]', "belasting fraude nr:[1 to 40]"])
def test_under_a_narrow_filter_pairs_are_read_for_the_documents_that_pass(engine, pair_reads, text):
    query = engine.query_for(text)
    theirs = whooshs_right(engine, query)
    assert theirs
    assert_same_results(ours(engine, query), theirs)
    assert "candidates" in pair_reads and "full" not in pair_reads


@pytest.mark.parametrize(
    "text", ['"belasting accijns minister"', slow('"fraudes ministerheid gemeente esf-tenders esf-tenders"'),
             slow('ocmw "belasting belasting belasting"'), '"tabak fraude ocmw" nr:[1 to 300]',
             slow('"ministers tabakheid accijns accijnss"')]
)  # fmt: skip
def test_phrases_of_three_words_or_more_are_read_whole_to_whooshs_results(engine, monkeypatch, text):
    from whoosh.query.spans import SpanNear2

    query = engine.query_for(text)
    theirs = whooshs_right(engine, query)
    assert theirs
    monkeypatch.setattr(SpanNear2, "matcher", lambda *args: pytest.fail("Whoosh's span matcher was used"))
    assert_same_results(ours(engine, query), theirs)
    assert_same_results(ours(engine, query, 4), theirs, limit=4)
