"""Text out of RTF files through striprtf: one small pure-Python module, no dependencies of its own.

RTF is text with control words; striprtf drops the formatting groups (fonts, colours, styles),
decodes ``\\'e9`` escapes in the document's code page and ``\\u233?`` Unicode escapes, and writes
a table cell's end as ``|`` and a row's end as a line end. Rows become tab-separated cells and
paragraphs are joined as for Word files, so the layout parser reads all three alike.
"""

from __future__ import annotations

import re

from parlzoek.corpus.word import join_paragraphs
from parlzoek.errors import SourceError

_ROW = re.compile(r"^(.*\|)\s*$")


def _rows(text: str) -> list[str]:
    lines = []
    for line in text.split("\n"):
        row = _ROW.match(line)
        lines.append("\t".join(cell.strip() for cell in row.group(1)[:-1].split("|")) if row else line)
    return lines


def extract_rtf_text(data: bytes) -> str:
    """The text of an RTF document, paragraphs and table rows kept.

    Raises:
        SourceError: not RTF, or no text in it.
    """
    from striprtf.striprtf import rtf_to_text

    raw = data.decode("latin-1")  # RTF is 7-bit; 8-bit bytes are read in the code page it declares
    if not raw.lstrip().startswith("{\\rtf"):
        raise SourceError("not an RTF file (it does not start with '{\\rtf')")
    try:
        text = rtf_to_text(raw, errors="replace")
    except (ValueError, TypeError, IndexError, LookupError, RecursionError) as exc:
        raise SourceError(f"corrupt or unsupported RTF ({type(exc).__name__}: {exc})") from exc
    text = join_paragraphs(_rows(text.replace("\r", "")))
    if not text:
        raise SourceError("RTF file has no text")
    return text
