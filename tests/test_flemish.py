import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parlzoek.corpus import load, sample_corpus_dir
from parlzoek.corpus.flemish import parse_text


@pytest.fixture(scope="module")
def sample():
    result = load([sample_corpus_dir()])
    assert result.problems == [] and result.warnings == []
    (document,) = result.documents
    return document


def test_sample_metadata(sample):
    assert sample.number == 687
    assert sample.date == "2017-06-08"
    assert sample.session_year == "2016-2017"
    assert sample.minister == "Liesbeth Homans"
    assert sample.minister_function.startswith("Viceminister-president van de Vlaamse Regering, Vlaams minister")
    assert sample.title == "Samenwerking reguliere bedrijven en maatwerkbedrijven - Evaluatie"


def test_sample_passages_pair_sub_question_k_with_answer_k(sample):
    assert [p.n for p in sample.passages] == [1, 2, 3, 4]
    first, second, third, fourth = sample.passages
    assert first.question.startswith("Op 17 februari 2017 werd het nieuwe Maatwerkdecreet")
    assert first.question.endswith("Graag een overzicht per provincie, sinds 2012.")
    assert first.answer.startswith("Aangezien dit bedrijfsgevoelige")
    assert second.question == (
        "Wat zijn de meest gebruikte diensten van de maatwerkbedrijven in Vlaanderen bij de reguliere bedrijven?"
    )
    assert second.answer == "Idem. Ik beschik niet over zulk overzicht."
    assert third.question.startswith("Hoe evalueert de minister")
    assert third.answer.startswith("Elke vorm van samenwerking")
    assert fourth.answer.endswith("op zoek naar samenwerking met sociale economie-ondernemingen.")


def test_sample_has_no_line_break_artefacts(sample):
    for text in (sample.question, sample.answer):
        for paragraph in text.split("\n\n"):
            assert "\n" not in paragraph and "  " not in paragraph and paragraph == paragraph.strip()
    assert "doelgroepwerknemers" in sample.answer
    assert "ESF-tender" in sample.answer
    assert "sociale economie-ondernemingen" in sample.answer
    assert "essentiële" in sample.question  # diacritics kept in stored text
    assert "LIESBETH" not in sample.question and "ANTWOORD" not in sample.answer


@pytest.mark.parametrize("name", ["official-layout.txt", "official-layout-broken-lines.txt"])
def test_official_combined_layout(fixtures, name):
    parsed = parse_text((fixtures / name).read_text(encoding="utf-8"))
    assert parsed.warnings == []
    assert parsed.number == 312
    assert parsed.date == "2024-03-14"
    assert parsed.session_year == "2023-2024"
    assert parsed.asker == "Anne-Marie De Witte"
    assert parsed.minister == "Jan Peeters"
    assert parsed.minister_function == "Vlaams minister van Werk, Economie, Innovatie en Sociale Economie"
    assert parsed.title == "Werk - Begeleiding van langdurig werkzoekenden"
    assert parsed.question.startswith("De VDAB begeleidt")
    assert "JAN PEETERS" not in parsed.question and "ANTWOORD" not in parsed.question
    assert parsed.answer.startswith("1. In 2023 kregen 18.412")


def test_official_layout_document_passages(fixtures):
    (document,) = load([fixtures / "official-layout.txt"]).documents
    assert document.id == "vp-2023-2024-312-jan-peeters"
    assert [p.n for p in document.passages] == [1, 2, 3]
    assert document.passages[0].answer == (
        "In 2023 kregen 18.412 langdurig werkzoekenden een traject op maat. "
        "De opsplitsing per provincie vindt u in de bijlage."
    )
    assert document.passages[2].question == "Welke rol spelen de lokale besturen in die trajecten?"
    assert [(s.minister, s.number) for s in document.siblings] == [("Jan Peeters", 312), ("Els Van Damme", 98)]


def test_unknown_layout_is_a_best_effort_record_with_a_warning():
    parsed = parse_text("Een titel\nEen tekst zonder koppen.\nNog een regel.")
    assert parsed.title == "Een titel"
    assert parsed.question == "Een tekst zonder koppen. Nog een regel."
    assert parsed.answer is None
    assert len(parsed.warnings) == 1 and "layout not recognised" in parsed.warnings[0]


def test_unanswered_official_question_has_no_answer(fixtures):
    text = (fixtures / "official-layout.txt").read_text(encoding="utf-8")
    parsed = parse_text(
        text[
            : text.index("\nJAN PEETERS\nVLAAMS MINISTER VAN WERK, ECONOMIE, INNOVATIE EN SOCIALE\nECONOMIE\nANTWOORD")
        ]
    )
    assert parsed.answer is None and parsed.number == 312 and parsed.minister == "Jan Peeters"


_layout_words = st.sampled_from(
    ["SCHRIFTELIJKE VRAAG", "nr. 12", "van JAN PEETERS", "datum:", "8 juni 2017", "ANTWOORD", "op vraag nr. 3 van",
     "1.", "2.", "\n", "\n\n", "MINISTER", "-\n", "Idem.", "?", " "]
)  # fmt: skip


@given(st.one_of(st.text(), st.lists(st.one_of(_layout_words, st.text(max_size=4)), max_size=40).map(" ".join)))
def test_parsing_never_raises(text):
    parsed = parse_text(text)
    assert isinstance(parsed.question, str)
    assert not re.search(r"\n{3,}", parsed.question)
