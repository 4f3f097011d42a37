"""Ranking features, each on a small corpus written for the test: compound parts, word pairs, weights."""

import re

import pytest
from corpus_helpers import write_corpus
from hypothesis import given
from hypothesis import strategies as st
from reference import nodes_of

from parlzoek.analysis.compounds import compound_parts
from parlzoek.index.build import update_index
from parlzoek.index.store import IndexHome
from parlzoek.ranking.model import DEFAULT_RANKING
from parlzoek.search.service import SearchEngine

ANS = "De minister antwoordt op de vraag van het parlementslid over het beleid."
DOCS = [
    {"id": "whole", "title": "Accijns op diesel", "question": "Hoeveel bracht de accijns op diesel op?", "answer": ANS},
    {"id": "compound", "title": "Tarieven", "question": "Welke accijnstarieven gelden voor tabak?", "answer": ANS},
    {"id": "parts", "title": "Fraude", "question": "Hoeveel fraude met de belasting op voertuigen werd vastgesteld?",
     "answer": ANS},
    {"id": "fraud", "title": "Belastingfraude", "question": "Hoe pakt u belastingfraude aan?", "answer": ANS},
    {"id": "pair", "title": "Werking", "question": "Hoe staat het met de sociale economie in Limburg?", "answer": ANS},
    {"id": "apart", "title": "Werking", "question": "Is de economie van Limburg sociale vooruitgang?", "answer": ANS},
]  # fmt: skip


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ranking")
    home = IndexHome(tmp / "index")
    update_index(home, [write_corpus(tmp / "src", DOCS)])
    with SearchEngine(home) as engine:
        yield engine


def ids(engine, query):
    return [hit.document.id for hit in engine.search(query, limit=10).hits]


def test_a_compound_is_found_by_its_parts_and_the_whole_word_counts_most(engine):
    assert ids(engine, "accijns")[:2] == ["whole", "compound"]
    assert "compound" in ids(engine, "tarieven")


def test_a_compound_query_finds_documents_with_its_parts_below_the_whole_word(engine):
    ranked = ids(engine, "belastingfraude")
    assert ranked[0] == "fraud" and "parts" in ranked


def test_words_next_to_each_other_outrank_scattered_words(engine):
    assert ids(engine, "sociale economie")[:2] == ["pair", "apart"]


def test_extras_never_widen_a_filtered_or_excluding_query(engine):
    assert "parts" not in ids(engine, "belastingfraude -voertuigen")
    assert ids(engine, "belastingfraude AND aanpakken") == []  # no document holds both words


@pytest.mark.parametrize(
    ("word", "parts"),
    [("belastingfraude", ("belasting", "fraude")), ("accijnstarieven", ("accijns", "tarieven")),
     ("arbeidsmarkt", ("arbeid", "markt")), ("uitgavenbegrotingen", ("uitgaven", "begrotingen")),
     ("maatwerkbedrijven", ("maatwerk", "bedrijven")), ("minister", ()), ("gemeente", ()), ("vlaanderen", ())],
)  # fmt: skip
def test_compound_parts_golden_table(word, parts):
    assert compound_parts(word) == parts


@given(st.text(max_size=40))
def test_compound_splitting_never_raises_and_parts_come_from_the_word(word):
    for part in compound_parts(word.lower()):
        assert part in word.lower() and len(part) >= 4


def test_feedback_finds_documents_that_share_the_top_documents_words(tmp_path):
    topics = ["windmolens op zee", "kinderopvang in steden", "treinen en stations", "gevangenissen en cellen",
              "belasting op tabak", "ziekenhuizen en artsen", "scholen en leraren", "wegen en bruggen"]  # fmt: skip
    docs = [{"id": "a", "question": "Hoeveel ambtenaren zijn personeelsleden met een contractuele wedde?"},
            {"id": "b", "question": "Krijgen contractuele personeelsleden dezelfde wedde?"},
            *({"id": f"f{i}", "question": f"Vraag over {t}."} for i, t in enumerate(topics))]  # fmt: skip
    home = IndexHome(tmp_path / "index")
    update_index(home, [write_corpus(tmp_path / "src", docs)])
    with SearchEngine(home) as plain, SearchEngine(home, ranking=DEFAULT_RANKING.with_feedback()) as expanded:
        assert ids(plain, "ambtenaar") == ["a"]
        assert ids(expanded, "ambtenaar") == ["a", "b"]
        (hit, _) = expanded.search("ambtenaar").hits
        assert all(p.question_hits for p in hit.passages)  # the query word is marked, feedback words are not


def test_an_abbreviation_finds_its_full_form_and_the_reverse(tmp_path):
    docs = [{"id": "short", "question": "Hoeveel leefloners helpt het OCMW van Gent?"},
            {"id": "long", "question": "Wat doet het openbaar centrum voor maatschappelijk welzijn van Brugge?"},
            {"id": "other", "question": "Hoeveel treinen rijden er naar Gent?"}]  # fmt: skip
    home = IndexHome(tmp_path / "index")
    update_index(home, [write_corpus(tmp_path / "src", docs)])
    with SearchEngine(home) as engine:
        assert ids(engine, "ocmw") == ["short", "long"]
        assert ids(engine, "openbaar centrum voor maatschappelijk welzijn")[:2] == ["long", "short"]


GRAM_DOCS = [
    {"id": "word", "title": "Hypotheek", "question": "Hoeveel gezinnen hebben een hypotheek?", "answer": ANS},
    {"id": "form", "title": "Leningen", "question": "Hoeveel hypothecaire leningen werden afgesloten?", "answer": ANS},
    {"id": "other", "title": "Wegen", "question": "Hoeveel wegen werden hersteld?", "answer": ANS},
    {"id": "weak", "title": "Links", "question": "Werkt de hyperlink op de website?", "answer": ANS},
]


def test_a_word_finds_its_other_forms_through_grams_below_the_word_itself(tmp_path):
    """``hypotheek`` and ``hypothecaire`` share no stem and no compound part, only letters."""
    home = IndexHome(tmp_path / "index")
    update_index(home, [write_corpus(tmp_path / "src", GRAM_DOCS)])
    with SearchEngine(home) as engine:
        assert ids(engine, "hypotheek") == ["word", "form"]
        assert engine.search("hypotheek").total == 2
    with SearchEngine(home, ranking=DEFAULT_RANKING.with_grams(weight=0.0)) as without:
        assert ids(without, "hypotheek") == ["word"]


def test_grams_of_a_word_the_document_holds_add_only_their_share(tmp_path):
    """``word`` holds ``hypotheek``, which its stem scores already: its grams add ``held_share``
    of what they would. ``form`` (``hypothecaire``) holds only the grams: they add all of it."""
    home = IndexHome(tmp_path / "index")
    update_index(home, [write_corpus(tmp_path / "src", GRAM_DOCS)])
    share = DEFAULT_RANKING.grams.held_share

    def scores(ranking):
        with SearchEngine(home, ranking=ranking) as engine:
            return {hit.document.id: hit.score for hit in engine.search("hypotheek", passages=0).hits}

    shared = scores(DEFAULT_RANKING)
    whole = scores(DEFAULT_RANKING.with_grams(held_share=1.0))
    words = scores(DEFAULT_RANKING.with_grams(weight=0.0))
    assert 0 < share < 1
    assert shared["form"] == whole["form"] > 0
    assert shared["word"] - words["word"] == pytest.approx(share * (whole["word"] - words["word"]))
    assert shared["word"] < whole["word"]


def test_grams_are_weighed_by_bm25s_idf_and_words_by_whooshs(tmp_path):
    """Whoosh's IDF never falls below 1, which for thirty mostly common grams a query brings
    added up to noise; BM25's own goes to 0 for a gram every document holds."""
    import math

    home = IndexHome(tmp_path / "index")
    update_index(home, [write_corpus(tmp_path / "src", GRAM_DOCS)])
    with SearchEngine(home) as engine:
        searcher = engine.searcher
        total = searcher.doc_count_all()
        grams = {gram.decode(): searcher.doc_frequency("grams", gram) for gram in searcher.lexicon("grams")}
        for gram, found in grams.items():
            assert searcher.idf("grams", gram) == pytest.approx(math.log(1 + (total - found + 0.5) / (found + 0.5)))
        assert searcher.idf("grams", "_hoe") < 1 <= math.log(total / (grams["_hoe"] + 1)) + 1
        found = searcher.doc_frequency("body", "hypotheek")
        assert searcher.idf("body", "hypotheek") == pytest.approx(math.log(total / (found + 1)) + 1)


def test_a_document_sharing_few_of_the_query_grams_is_not_found_by_them(tmp_path):
    """``hyperlink`` shares one gram of eight with ``hypotheek`` (``_hyp``): too few to count as a match."""
    home = IndexHome(tmp_path / "index")
    update_index(home, [write_corpus(tmp_path / "src", GRAM_DOCS)])
    with SearchEngine(home) as engine:
        assert "weak" not in ids(engine, "hypotheek")
        assert "weak" in ids(engine, "hypotheek hyperlink")  # found by its word; its one gram adds
    with SearchEngine(home, ranking=DEFAULT_RANKING.with_grams(share=0.0)) as any_gram:
        assert ids(any_gram, "hypotheek") == ["word", "form", "weak"]


def test_range_values_and_excluded_words_give_no_extras():
    """``to`` in ``datum:[2017-01 to 2017-06]`` is syntax: it must not become grams (``_to_``)."""
    from parlzoek.query.language import plain_words

    assert plain_words("accijns datum:[2017-01 to 2017-06] nr:{1 TO 5} -tabak jaar:2017") == ["accijns"]


@pytest.mark.parametrize(
    "text",
    [
        '(vraagsteller:"van den bergh" OR partij:groen) "sociale fraude" -tabak jaar:2017',
        'vraagsteller:"van den bergh" fraude',
        "titel:(den bergh) fraude",
    ],
)
def test_a_fields_quoted_value_is_no_body_word_pair_or_gram(engine, text):
    """``vraagsteller:"van den bergh"`` filters on the asker: its words never rank the body,
    pair up with the words after the quote (``"bergh social"``) or become grams and marks."""
    parsed = engine.search(text).parsed
    outside = re.sub(r"(asker|title):(\"[^\"]*\"|\S+)", "", parsed)
    assert not re.search(r"bergh|\bden\b|_den|berg", outside), parsed


def test_grams_most_documents_hold_are_left_out_of_a_query(tmp_path):
    """Where reading them would cost (``costly``, lowered here), grams in more than ``common`` of
    the documents go; the share a document needs counts the rest."""
    from parlzoek.engine.nodes import MinimumMatchOr

    home = IndexHome(tmp_path / "index")
    update_index(home, [write_corpus(tmp_path / "src", GRAM_DOCS)])
    pruning = DEFAULT_RANKING.with_grams(costly=0, common=0.3)  # of 4 documents: grams in 2 or more go
    with SearchEngine(home) as plain, SearchEngine(home, ranking=pruning) as engine:
        (before,) = [node for node in nodes_of(plain.query_for("hypotheek")) if isinstance(node, MinimumMatchOr)]
        (after,) = [node for node in nodes_of(engine.query_for("hypotheek")) if isinstance(node, MinimumMatchOr)]
        held = {term.text: engine.searcher.doc_frequency("grams", term.text) for term in before.subqueries}
        assert [term.text for term in after.subqueries] == [gram for gram, count in held.items() if count < 2]
        assert len(after.subqueries) < len(before.subqueries)
        assert after.minimum == pruning.grams.needed(len(after.subqueries)) < before.minimum
        assert ids(engine, "hypotheek") == ["word"]  # "form" held only grams that went


def test_a_ranking_is_a_value_variants_leave_the_default_alone_and_it_pickles():
    """Batch worker processes get their ranking pickled; a variant is a new value, never an edit."""
    import pickle
    from dataclasses import FrozenInstanceError

    from parlzoek.ranking.model import FeedbackSettings, Ranking

    variant = DEFAULT_RANKING.with_grams(weight=0.0).with_feedback(FeedbackSettings(terms=5))
    assert (DEFAULT_RANKING.grams.weight, DEFAULT_RANKING.feedback) == (0.4, None)
    assert (variant.grams.weight, variant.grams.share, variant.feedback.terms) == (0.0, 0.5, 5)
    assert pickle.loads(pickle.dumps(variant)) == variant
    with pytest.raises(TypeError):
        variant.field_weights["body"] = 2.0  # type: ignore[index]
    with pytest.raises(FrozenInstanceError):
        variant.pair_weight = 0.0  # type: ignore[misc]
    assert Ranking(field_weights={"body": 1.0}).field_weights == {"body": 1.0}
