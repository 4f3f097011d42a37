import gzip

from make_pdf import encrypted_pdf_bytes, pdf_bytes, text_pages

from parlzoek.corpus import load


def test_pdf_in_the_official_layout_parses(tmp_path, fixtures):
    text = (fixtures / "official-layout.txt").read_text(encoding="utf-8")
    path = tmp_path / "schv-312.pdf"
    path.write_bytes(pdf_bytes(text_pages(text, 30)))  # two pages
    result = load([path])
    assert result.problems == [] and result.warnings == []
    (doc,) = result.documents
    assert (doc.number, doc.date, doc.asker, doc.minister) == (312, "2024-03-14", "Anne-Marie De Witte", "Jan Peeters")
    assert doc.title == "Werk - Begeleiding van langdurig werkzoekenden"
    assert [p.n for p in doc.passages] == [1, 2, 3]
    # the page break falls inside "opsplit-/sing": the word and its sentence run on
    assert doc.passages[0].answer == (
        "In 2023 kregen 18.412 langdurig werkzoekenden een traject op maat. "
        "De opsplitsing per provincie vindt u in de bijlage."
    )
    assert doc.passages[2].answer.endswith("Via de ESF-oproep ‘Samen naar werk’ ondersteunen we die samenwerking.")


def test_gzipped_pdf(tmp_path, fixtures):
    text = (fixtures / "official-layout.txt").read_text(encoding="utf-8")
    path = tmp_path / "schv-312.pdf.gz"
    path.write_bytes(gzip.compress(pdf_bytes(text_pages(text))))
    assert [d.number for d in load([path]).documents] == [312]


def test_encrypted_scanned_and_corrupt_pdfs_are_problems_and_the_rest_loads(tmp_path, fixtures):
    text = (fixtures / "official-layout.txt").read_text(encoding="utf-8")
    (tmp_path / "a-encrypted.pdf").write_bytes(encrypted_pdf_bytes(text_pages(text)))
    (tmp_path / "b-scanned.pdf").write_bytes(pdf_bytes([[]]))
    (tmp_path / "c-corrupt.pdf").write_bytes(pdf_bytes(text_pages(text))[:300])
    (tmp_path / "d-junk.pdf").write_bytes(b"this is no pdf at all")
    (tmp_path / "e-good.pdf").write_bytes(pdf_bytes(text_pages(text)))
    result = load([tmp_path])
    assert [d.number for d in result.documents] == [312]
    messages = {p.source.rsplit("/", 1)[-1]: p.message for p in result.problems}
    assert messages["a-encrypted.pdf"].startswith("encrypted PDF")
    assert messages["b-scanned.pdf"].startswith("PDF has no text layer")
    assert messages["c-corrupt.pdf"].startswith("corrupt or unsupported PDF")
    assert messages["d-junk.pdf"].startswith("corrupt or unsupported PDF")
