"""Text out of PDF files, with pypdf: pure Python, maintained, and enough for born-digital PDFs.

Scanned (image-only) PDFs have no text layer; we say so instead of indexing an empty record.
"""

from __future__ import annotations

import io
import logging

from parlzoek.errors import SourceError

MAX_PAGES = 500  # a written question with its answer runs to a few pages; more is not one document
# Drawing instructions of all pages together. A dense page needs some 50 KB; pypdf's text
# extraction is pure Python (seconds per MB), so a bomb of a few inflated MB would stall a run.
MAX_CONTENT_BYTES = 16 * 1024 * 1024


def join_pages(pages: list[str]) -> str:
    """A page break ends a paragraph only where the page ends a sentence; otherwise the sentence
    (or a word hyphenated across the break) runs on.

    >>> join_pages(["De opsplit-\\n", "sing volgt.", "Nieuw."])
    'De opsplit-\\nsing volgt.\\n\\nNieuw.'
    """
    text = ""
    for page_text in pages:
        page = page_text.strip("\n")
        if text and page:
            text += "\n\n" if text.rstrip()[-1] in ".?!:" else "\n"
        text += page
    return text


def _page_texts(reader, max_content: int) -> list[str]:
    pages, content = [], 0
    for page in reader.pages:
        contents = page.get_contents()  # inflated once; pypdf itself caps one stream at 75 MB
        content += len(contents.get_data()) if contents is not None else 0
        if content > max_content:
            raise SourceError(
                f"PDF page content exceeds {max_content // (1024 * 1024)} MB by page {len(pages) + 1} "
                "(a PDF bomb?); not read"
            )
        pages.append(page.extract_text() or "")
    return pages


def extract_pdf_text(data: bytes, max_pages: int = MAX_PAGES) -> str:
    """The text of every page, pages separated by a blank line.

    Raises:
        SourceError: encrypted, corrupt, oversized or without a text layer.
    """
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise SourceError("encrypted PDF: it needs a password, so its text cannot be read")
        if len(reader.pages) > max_pages:
            raise SourceError(f"PDF has {len(reader.pages)} pages, more than the {max_pages} one document may have")
        pages = _page_texts(reader, MAX_CONTENT_BYTES)
    except SourceError:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            NotImplementedError, RecursionError, AssertionError) as exc:  # fmt: skip
        raise SourceError(f"corrupt or unsupported PDF ({type(exc).__name__}: {exc})") from exc
    text = join_pages(pages)
    if not text.strip():
        raise SourceError("PDF has no text layer (scanned image?); OCR it first")
    return text


BOLD_PAGES = 1  # the subject stands on the first page
_BOLD_FONT = ("bold", "black", "heavy", "demi")


def _is_bold(font: dict | None) -> bool:
    name = str((font or {}).get("/BaseFont", "")).lower()
    return any(weight in name for weight in _BOLD_FONT)


def bold_lines(data: bytes, pages: int = BOLD_PAGES) -> frozenset[str]:
    """The lines of the first ``pages`` set wholly in a bold font, one space between words: the
    official PDFs set the subject in bold, and pypdf reports each text run's font to a visitor.

    A PDF that cannot be read gives no lines (``extract_pdf_text`` reports why); the parser then
    finds the subject from the text alone.
    """
    from pypdf import PdfReader

    lines: set[str] = set()
    runs: list[tuple[str, bool]] = []

    def line_end() -> None:
        text = " ".join("".join(run for run, _ in runs).split())
        if text and all(bold for run, bold in runs if run.strip()):
            lines.add(text)
        runs.clear()

    def visit(text: str, _cm, _tm, font: dict | None, _size) -> None:
        parts = text.split("\n")
        for i, part in enumerate(parts):
            if i:
                line_end()
            if part:
                runs.append((part, _is_bold(font)))

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return frozenset()
        for page in list(reader.pages)[:pages]:
            page.extract_text(visitor_text=visit)
            line_end()
    except Exception:  # a font hint is optional; extract_pdf_text reports the PDF's faults
        return frozenset()
    return frozenset(lines)
