import pickle

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from parlzoek.analysis.dutch import dutch_analyzer, name_analyzer
from parlzoek.index.schema import build_schema


def tokens(text, stemmer="dutch_porter", mode="index"):
    return [t.text for t in dutch_analyzer(stemmer)(text, mode=mode)]


# (word, dutch_porter stem, dutch stem): protected words map every form to one stem whatever the
# algorithm; the rest is snowball's own output, pinned so that a changed stemmer is noticed.
GOLDEN = [
    ("minister", "minister", "minister"),
    ("ministers", "minister", "minister"),
    ("gemeente", "gemeente", "gemeente"),
    ("gemeenten", "gemeente", "gemeente"),
    ("mening", "mening", "mening"),
    ("gezondheid", "gezondheid", "gezondheid"),
    ("Vlaamse", "vlaams", "vlaams"),
    ("Vlaanderen", "vlaanderen", "vlaanderen"),
    ("regeringen", "regering", "regering"),
    ("maatwerkbedrijven", "maatwerkbedrijv", "maatwerkbedrijf"),
    ("maatwerkbedrijf", "maatwerkbedrijf", "maatwerkbedrijf"),
    ("samenwerkingsverbanden", "samenwerkingsverband", "samenwerkingsverband"),
    ("werknemers", "werknemer", "werknemer"),
    ("VDAB", "vdab", "vdab"),
    ("OCMW", "ocmw", "ocmw"),
    ("ESF", "esf", "esf"),
]


@pytest.mark.parametrize(("word", "porter", "dutch"), GOLDEN)
def test_golden_stems(word, porter, dutch):
    assert tokens(word, "dutch_porter") == [porter]
    assert tokens(word, "dutch") == [dutch]


@pytest.mark.parametrize(
    ("a", "b"),
    [("financiën", "financien"), ("België", "Belgie"), ("essentiële", "essentiele"), ("coördinatie", "coordinatie")],
)
def test_diacritics_fold_before_stemming(a, b):
    assert tokens(a) == tokens(b)


def test_hyphenated_words_index_parts_and_joined_form_at_index_time_only():
    assert tokens("ESF-tender") == ["esf", "tender", "esftender"]
    assert tokens("ESF-tender", mode="query") == ["esf", "tender"]
    positions = [(t.text, t.pos) for t in dutch_analyzer()("de ESF-tender loopt", positions=True)]
    first = positions[0][1]
    assert positions == [("esf", first), ("tender", first + 1), ("esftender", first), ("loop", first + 2)]


def test_stop_words_numbers_and_empty_text():
    assert tokens("de minister van het OCMW") == ["minister", "ocmw"]
    assert tokens("nr. 687 van 8 juni 2017: 18.412 euro") == ["nr", "687", "8", "juni", "2017", "18.412", "euro"]
    assert tokens("") == [] and tokens(" , . ") == [] and tokens("de het een") == []


def test_names_are_not_stemmed():
    assert [t.text for t in name_analyzer()("Liesbeth Homans, Vlaamse minister")] == [
        "liesbeth", "homans", "vlaamse", "minister",
    ]  # fmt: skip


def test_analyzer_and_schema_pickle():
    schema = pickle.loads(pickle.dumps(build_schema("dutch")))
    assert [t.text for t in schema["answer"].analyzer("gemeenten")] == ["gemeente"]


@given(st.text())
def test_analysis_never_raises_and_offsets_slice_back_to_the_text(text):
    analyzer = dutch_analyzer()
    for mode in ("index", "query"):
        for token in analyzer(text, chars=True, positions=True, mode=mode):
            surface = text[token.startchar : token.endchar]
            assert 0 <= token.startchar < token.endchar <= len(text)
            assert surface and not any(ch.isspace() for ch in surface)
            assert token.text in [t.text for t in analyzer(surface)]


@given(st.text(alphabet=st.sampled_from(list("aeiouAEIOUéëÉ-‐ .,0123456789dtnsrgkVDAB\n'’ß")), max_size=60))
def test_fast_term_spans_match_the_analyzer_exactly(text):
    from parlzoek.analysis.dutch import stem_function, term_spans

    analyzer = dutch_analyzer()
    expected = [(t.startchar, t.endchar, t.text)
                for t in analyzer(text, chars=True, mode="query", removestops=False) if not t.stopped]  # fmt: skip
    assert list(term_spans(text, stem_function(analyzer))) == expected


@given(st.text(max_size=40))
def test_fast_term_spans_match_the_analyzer_on_any_text(text):
    from parlzoek.analysis.dutch import stem_function, term_spans

    analyzer = dutch_analyzer()
    expected = [(t.startchar, t.endchar, t.text)
                for t in analyzer(text, chars=True, mode="query", removestops=False) if not t.stopped]  # fmt: skip
    assert list(term_spans(text, stem_function(analyzer))) == expected


CHAIN_TEXT = st.text(alphabet=st.sampled_from(list("aeiouAEIOUéëÉ-‐ .,0123456789dtnsrgkVDAB\n'’ß")), max_size=60)
COMPOUND_TEXT = st.lists(
    st.sampled_from(["belastingfraude", "arbeidsmarkt", "accijnstarieven", "de", "en", "minister", "zo-", "x"]),
    max_size=12,
).map(" ".join)


@given(st.one_of(CHAIN_TEXT, st.text(max_size=40)))
@example("İstanbul-akkoord ÉÉN ẞ")  # lower-casing the whole text would change its length
def test_fast_index_terms_match_the_dutch_chain_exactly(text):
    analyzer = dutch_analyzer()
    expected = [(t.text, t.pos) for t in analyzer(text, positions=True, mode="index")]
    analyzer.index_terms(" ".join(f"woord{n}" for n in range(20)))
    assert analyzer.index_terms(text) == expected


@given(st.one_of(COMPOUND_TEXT, st.text(max_size=40)))
@example("İbelastingfraude BELASTINGFRAUDE")
def test_fast_parts_terms_match_the_parts_chain_exactly(text):
    from parlzoek.analysis.dutch import parts_analyzer

    analyzer = parts_analyzer()
    expected = [(t.text, t.pos) for t in analyzer(text, positions=True, mode="index")]
    analyzer.index_terms(" ".join(f"woord{n}" for n in range(20)))
    assert analyzer.index_terms(text) == expected


@given(st.lists(st.one_of(CHAIN_TEXT, COMPOUND_TEXT, st.text(max_size=30)).filter(bool), max_size=4))
def test_texts_analysed_apart_number_on_as_the_joined_text_does(parts):
    """``body`` is indexed from its title, question and answer analysed one by one."""
    from parlzoek.analysis.dutch import PART_SEPARATOR, parts_analyzer

    for analyzer in (dutch_analyzer(), parts_analyzer()):
        assert analyzer.index_terms(tuple(parts)) == analyzer.index_terms(PART_SEPARATOR.join(parts))


def test_remembered_analyses_belong_to_their_own_text():
    """Texts come and go (20 documents' worth, past the memory of the last few): each gets its own terms."""
    analyzer = dutch_analyzer()
    words = ["belastingfraude", "accijnstarieven", "vdab", "ESF-tender", "de minister"]
    for n in range(20):
        text = f"{words[n % len(words)]} {n}"
        expected = [(t.text, t.pos) for t in analyzer(text, positions=True, mode="index")]
        assert analyzer.index_terms(text) == analyzer.index_terms((text,)) == expected


def test_the_word_memo_is_bounded_and_forgetting_changes_nothing(monkeypatch):
    from parlzoek.analysis import dutch as analysis

    monkeypatch.setattr(analysis, "_MEMO_SIZE", 3)
    analyzer = dutch_analyzer()
    text = "De ESF-tender voor belastingfraude bij gemeenten en het OCMW"
    expected = [(t.text, t.pos) for t in analyzer(text, positions=True, mode="index")]
    analyzer.index_terms(" ".join(f"woord{n}" for n in range(20)))
    assert analyzer.index_terms(text) == analyzer.index_terms(text + " ") == expected
    assert len(analysis._MEMOS[analysis._dutch_word, analysis.stem_function(analyzer)]) <= len(text.split())


@given(st.one_of(CHAIN_TEXT, st.text(max_size=40)))
def test_fast_spelling_words_match_the_chain_without_stemming(text):
    from whoosh.fields import TEXT

    from parlzoek.index.schema import DutchText

    analyzer = dutch_analyzer()
    field = DutchText(analyzer=analyzer, spelling=True)
    assert list(field.spellable_words(text)) == list(TEXT(analyzer=analyzer, spelling=True).spellable_words(text))


@given(st.lists(st.one_of(CHAIN_TEXT, COMPOUND_TEXT, st.text(max_size=30)), max_size=3))
@example(["İstanbul-akkoord ÉÉN ẞ", "a_b de x"])
def test_fast_gram_counts_match_the_grams_chain_exactly(parts):
    """The grams field is indexed through ``index_counts``; the query goes through the chain."""
    from collections import Counter

    from parlzoek.analysis.dutch import PART_SEPARATOR
    from parlzoek.analysis.grams import grams_analyzer

    analyzer = grams_analyzer()
    joined = PART_SEPARATOR.join(parts)
    expected = Counter(t.text for t in analyzer(joined, mode="index"))
    assert analyzer.index_counts(tuple(parts)) == analyzer.index_counts(joined) == expected


def test_grams_mark_word_edges_and_skip_stop_words_and_single_letters():
    from parlzoek.analysis.grams import grams_analyzer

    grams = [t.text for t in grams_analyzer()("De Financiën, x en VDAB", mode="query")]
    assert grams == ["_fin", "fina", "inan", "nanc", "anci", "ncie", "cien", "ien_", "_vda", "vdab", "dab_"]


@given(st.lists(st.one_of(CHAIN_TEXT, st.text(max_size=30)).filter(bool), min_size=1, max_size=2))
def test_gram_field_postings_are_whooshs_frequency_postings(parts):
    from whoosh.fields import TEXT

    from parlzoek.analysis.dutch import PART_SEPARATOR
    from parlzoek.analysis.grams import grams_analyzer
    from parlzoek.index.schema import GramText

    analyzer = grams_analyzer()
    ours = GramText(analyzer=analyzer).index(tuple(parts))
    whooshs = TEXT(analyzer=analyzer, phrase=False).index(PART_SEPARATOR.join(parts))
    assert sorted(ours) == sorted(whooshs)
