"""Write small PDFs for the tests: text pages, an image-only page, an encrypted copy.

A PDF writer of our own, some forty lines, keeps the fixtures reproducible without adding a
PDF-producing dependency. Run it as a script to write the fixture PDFs to a folder:
``python tests/make_pdf.py OUTDIR``; ``python tests/make_pdf.py --flemish`` rewrites the PDFs of
``fixtures/flemish/`` from their ``*.pdf.src`` sources.
"""

from __future__ import annotations

import io
import sys
import textwrap
from pathlib import Path


def _escape(line: str) -> bytes:
    raw = line.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


BOLD = "**"  # a line starting with this is set in Helvetica-Bold (the official PDFs' subject)


def _line_ops(line: str) -> bytes:
    if line.startswith(BOLD):
        return b"/F2 10 Tf (" + _escape(line[len(BOLD) :]) + b") Tj /F1 10 Tf T*"
    return b"(" + _escape(line) + b") Tj T*"


def _content(lines: list[str]) -> bytes:
    ops = [b"BT /F1 10 Tf 12 TL 50 800 Td"]
    ops += [_line_ops(line) for line in lines]
    ops.append(b"ET")
    return b"\n".join(ops)


def _two_column_content(left: list[str], right: list[str]) -> bytes:
    """Both columns written row by row (left line, then the right line beside it), as many
    typesetting programs write them: a reader that follows the stream mixes the columns."""
    ops = [b"BT /F1 8 Tf"]
    for row in range(max(len(left), len(right))):
        y = 800 - 10 * row
        for x, column in ((50, left), (310, right)):
            if row < len(column) and column[row]:
                ops.append(b"1 0 0 1 %d %d Tm (" % (x, y) + _escape(column[row]) + b") Tj")
    ops.append(b"ET")
    return b"\n".join(ops)


def two_column_pages(text: str, width: int = 44, lines_per_column: int = 72) -> list[tuple[list[str], list[str]]]:
    """``text`` wrapped to ``width`` characters and set in two columns per page (left, then right)."""
    lines = []
    for paragraph in text.split("\n"):
        lines.extend(textwrap.wrap(paragraph, width, break_on_hyphens=False) or [""])
    lines_per_column = min(lines_per_column, (len(lines) + 1) // 2)  # a short text fills both columns
    per_page = 2 * lines_per_column
    pages = [lines[i : i + per_page] for i in range(0, len(lines), per_page)] or [[]]
    return [(page[:lines_per_column], page[lines_per_column:]) for page in pages]


def two_column_pdf_bytes(pages: list[tuple[list[str], list[str]]]) -> bytes:
    """A PDF whose pages are set in two columns (x 50 and x 310), written row by row."""
    return pdf_bytes([], contents=[_two_column_content(left, right) for left, right in pages])


def pdf_bytes(pages: list[list[str]], contents: list[bytes] | None = None) -> bytes:
    """A PDF with one page per list of lines (or per ready content stream in ``contents``),
    Helvetica in WinAnsiEncoding (so é, ë survive); lines starting with ``BOLD`` in Helvetica-Bold."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    font_ref = 3
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    kids = []
    for stream in contents if contents is not None else [_content(lines) if lines else b"" for lines in pages]:
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content_ref = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> >>" % (content_ref, font_ref, font_ref + 1)
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % len(kids)
    out = io.BytesIO(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def encrypted_pdf_bytes(pages: list[list[str]], password: str = "geheim") -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(pages))))
    writer.encrypt(user_password=password, owner_password=password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def text_pages(text: str, lines_per_page: int = 60) -> list[list[str]]:
    lines = text.split("\n")
    return [lines[i : i + lines_per_page] for i in range(0, len(lines), lines_per_page)] or [[]]


PAGE_BREAK = "\f"  # in a fixture's PDF source (``*.pdf.src``): a new page starts here


def pdf_from_source(source: str) -> bytes:
    """A fixture PDF from its source text: ``BOLD`` marks bold lines, ``PAGE_BREAK`` new pages."""
    pages = [page.strip("\n").split("\n") for page in source.split(PAGE_BREAK)]
    return pdf_bytes(pages)


def write_flemish_pdfs(folder: Path) -> list[Path]:
    """(Re)write every ``NAME.pdf`` of ``folder`` from its ``NAME.pdf.src``."""
    written = []
    for source in sorted(folder.glob("*.pdf.src")):
        target = source.with_suffix("")
        target.write_bytes(pdf_from_source(source.read_text(encoding="utf-8")))
        written.append(target)
    return written


if __name__ == "__main__":
    if sys.argv[1:] == ["--flemish"]:
        for written in write_flemish_pdfs(Path(__file__).parent / "fixtures" / "flemish"):
            print(written)
        sys.exit(0)
    target = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    target.mkdir(parents=True, exist_ok=True)
    official = (Path(__file__).parent / "fixtures" / "official-layout.txt").read_text(encoding="utf-8")
    (target / "official-layout.pdf").write_bytes(pdf_bytes(text_pages(official, 40)))
    (target / "encrypted.pdf").write_bytes(encrypted_pdf_bytes(text_pages(official)))
    (target / "image-only.pdf").write_bytes(pdf_bytes([[]]))
