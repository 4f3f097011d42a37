import pytest
from hypothesis import given
from hypothesis import strategies as st

from parlzoek.corpus.textclean import normalize, unwrap


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("potentiële doelgroep-\nwerknemers", "potentiële doelgroepwerknemers"),
        ("via de ESF-\ntender", "via de ESF-tender"),
        ("sociale economie-\nondernemingen", "sociale economie-ondernemingen"),
        ("een zee-\negel", "een zee-egel"),
        ("Oost-\nVlaanderen", "Oost-Vlaanderen"),
        ("in 2017-\n2018", "in 2017-2018"),
        ("land-\nen tuinbouw", "land- en tuinbouw"),
        ("een verzeke-\nring", "een verzekering"),
        ("een lange\nzin over\ntwee regels", "een lange zin over twee regels"),
        ("een gedachte -\nen een streepje", "een gedachte - en een streepje"),
    ],
)
def test_line_end_hyphens(text, expected):
    assert unwrap(text) == expected


def test_hyphenated_form_elsewhere_in_the_document_wins():
    # "ideeën" style vowel clash would keep the hyphen; the joined form in the text says otherwise
    text = "De coördinatie-\naanpak werkt.\n\nDe coördinatieaanpak is nieuw."
    assert unwrap(text).startswith("De coördinatieaanpak werkt.")
    assert unwrap("Een kanker-\nbehandeling en nog een kanker-behandeling.").startswith("Een kanker-behandeling")


def test_numbered_items_start_paragraphs_and_bullets_lines_inside_theirs():
    assert unwrap("Inleiding zonder\nwit.\n1. Eerste?\n2. Tweede?\n- een punt\n- nog een") == (
        "Inleiding zonder wit.\n\n1. Eerste?\n\n2. Tweede?\n- een punt\n- nog een"
    )


def test_normalize_nfc_spaces_and_invisibles():
    decomposed = "financie\u0308n\u00a0en  soft\u00adhyphen\r\nnext"
    assert normalize(decomposed) == "financiën en softhyphen\nnext"


@given(st.text())
def test_unwrap_keeps_every_letter_and_digit(text):
    def letters(s):
        return [ch for ch in normalize(s) if ch.isalnum()]

    assert letters(unwrap(text)) == letters(text)
