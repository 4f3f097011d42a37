import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parlzoek.corpus import load, sample_corpus_dir
from parlzoek.corpus.flemish import parse_text
from parlzoek.corpus.names import function_text, person_name


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
    parsed = parse_text(text, frozenset(" ".join(line.split()) for line in text.split("\n")[5:9]))
    assert isinstance(parsed.question, str)
    assert not re.search(r"\n{3,}", parsed.question)


@pytest.mark.parametrize(
    ("caps", "name"),
    [
        ("JAN VAN DEN BOSSCHE", "Jan Van den Bossche"),
        ("ANNE-MARIE VAN DER AUWERA", "Anne-Marie Van der Auwera"),
        ("KATRIEN DE RIDDER", "Katrien De Ridder"),
        ("TOM VANDE LANOTTE", "Tom Vande Lanotte"),
        ("PIETER VANDEN BROUCKE", "Pieter Vanden Broucke"),
        ("EVA DE BLEEKER-VAN HOOF", "Eva De Bleeker-Van Hoof"),
        ("LUC VAN 'T HOF", "Luc Van 't Hof"),
        ("SARAH D'HONDT", "Sarah D'Hondt"),
        ("IJSBRAND VERHAEGHE", "IJsbrand Verhaeghe"),
        ("Jan de Backer-Vermeulen", "Jan de Backer-Vermeulen"),  # not in capitals: kept as written
    ],
)
def test_names_from_capitals_keep_their_particles_as_registered(caps, name):
    assert person_name(caps) == name


_registered = st.tuples(
    st.sampled_from(["Jan", "Anne-Marie", "Els", "Koen"]),
    st.sampled_from(["Van den", "Van der", "De", "Van", "Vande", "Vanden", "Van de", "Van 't", ""]),
    st.sampled_from(["Bossche", "Auwera", "Ridder", "Velde", "Hof", "Witte-Van Damme"]),
).map(lambda parts: " ".join(p for p in parts if p))


@given(_registered)
def test_a_registered_name_survives_capitals(name):
    assert person_name(name.upper()) == name


@pytest.mark.parametrize(
    ("caps", "function"),
    [
        ("VLAAMS MINISTER VAN ONDERWIJS EN VORMING", "Vlaams minister van Onderwijs en Vorming"),
        ("VLAAMS MINISTER VAN ONDERWIJS, SPORT, DIERENWELZIJN EN VLAAMSE RAND",
         "Vlaams minister van Onderwijs, Sport, Dierenwelzijn en Vlaamse Rand"),
        ("VLAAMS MINISTER-PRESIDENT VAN DE VLAAMSE REGERING EN VLAAMS MINISTER VAN BUITENLANDSE ZAKEN, CULTUUR",
         "Vlaams minister-president van de Vlaamse Regering en Vlaams minister van Buitenlandse Zaken, Cultuur"),
        ("VLAAMS MINISTER VAN BRUSSEL, JEUGD EN MEDIA", "Vlaams minister van Brussel, Jeugd en Media"),
        ("VLAAMS MINISTER VAN FINANCIËN EN BEGROTING, WONEN EN ONROEREND ERFGOED",
         "Vlaams minister van Financiën en Begroting, Wonen en Onroerend Erfgoed"),
    ],
)  # fmt: skip
def test_functions_capitalise_policy_domains_and_proper_names(caps, function):
    assert function_text(caps) == function


def test_sample_function_names_its_domains_with_capitals(sample):
    assert sample.minister_function == (
        "Viceminister-president van de Vlaamse Regering, Vlaams minister van Binnenlands Bestuur, "
        "Inburgering, Wonen, Gelijke Kansen en Armoedebestrijding"
    )


def _official(subject_lines: str, body: str = "Een inleiding die de vraag schetst.\n1. Hoeveel?\n2. Waarom?") -> str:
    return (
        "SCHRIFTELIJKE VRAAG\nnr. 12\nvan JAN PEETERS\ndatum: 3 oktober 2023\nELS VAN DAMME\n"
        f"VLAAMS MINISTER VAN WERK\n{subject_lines}\n{body}"
    )


@pytest.mark.parametrize(
    ("lines", "topic", "title"),
    [
        ("Lokale besturen\nFusies van gemeenten - Financiële\nschuldovername", "Lokale besturen",
         "Lokale besturen - Fusies van gemeenten - Financiële schuldovername"),
        ("Energie\nPremies voor dakisolatie en warmte-\npompen", "Energie",
         "Energie - Premies voor dakisolatie en warmtepompen"),
        ("Onderwijs\nScholen in de\nVlaamse Rand en in de\nfaciliteitengemeenten", "Onderwijs",
         "Onderwijs - Scholen in de Vlaamse Rand en in de faciliteitengemeenten"),
        ("Kabinetten\nDiversiteitsbeleid", "Kabinetten", "Kabinetten - Diversiteitsbeleid"),
    ],
)  # fmt: skip
def test_subject_is_read_over_all_its_lines(lines, topic, title):
    parsed = parse_text(_official(lines))
    assert (parsed.topic, parsed.title) == (topic, title)
    assert parsed.question.startswith("Een inleiding") and parsed.warnings == []


def test_blank_line_ends_the_subject_where_extraction_keeps_it():
    parsed = parse_text(
        _official("Werk\n\nBegeleiding van werkzoekenden\nNaar een job\n\nEen inleiding.\n1. A?\n2. B?", "")
    )
    assert parsed.title == "Werk - Begeleiding van werkzoekenden Naar een job"


def test_bold_font_decides_where_the_subject_ends():
    subject = "Tramlijn naar Brussel-Noord - Vertraging van de werken aan de Leopold III-laan"
    text = _official(
        f"Mobiliteit\n{subject}\nSituatieschets", "De werken lopen acht maanden vertraging op.\n1. A?\n2. B?"
    )
    assert parse_text(text).title.endswith("Situatieschets")  # the text alone cannot tell
    assert parse_text(text, frozenset({subject})).title == f"Mobiliteit - {subject}"


def test_bold_lines_come_from_the_pdf_fonts():
    from make_pdf import pdf_bytes

    from parlzoek.corpus.pdf import bold_lines

    assert bold_lines(pdf_bytes([["Gewoon", "**Vet  onderwerp", "**op twee regels", "Weer gewoon"]])) == {
        "Vet onderwerp", "op twee regels"
    }  # fmt: skip


def test_several_ministers_become_sibling_pairs_not_question_text():
    body = (
        "Een inleiding.\n1. Hoeveel?\n2. Waarom?\n[Deze vraag werd gesteld aan de ministers Jan Jansen (142), Els\n"
        "Van Damme (98) en Piet Pieters (7)]\nELS VAN DAMME\nVLAAMS MINISTER VAN WERK\nANTWOORD\n"
        "op vraag nr. 12 van 3 oktober 2023\nvan JAN PEETERS\n1. Tien.\n2. Daarom."
    )
    parsed = parse_text(_official("Werk\nJobs", body))
    assert [(s.minister, s.number) for s in parsed.siblings] == [("Jan Jansen", 142), ("Els Van Damme", 98),
                                                                 ("Piet Pieters", 7)]  # fmt: skip
    assert parsed.question.endswith("2. Waarom?") and "Deze vraag" not in parsed.question


def test_page_furniture_is_removed_and_the_sentence_runs_on():
    body = (
        "Een inleiding die over de\nVlaams Parlement — Leuvenseweg 86 — 1000 Brussel — www.vlaamsparlement.be\n2\n"
        "SV 12 (2023-2024) – pagina 2 van 3\npaginagrens loopt.\n1. Hoeveel?\n2. Waarom?"
    )
    parsed = parse_text(_official("Werk\nJobs", body))
    assert parsed.question.startswith("Een inleiding die over de paginagrens loopt.\n\n1. Hoeveel?")


def test_sub_parts_bullets_and_table_rows_keep_their_lines():
    answer = (
        "1. Als volgt:\na) eerst;\nb) dan.\n2. Per provincie:\nProvincie Aantal leerlingen Aandeel\n"
        "Antwerpen 6.012 28,6 %\nLimburg 3.020 14,4 %\nDaarnaast:\n- een punt dat over\ntwee regels loopt;\n"
        "- een ander."
    )
    header = "ELS VAN DAMME\nVLAAMS MINISTER VAN WERK\nANTWOORD\nop vraag nr. 12 van 3 oktober 2023"
    body = f"Inleiding.\n1. A?\n2. B?\n{header}\n{answer}"
    parsed = parse_text(_official("Werk\nJobs", body))
    assert parsed.answer == (
        "1. Als volgt:\na) eerst;\nb) dan.\n\n2. Per provincie:\nProvincie | Aantal leerlingen | Aandeel\n"
        "Antwerpen | 6.012 | 28,6 %\nLimburg | 3.020 | 14,4 %\n\nDaarnaast:\n- een punt dat over twee regels loopt;\n"
        "- een ander."
    )


def test_sample_matches_its_golden_record(fixtures):
    """The bundled sample as parsed before issue 20, but for what that issue called wrong: the
    function's domains in lower case (and the new, empty topic and siblings)."""
    import json

    from flemish_golden import record

    (source,) = sorted(sample_corpus_dir().glob("*.txt"))
    assert record(source) == json.loads((fixtures / "sample.golden").read_text(encoding="utf-8"))


def test_a_question_number_on_a_line_of_its_own_is_no_page_number():
    parsed = parse_text(_official("Werk\nJobs").replace("nr. 12\n", "nr.\n12\n"))
    assert parsed.number == 12 and parsed.warnings == []
