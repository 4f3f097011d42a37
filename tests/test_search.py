import pytest
from corpus_helpers import DOCS, write_corpus

from parlzoek.errors import QueryError
from parlzoek.index.build import update_index
from parlzoek.index.store import IndexHome
from parlzoek.search.service import DocumentNotFoundError, SearchEngine


def ranked_ids(results):
    return [hit.document.id for hit in results.hits]


def test_another_word_form_is_found_and_marked(engine):
    results = engine.search("maatwerkbedrijf")
    assert ranked_ids(results) == ["d1"]
    passage = results.hits[0].passages[0]
    assert passage.question[slice(*passage.question_hits[0])] == "maatwerkbedrijven"
    assert "<mark>maatwerkbedrijven</mark>" in passage.snippet


def test_best_passage_first_and_first_passage_when_hit_is_elsewhere(engine):
    (hit,) = engine.search("samenwerkingsverband").hits
    assert [p.n for p in hit.passages] == [2]
    (hit,) = engine.search("titel:vlaanderen").hits  # title only: no passage holds the hit
    assert [(p.n, p.matched) for p in hit.passages] == [(1, False)]


def test_or_ranks_documents_with_all_words_first(engine):
    results = engine.search("sociale maatwerkbedrijven")
    assert ranked_ids(results)[0] == "d1" and set(ranked_ids(results)) == {"d1", "d3"}


def test_phrase_outranks_scattered_words_and_filters_restrict(engine):
    assert set(ranked_ids(engine.search("sociale sector"))) == {"d1", "d3"}
    assert ranked_ids(engine.search('"sociale sector"')) == ["d3"]
    assert ranked_ids(engine.search('"sector sociale"')) == []
    assert sorted(ranked_ids(engine.search("economie minister:homans jaar:2017"))) == ["d1", "d3"]
    assert ranked_ids(engine.search("economie jaar:2016")) == []
    assert ranked_ids(engine.search("economie -maatwerkbedrijven")) == ["d3"]
    assert ranked_ids(engine.search("tabak thema:accijns")) == ["d2"]
    assert ranked_ids(engine.search("jaar:2016 OR jaar:2017")) == ["d1", "d2", "d3"]


def test_a_comparison_inside_parentheses_is_a_range_too(engine):
    assert ranked_ids(engine.search("economie (datum:>2017-06)")) == ["d3"]
    assert ranked_ids(engine.search("sociale ((datum:<=2017-03-01))")) == ["d1"]


@pytest.mark.parametrize(
    ("text", "ids"),
    [("datum:<2017-03", ["d2"]), ("datum:<=2017-03", ["d1", "d2"]), ("datum:>2017-03", ["d3"]),
     ("datum:>=2017-03", ["d1", "d3"]), ("datum:{2016-05-10 to 2017-09-30}", ["d1"]),
     ("datum:[2016-05-10 to 2017-09-30]", ["d1", "d2", "d3"]), ("datum:>2017-03-01", ["d3"]),
     ("datum:[2017-03 to 2017-09}", ["d1"])],
)  # fmt: skip
def test_a_date_comparison_takes_the_whole_period_it_names(engine, text, ids):
    """d1 is of 2017-03-01, d2 of 2016-05-10, d3 of 2017-09-30: before March is not in March."""
    assert sorted(ranked_ids(engine.search(text))) == ids


def test_an_exclusion_leaves_out_the_first_match_too(tmp_path):
    """The first document with the word also has the excluded word, and another document with
    the excluded word comes before it: Whoosh's own AND NOT kept that first document."""
    docs = [{"id": "x0", "question": "tabak"}, {"id": "x1", "question": "economie en tabak"},
            {"id": "x2", "question": "economie"}]  # fmt: skip
    home = IndexHome(tmp_path / "ix")
    update_index(home, [write_corpus(tmp_path / "src", docs)])
    with SearchEngine(home) as engine:
        assert ranked_ids(engine.search("economie -tabak")) == ["x2"]
        assert ranked_ids(engine.search("economie NIET tabak")) == ["x2"]
        assert engine.search("economie -tabak", facets=True).total == 1


def test_folding_prefix_fuzzy_and_numbers(engine):
    assert ranked_ids(engine.search("financiën")) == ranked_ids(engine.search("financien")) == ["d2"]
    assert ranked_ids(engine.search("maatwerk*")) == ["d1"]
    assert ranked_ids(engine.search("tabk~")) == ["d2"]
    assert ranked_ids(engine.search('"1 maart 2017"')) == ["d1"]


def test_total_pages_and_deterministic_ties(engine):
    results = engine.search("jaar:2016 OR jaar:2017", limit=2)
    assert results.total == 3 and ranked_ids(results) == ["d1", "d2"]  # equal scores: by id
    assert ranked_ids(engine.search("jaar:2016 OR jaar:2017", limit=2, page=2)) == ["d3"]
    assert [h.rank for h in engine.search("jaar:2016 OR jaar:2017", limit=2, page=2).hits] == [3]


def test_facets_and_suggestion(engine):
    facets = engine.search("economie", facets=True).facets
    assert facets == {"minister": {"Liesbeth Homans": 2}, "year": {"2017": 2}, "party": {}, "asker": {},
                      "function": {}, "theme": {"SOCIALE ECONOMIE": 1}}  # fmt: skip
    assert engine.search("maatwerkbedrijvn").suggestion == "maatwerkbedrijven"


@pytest.mark.parametrize(
    "text",
    ["economie", "sociale economie vdab", "jaar:2016 OR jaar:2017", "economie -tender", '"sociale economie"',
     "economie jaar:2017", "sociale economie datum:>2017-06", "jaar:2017"],
)  # fmt: skip
def test_facets_count_what_whooshs_own_grouping_counts(engine, text):
    from whoosh.sorting import Count, FieldFacet

    groups = {
        "minister": FieldFacet("minister_facet", maptype=Count),
        "year": FieldFacet("year", maptype=Count),
        "party": FieldFacet("party_facet", maptype=Count),
        "asker": FieldFacet("asker_facet", maptype=Count),
        "function": FieldFacet("function_facet", maptype=Count),
    }
    grouped = engine.searcher.search(engine.query_for(text), limit=1, groupedby=groups)
    whooshs = {name: {str(k): v for k, v in grouped.groups(name).items() if k is not None} for name in groups}
    facets = engine.search(text, facets=True).facets
    del facets["theme"]  # several per document: Whoosh groups a column by its whole value
    assert facets == whooshs and any(facets.values())


FACETED = [
    {"id": f"f{n}", "date": f"{2015 + n % 3}-02-0{1 + n % 9}", "title": f"Opvang van asielzoekers {n}",
     "question": "Hoeveel opvangplaatsen zijn er?", "answer": "Genoeg opvang." if n % 4 else None,
     "minister": ["Jan Jambon", "Liesbeth Homans"][n % 2], "asker": ["Van den Bossche, Freya", "Pas, Barbara",
     "De Wever, Bart"][n % 3], "party": ["N-VA", "Vlaams Belang"][n % 2] if n % 5 else None,
     "minister_function": ["Vice-eersteminister en minister van Veiligheid", None, "Minister van Wonen"][n % 3],
     "themes": [["ASIEL", "MIGRATIE"], ["ASIEL"], [], ["HUISVESTING", " ASIEL ", "Opvang, tijdelijk"]][n % 4]}
    for n in range(14)
]  # fmt: skip


@pytest.mark.parametrize("text", ["opvang", "asielzoekers -genoeg", "opvang jaar:2016", '"asielzoekers 3"'])
def test_every_facet_value_counts_what_its_filter_finds(tmp_path, text):
    from collections import Counter

    from corpus_helpers import write_corpus

    from parlzoek.index.build import update_index
    from parlzoek.index.store import IndexHome
    from parlzoek.search.service import SearchEngine

    home = IndexHome(tmp_path / "ix")
    update_index(home, [write_corpus(tmp_path / "src", FACETED)])
    with SearchEngine(home) as engine:
        results = engine.search(text, facets=True, limit=50, passages=0)
        matched = [hit.document for hit in results.hits]
        assert {"asker", "function", "theme"} <= set(results.facets) and results.facets["asker"]
        for name, counts in results.facets.items():
            for value, count in counts.items():
                assert engine.search(text, filters={name: value}, passages=0).total == count, (name, value)

    def most_first(counted: Counter) -> dict[str, int]:
        return dict(sorted(counted.items(), key=lambda kv: (-kv[1], kv[0])))

    assert results.facets["asker"] == most_first(Counter(d.asker for d in matched))
    themes = Counter(t for d in matched for t in {" ".join(t.replace(",", " ").split()) for t in d.themes})
    assert results.facets["theme"] == most_first(themes) and sum(themes.values()) > len(matched) > 0


def test_a_document_without_date_or_minister_counts_in_no_facet(tmp_path):
    from corpus_helpers import DOCS, write_corpus

    from parlzoek.index.build import update_index
    from parlzoek.index.store import IndexHome
    from parlzoek.search.service import SearchEngine

    undated = {"id": "d9", "title": "Economie zonder datum", "question": "Wat doet de economie?", "answer": "Veel."}
    home = IndexHome(tmp_path / "ix")
    update_index(home, [write_corpus(tmp_path / "src", [*DOCS, undated])])
    with SearchEngine(home) as engine:
        results = engine.search("economie", facets=True)
    assert "d9" in {hit.document.id for hit in results.hits}
    assert results.facets == {"minister": {"Liesbeth Homans": 2}, "year": {"2017": 2}, "party": {}, "asker": {},
                              "function": {}, "theme": {"SOCIALE ECONOMIE": 1}}  # fmt: skip


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "empty query"),
        ("de het", "nothing to search"),
        ("foo:bar", "unknown field"),
        ('foo:"open vld"', "unknown field foo:"),  # not the phrase "foo open vld"
        ('economie (vraag:"sociale fraude" OR onbekend:"x y z")', "unknown field onbekend:"),
        ("economie jaar:abc", "cannot read a field value"),  # not quietly every year
        ("economie (nr:abc OR jaar:2017)", "cannot read a field value"),
        ("economie NIET datum:gisteren", "cannot read a field value"),
        ("economie datum:[2017-06-01 to 2017-01-01]", "ends before it starts"),
        ("nr:[900 to 100]", "ends before it starts"),
        ("-tender", "only stop words or exclusions"),
        ("economie NIET OR titel:fraude", "an operator .* has no word beside it"),
        ("~~", "'~~' has no word to allow slips in"),  # not every one-letter word
        ("economie _~", "no word to allow slips in"),
        ("jaar:", "jaar: has no value; .* as jaar:2017"),  # not a search for the word "jaar"
        ("economie minister:", "minister: has no value"),
        ("economie datum:>=", "datum: has no value"),  # was a search for the word datum
        ("(economie OR titel:)", "titel: has no value"),
        ('"sociale economie', 'a quote is not closed: "sociale economie'),  # not two OR'd words
        ('economie "sociale fraude" "vdab', 'a quote is not closed: "vdab'),
        ("(vdab OR forem", "a bracket is not closed"),
        ("vdab)", "a closing bracket has no opening one"),
        ("OR", r"an operator \(OR\) has no word beside it"),  # not a search for the word "or"
        ("vdab OR", r"an operator \(OR\) has no word beside it"),
        ("OF vdab", r"an operator \(OF\) has no word beside it"),
        ("(vdab EN) forem", r"an operator \(EN\) has no word beside it"),
        ("belasting~3", "belasting~3 allows too many slips: at most 2 edits"),  # not quietly capped
        ("economie (vdab OR forem~9)", "forem~9 allows too many slips"),
        ("vdab NIET", r"an operator \(NIET\) has no word beside it .*; write a word after it"),
        ("jaar:20177", "^jaar:20177 is not a year: write its four digits"),  # was read as 2017
        ("economie datum:31-2-2017", "^datum:31-2-2017 is not a day of the calendar"),
        ('datum:"8 juni"', r"^datum: '8 juni' is not a valid value; write it as datum:2017-06-08$"),  # no int()
        ("datum:[2017-01 to", r"^cannot read a field value in 'datum:\[2017-01 to'; write dates as"),
    ],
)
def test_bad_queries_are_query_errors(engine, query, message):
    with pytest.raises(QueryError, match=message) as refused:
        engine.search(query)
    assert refused.value.dutch and refused.value.dutch != str(refused.value)  # the web page says it in Dutch


def test_show_document_with_marks(engine):
    document = engine.document("d1")
    assert [p.n for p in engine.highlight(document, "bedrijven")] == [1, 2]
    assert engine.highlight(document, "bedrijven")[1].question_hits
    with pytest.raises(DocumentNotFoundError):
        engine.document("nope")


@pytest.mark.slow  # the Chamber dev corpus; the quick lane folds on the small corpus (above) and ties in test_ties
def test_dev_corpus_folding_and_trec_ties(dev_index):
    with SearchEngine(dev_index) as engine:
        with_diacritic = engine.search("financiën", limit=100, passages=0)
        assert with_diacritic.total > 100
        assert ranked_ids(with_diacritic) == ranked_ids(engine.search("financien", limit=100, passages=0))
        scores = [hit.score for hit in with_diacritic.hits]
        assert scores == sorted(scores, reverse=True)
        ids = ranked_ids(with_diacritic)
        for (s1, a), (s2, b) in zip(zip(scores, ids, strict=True), zip(scores[1:], ids[1:], strict=True), strict=False):
            assert s1 > s2 or a < b  # equal scores ordered by id
    assert DOCS  # the shared helper corpus is untouched by this test


def test_niet_excludes_like_minus(engine):
    assert ranked_ids(engine.search("economie NIET maatwerkbedrijven")) == ranked_ids(
        engine.search("economie -maatwerkbedrijven")
    )
    assert ranked_ids(engine.search("economie NOT maatwerkbedrijven")) == ["d3"]


def test_filters_hold_beside_exclusions_and_as_written_in_groups(engine):
    assert ranked_ids(engine.search("economie -maatwerkbedrijven jaar:2016")) == []  # a filter, not an alternative
    assert ranked_ids(engine.search("economie -maatwerkbedrijven jaar:2017")) == ["d3"]
    assert ranked_ids(engine.search("economie NIET maatwerkbedrijven jaar:2016")) == []
    assert ranked_ids(engine.search("(jaar:2016 OR datum:>2017-06) economie")) == ["d3"]  # either of two filters
    assert set(ranked_ids(engine.search("economie (tabak OR minister:homans)"))) == {"d1", "d2", "d3"}  # alternatives
    assert ranked_ids(engine.search("minister:homans jaar:2016")) == []  # filters alone restrict each other
    assert sorted(ranked_ids(engine.search("minister:homans jaar:2017"))) == ["d1", "d3"]
    assert sorted(ranked_ids(engine.search("minister:homans OR jaar:2016"))) == ["d1", "d2", "d3"]


@pytest.mark.parametrize(
    ("words", "filters"),
    [("asielzoekers", ("partij:n-va", "partij:vb")), ("opvang asielzoekers", ("datum:<2017-02", "datum:>2017-05")),
     ("vluchtelingen", ("partij:vb", "partij:groen", "partij:n-va"))],
)  # fmt: skip
def test_a_group_of_filters_finds_what_its_filters_find_one_by_one(dev_index, words, filters):
    """Near matches included: a group of filters beside the words once made the extras score-only."""
    with SearchEngine(dev_index) as engine:

        def found(text):
            results = engine.search(text, limit=2000, passages=0)
            return {hit.document.id for hit in results.hits}, results.hit_total

        each = [found(f"{words} {one}") for one in filters]
        grouped, hits = found(f"{words} ({' OR '.join(filters)})")
    assert grouped == set().union(*(ids for ids, _ in each)) and hits == sum(held for _, held in each)
    assert any(len(ids) > held for ids, held in each)  # near matches are among them


def test_fuzzy_allows_two_edits_on_long_words_unless_told_one(engine):
    assert ranked_ids(engine.search("maatwerkbedrijvn~")) == ["d1"]
    assert ranked_ids(engine.search("maatwerkbedrijvn~1")) == []


def test_short_words_are_not_corrected_into_noise(engine):
    assert engine.search("(a OR b)").suggestion is None  # "(a OR" is a query error now


def test_snippets_take_the_earliest_of_equal_fragments_every_time(engine):
    from parlzoek.analysis.dutch import stem_function, term_spans
    from parlzoek.search.passages import html_snippet

    stem = stem_function(engine.analyzer)
    text = "".join(f"Punt {i}: de maatwerkbedrijven groeien. " + "opvulling " * 40 for i in range(12))
    spans = list(term_spans(text, stem))
    snippets = {html_snippet(text, frozenset({stem("maatwerkbedrijven")}), spans, True) for _ in range(20)}
    assert len(snippets) == 1  # Whoosh alone breaks equal scores by memory address
    (snippet,) = snippets
    assert all(f"Punt {i}:" in snippet for i in range(3)) and "Punt 11:" not in snippet


def test_a_hyphen_after_en_or_of_continues_a_dutch_enumeration_instead_of_excluding(engine):
    assert "d1" not in ranked_ids(engine.search("economie -maatwerkbedrijven"))
    assert "d1" in ranked_ids(engine.search("economie en -maatwerkbedrijven"))
    assert "d1" in ranked_ids(engine.search("en -maatwerkbedrijven"))
    assert "d1" not in ranked_ids(engine.search("economie EN -maatwerkbedrijven"))  # the operator: AND NOT


@pytest.mark.parametrize(
    "text", ["maatwerkbedrijven", "sociale economie vdab", "economie -tender", '"sociale economie"']
)
def test_collecting_without_pruning_gives_whooshs_own_matches_and_scores(engine, text):
    from parlzoek.engine.reading.collect import collect

    query = engine.query_for(text)
    ours, whooshs = collect(engine.searcher, query, 10), engine.searcher.search(query, limit=10)
    assert [(hit.docnum, hit.score) for hit in ours] == [(hit.docnum, hit.score) for hit in whooshs]
    assert len(ours) == len(collect(engine.searcher, query, None)) > 0


@pytest.mark.parametrize(
    ("text", "ids"),
    [('minister:"johan van overtveldt"', ["d2"]), ('vraag:"economie in de sociale sector"', ["d3"]),
     ('minister:"van overtveldt johan"', ["d2"]), ('minister:"johan van overtveldt" jaar:2017', []),
     ('economie -vraag:"economie in de sociale sector"', ["d1"]),
     ('(titel:"maatwerkbedrijven in vlaanderen" OR tabak) jaar:2017', ["d1"]),
     ('minister:"johan van overtveldt" OR minister:"liesbeth homans"', ["d1", "d2", "d3"])],
)  # fmt: skip
def test_a_quoted_field_value_of_three_words_is_a_phrase_in_that_field(engine, text, ids):
    """Two-word values were read as a pair, three and more raised from inside the search. A
    name field's value is its words in any order (the Parliament writes *Van den Bergh, Jef*)."""
    assert sorted(ranked_ids(engine.search(text, facets=True))) == ids


@pytest.mark.parametrize("text", ["*", "titel:*", "(titel:* OR vraag:zzz) jaar:2017"])
def test_a_lone_star_finds_every_document_without_reading_each_terms_postings(engine, text):
    from whoosh.query import Every

    everything = [node for node in engine.query_for(text).leaves() if isinstance(node, Every)]
    assert everything and all(type(node) is not Every for node in everything)  # Whoosh's reads every posting
    assert engine.search(text).total == engine.search("jaar:2017" if "jaar" in text else "*").total
    all_documents = engine.searcher.doc_count()
    assert engine.search("*").total == all_documents
    assert engine.search("* -economie").total == all_documents - engine.search("economie").total


def test_angle_brackets_outside_a_comparison_are_text(engine):
    """``<b>economie</b>`` was a parse error ("an operator has no word beside it"): pasted
    markup, or ``x < y``, searches its words; ``jaar:>2016`` still compares."""
    assert ranked_ids(engine.search("<b>economie</b>")) == ranked_ids(engine.search("b economie b"))
    assert ranked_ids(engine.search("<economie>"))
    assert engine.search("economie jaar:>2016").total == engine.search("economie jaar:2017").total > 0


def test_a_prefix_standing_for_too_many_words_is_refused_in_one_line(dev_index, engine):
    from parlzoek.query.language import check_expansions, parse_query

    with SearchEngine(dev_index) as dev:
        with pytest.raises(QueryError, match=r"^ver\* stands for more than 1,000 indexed words: give more letters"):
            dev.search("ver*")  # some 2,000 words over its fields: seconds of reading, nearly every document
        assert dev.search("asiel*").total > 0 and dev.search("titel:ver*").total > 0  # narrower ones run
    reader = engine.searcher.reader()
    check_expansions(parse_query(engine.parser, "maatwerk*"), reader, limit=10)
    with pytest.raises(QueryError, match=r"^maatwerk\* stands for more than 1 indexed words"):
        check_expansions(parse_query(engine.parser, "maatwerk* -tender"), reader, limit=1)
    with pytest.raises(QueryError, match=r"^maatw\?rk\* stands for more than 1 indexed words: .* the wildcard$"):
        check_expansions(parse_query(engine.parser, "maatw?rk*"), reader, limit=1)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("asielzoekrs opvang", "asielzoekers opvang"), ("nietig verklaarde huweliken", "nietig verklaarde huwelijken"),
     ("doktrsattesten", "doktersattesten"), ("veiigheid van de artsen", "veiligheid van de artsen"),
     ("treinbegeleidr", "treinbegeleider"), ("verkeersongevalen", "verkeersongevallen")],  # stems 3 edits off
)  # fmt: skip
def test_did_you_mean_gives_the_form_typed_not_the_stem_corrected(dev_index, typed, meant):
    """Whoosh corrects the query's stems: ``asielzoekrs`` came back as ``asielzoeker``."""
    with SearchEngine(dev_index) as engine:
        assert engine.search(typed, limit=1, passages=0).suggestion == meant


def test_a_field_star_finds_the_documents_with_that_field_and_its_negation_the_rest(dev_index):
    """``antwoord:*`` was every document (``*`` for any field); the unanswered questions were unreachable."""
    from whoosh.query import Every

    with SearchEngine(dev_index) as engine:
        answered = engine.search("antwoord:*", limit=2000, passages=0)
        unanswered = engine.search("* -antwoord:*", limit=2000, passages=0)
        assert 0 < unanswered.total < answered.total and answered.total + unanswered.total == engine.stats().documents
        assert all(not (hit.document.answer or "").strip() for hit in unanswered.hits)
        assert all((hit.document.answer or "").strip() for hit in answered.hits)
        whooshs = {engine.id_of(n) for n in engine.searcher.search(Every("answer"), limit=None).docs()}
        assert {hit.document.id for hit in answered.hits} == whooshs  # Whoosh's own reading of every posting
        assert engine.search("*", limit=1, passages=0).total == engine.stats().documents
        beside = engine.search("asiel antwoord:*", limit=1, passages=0).total  # a filter beside words, not an OR
        assert beside == engine.search("+asiel +antwoord:*", limit=1, passages=0).total < answered.total
        assert engine.search("asiel -antwoord:*", limit=1, passages=0).total + beside == engine.search("asiel").total


def test_a_field_phrase_is_never_said_to_be_held_by_no_document(dev_index):
    with SearchEngine(dev_index) as engine:
        assert engine.search('asielzoekrs partij:"open vld"', passages=0).nowhere == ("asielzoekrs",)


@pytest.mark.parametrize(
    ("typed", "same_as"), [("OCMW's", "ocmw"), ("kmo’s opvang", "kmo opvang"), ("o.c.m.w.", "ocmw"),
                           ("titel:(OCMW's)", "titel:(ocmw)"), ("v.z.w. OR vzw", "vzw")],
)  # fmt: skip
def test_an_apostrophe_s_and_an_acronyms_dots_search_the_word(dev_index, typed, same_as):
    """``OCMW's`` searched the letter ``s`` too (600 documents for 42), ``o.c.m.w.`` four letters (290)."""
    with SearchEngine(dev_index) as engine:
        found, meant = engine.search(typed, limit=100, passages=1), engine.search(same_as, limit=100, passages=1)
        assert ranked_ids(found) == ranked_ids(meant) and found.total == meant.total
        assert found.query == typed  # said as typed
        assert [h.passages for h in found.hits] == [h.passages for h in meant.hits]  # marked alike


@pytest.mark.parametrize(
    "written",
    ['datum:"8 juni 2017"', "datum:8-6-2017", "datum:08/06/2017", "datum:8.6.2017", "datum:[8-6-2017 TO 8/6/2017]"],
)
def test_a_date_written_the_belgian_way_is_that_day(dev_index, written):
    with SearchEngine(dev_index) as engine:
        day = engine.search(written, limit=100, passages=0)
        assert day.total and ranked_ids(day) == ranked_ids(engine.search("datum:2017-06-08", limit=100, passages=0))
        assert {hit.document.date for hit in day.hits} == {"2017-06-08"}


def test_a_name_in_natural_order_finds_the_name_as_the_parliament_writes_it(dev_index):
    with SearchEngine(dev_index) as engine:
        natural = engine.search('vraagsteller:"Jef Van den Bergh"', limit=100, passages=0)
        written = engine.search('vraagsteller:"Van den Bergh, Jef"', limit=100, passages=0)
        assert natural.total == written.total > 0 and ranked_ids(natural) == ranked_ids(written)
        assert {hit.document.asker for hit in natural.hits} == {"Van den Bergh, Jef"}


def test_a_suggestion_beside_a_belgian_date_is_spliced_where_its_word_stands(dev_index):
    """The query was parsed from the date rewritten, the correction spliced into the text as typed:
    ``datum:"8 juni 2017" treinbegeleidr`` failed ("a quote is not closed: "8 juni 201treinbeg…")."""
    with SearchEngine(dev_index) as engine:
        engine.search('datum:"8 juni 2017" treinbegeleidr', passages=0)
        assert engine.search("datum:8-6-2017 asielzoekrs", passages=0).suggestion == "datum:2017-06-08 asielzoekers"
