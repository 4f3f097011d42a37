"""Older years' file formats: Word (.docx, .doc), RTF, two-column PDFs, and files known by content."""

from __future__ import annotations

import contextlib
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from make_pdf import pdf_bytes, text_pages, two_column_pages, two_column_pdf_bytes
from make_word import DOCX_2007, TWO_COLUMN_2002, docx_bytes, rtf_bytes, write_fixtures
from strength import examples

from parlzoek.corpus import load
from parlzoek.corpus.filetext import file_text
from parlzoek.corpus.pdf import extract_pdf_text, gutter
from parlzoek.corpus.rtf import extract_rtf_text
from parlzoek.corpus.word import extract_docx_text
from parlzoek.errors import SourceError

FLEMISH = Path(__file__).parent / "fixtures" / "flemish"
needs_antiword = pytest.mark.skipif(shutil.which("antiword") is None, reason="needs antiword: apt-get install antiword")


def test_docx_gives_words_list_numbers_and_table_rows_in_reading_order():
    text = extract_docx_text(docx_bytes(DOCX_2007))
    assert "1. Hoeveel kilometer fietspad" in text and "2. Hoeveel kilometer gewestweg" in text
    assert "\nProvincie\tKilometer\nAntwerpen\t48\nLimburg\t39\n" in text
    answer = text[text.index("ANTWOORD") :]
    assert "1. In 2006 werd 212 kilometer" in answer and "2. Langs 1.870 kilometer" in answer  # numbering restarts


def test_docx_header_lines_run_on_and_prose_paragraphs_stay_apart():
    text = extract_docx_text(docx_bytes(DOCX_2007))
    assert text.startswith("SCHRIFTELIJKE VRAAG\nnr. 145\nvan ELS MARTENS\ndatum: 12 januari 2007\n")
    assert "tegen 2010.\n\n1. Hoeveel" in text


def test_a_corrupt_or_inflating_docx_is_a_problem(tmp_path):
    (tmp_path / "a.docx").write_bytes(b"PK\x03\x04 not a zip")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b" " * (65 * 1024 * 1024))
    (tmp_path / "b.docx").write_bytes(bomb.getvalue())
    messages = [p.message for p in load([tmp_path]).problems]
    assert messages[0].startswith("corrupt .docx") and "zip bomb" in messages[1]


def test_rtf_escapes_paragraphs_and_table_rows():
    assert extract_rtf_text(rtf_bytes("Caf\u00e9 {1}\nHarmonie\u00ebn")) == "Caf\u00e9 {1}\nHarmonie\u00ebn"
    table = rb"{\rtf1\ansi{\fonttbl{\f0 Arial;}}Kop:\par\trowd A\cell 1\cell\row\trowd B\cell 2\cell\row}"
    assert extract_rtf_text(table) == "Kop:\n\nA\t1\nB\t2"
    with pytest.raises(SourceError, match="not an RTF file"):
        extract_rtf_text(b"Dit is gewone tekst")


@needs_antiword
def test_doc_through_antiword():
    text = file_text(FLEMISH / "word-2004.doc")
    assert text.startswith("SCHRIFTELIJKE VRAAG\nnr. 27\nvan JAN HERMANS\n")
    assert "\n\n2. In 2005 komt er 4,5 miljoen euro bij voor gezinszorg." in text


def test_a_file_without_a_useful_extension_is_known_by_its_first_bytes(tmp_path):
    fetched = tmp_path / "schv-1.bin"
    fetched.write_bytes(docx_bytes(DOCX_2007))
    assert file_text(fetched) == extract_docx_text(fetched.read_bytes())
    (tmp_path / "x.bin").write_bytes(b"GIF89a")
    with pytest.raises(SourceError, match="not a PDF, Word or RTF file"):
        file_text(tmp_path / "x.bin")


def test_two_columns_are_read_column_by_column():
    data = (FLEMISH / "two-column-2002.pdf").read_bytes()
    from pypdf import PdfReader

    plain = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "SCHRIFTELIJKE VRAAG 3. Welke maatregelen" in " ".join(plain.split())  # interleaved without us
    assert extract_pdf_text(data).split() == TWO_COLUMN_2002.split()


def test_a_long_text_over_pages_of_two_columns_keeps_its_order():
    text = "\n\n".join(f"{i}. " + " ".join(f"Zin {i}.{j} over dossier {i * j}." for j in range(12)) for i in range(40))
    data = two_column_pdf_bytes(two_column_pages(text))
    assert extract_pdf_text(data).split() == text.split()


def test_a_one_column_page_with_a_table_is_not_split_into_columns():
    lines = ["Het aantal leerlingen per provincie staat in de volgende tabel, naar het schooljaar."]
    lines += [
        f"{name}{' ' * 40}{n}.012{' ' * 20}{n},6 %"
        for n, name in enumerate(
            ["Antwerpen", "Limburg", "Oost-Vlaanderen", "Vlaams-Brabant", "West-Vlaanderen", "Brussel", "Totaal"]
        )
    ]
    lines += ["De cijfers komen uit de databank van het departement en gelden op 1 februari."]  # fmt: skip
    data = pdf_bytes(text_pages("\n".join(lines)))
    from pypdf import PdfReader

    assert extract_pdf_text(data) == PdfReader(io.BytesIO(data)).pages[0].extract_text().strip("\n")


@settings(max_examples=examples(150), deadline=None)
@given(st.text(alphabet=st.sampled_from("{}\\'abc019 \n|ue\u00e9"), max_size=200))
@example("\\uc")  # striprtf read the missing number of \uc as None: a TypeError
def test_rtf_reader_gives_text_or_a_source_error(body):
    with contextlib.suppress(SourceError):
        assert isinstance(extract_rtf_text(("{\\rtf1 " + body).encode("utf-8")), str)


@settings(max_examples=examples(150), deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("ab .1"), max_size=70), max_size=30))
def test_a_gutter_is_blank_on_every_line_with_text_on_both_sides(lines):
    split = gutter(lines)
    if split is not None:
        assert all(len(line) <= split - 1 or line[split - 1] == " " for line in lines)
        assert any(line[:split].strip() and line[split:].strip() for line in lines)


@settings(max_examples=examples(60), deadline=None)
@given(st.binary(max_size=300))
def test_docx_reader_gives_text_or_a_source_error(data):
    with contextlib.suppress(SourceError):
        extract_docx_text(b"PK\x03\x04" + data)


def test_the_generated_fixtures_are_what_make_word_writes(tmp_path):
    """RTF and PDF are byte for byte (a ``.docx`` carries its creation time, so its text is compared)."""
    write_fixtures(tmp_path, tmp_path / "doc-sources")
    for name in ("rtf-2003.rtf", "two-column-2002.pdf"):
        assert (tmp_path / name).read_bytes() == (FLEMISH / name).read_bytes(), name
    for name in ("word-2007.docx", "schv-900718.2.docx"):
        assert file_text(tmp_path / name) == file_text(FLEMISH / name), name
