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
MIN_COLUMN_LINES = 5  # a second column alongside fewer lines than this is a table or a margin note
MIN_GUTTER_CHARS = 3
_SHOW_TEXT = (b"Tj", b"TJ", b"'", b'"')
MIN_COLUMN_CHARS = 12


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


def gutter(lines: list[str]) -> int | None:
    """The character column where a second column starts in pypdf's layout rendering, or ``None``.

    A gutter is a band of columns, in the middle half of the widest line, blank on every line,
    with text on both sides of it on at least ``MIN_COLUMN_LINES`` lines and a quarter of the
    lines with text. The two sides must read as prose (median length ``MIN_COLUMN_CHARS``): a
    table's columns leave gutters too, but hold short labels and figures.

    >>> gutter(["links een lange regel tekst     rechts een lange regel tekst"] * 8)
    32
    """
    width = max((len(line) for line in lines), default=0)
    texts = [line for line in lines if line.strip()]
    if not width or not texts:
        return None
    blank = [all(len(line) <= c or line[c] == " " for line in texts) for c in range(width)]
    best: tuple[int, int] | None = None  # (band width, first column right of the band)
    c = width // 4
    while c < 3 * width // 4:
        if not blank[c]:
            c += 1
            continue
        end = c
        while end < width and blank[end]:
            end += 1
        if end - c >= MIN_GUTTER_CHARS and (best is None or end - c > best[0]):
            best = (end - c, end)
        c = end
    if best is None:
        return None
    split = best[1]
    both = [line for line in texts if line[:split].strip() and line[split:].strip()]
    if len(both) < max(MIN_COLUMN_LINES, len(texts) // 4):
        return None
    for side in (slice(None, split), slice(split, None)):
        lengths = sorted(len(line[side].strip()) for line in both)
        if lengths[len(lengths) // 2] < MIN_COLUMN_CHARS:
            return None
    return split


def two_column_text(layout: str) -> str | None:
    """The page read column by column, from pypdf's layout rendering; ``None`` for one column.

    pypdf's plain extraction follows the content stream, and a two-column page written row by
    row (as typesetting programs do) comes out with its columns interleaved line by line. The
    layout rendering places the text as on the page; where a gutter runs through it, the left
    column is read first, then the right, joined like two pages (a sentence runs on). Blank lines
    the rendering keeps (wide vertical gaps) stay paragraph breaks.
    """
    lines = layout.split("\n")
    split = gutter(lines)
    if split is None:
        return None
    left = [line[:split].strip() for line in lines]
    right = [line[split:].strip() for line in lines]
    return join_pages(["\n".join(_trim_blank(left)), "\n".join(_trim_blank(right))])


def _trim_blank(lines: list[str]) -> list[str]:
    """Lines with runs of blank lines made one, none at either end."""
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return out


def may_have_columns(starts: list[float], page_width: float) -> bool:
    """Whether text shown at these x positions could be a second column: ``MIN_COLUMN_LINES`` runs
    starting at one x in the middle band of the page. Cheap, and only a pre-check: most one-column
    pages fail it, so they cost no second (layout) pass; a table may pass it and then fails the gutter.

    >>> may_have_columns([50.0] * 9 + [310.0] * 9, 595), may_have_columns([50.0] * 9 + [297.5], 595)
    (True, False)
    """
    middle = [round(x) for x in starts if 0.3 * page_width <= x <= 0.7 * page_width]
    return bool(middle) and max(middle.count(x) for x in set(middle)) >= MIN_COLUMN_LINES


def page_text(page) -> str:
    """One page's text: column by column where it is set in two columns, else as pypdf reads it."""
    starts: list[float] = []

    def before(operator: bytes, args, cm, tm) -> None:
        if operator in _SHOW_TEXT:
            starts.append(tm[4] * cm[0] + tm[5] * cm[2] + cm[4])

    text = page.extract_text(visitor_operand_before=before) or ""
    if not may_have_columns(starts, float(page.mediabox.width)):
        return text
    return two_column_text(page.extract_text(extraction_mode="layout") or "") or text


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
        pages.append(page_text(page))
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
