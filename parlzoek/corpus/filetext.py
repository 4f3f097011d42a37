"""The text of one question/answer file, whatever its format: PDF, Word (``.docx``, ``.doc``) or RTF.

The format is the file's extension; a fetched file whose server gave no useful type
(``.bin``) is recognised by its first bytes. Every reader raises ``SourceError`` with a reason.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from parlzoek.corpus.decode import MAX_DOCUMENT_BYTES, MAX_PDF_BYTES, read_bytes
from parlzoek.corpus.pdf import extract_pdf_text
from parlzoek.corpus.rtf import extract_rtf_text
from parlzoek.corpus.word import extract_doc_text, extract_docx_text
from parlzoek.errors import SourceError

_MAGIC = ((b"%PDF", ".pdf"), (b"PK\x03\x04", ".docx"), (b"\xd0\xcf\x11\xe0", ".doc"), (b"{\\rtf", ".rtf"))


def _doc_text(path: Path) -> str:
    """antiword reads a file by name: a gzipped ``.doc`` is inflated (bounded) to a temporary file first."""
    data = read_bytes(path, MAX_PDF_BYTES)
    if path.suffix.lower() != ".gz":
        return extract_doc_text(path)
    with tempfile.TemporaryDirectory(prefix="parlzoek-") as folder:
        plain = Path(folder) / "document.doc"
        plain.write_bytes(data)
        return extract_doc_text(plain)


EXTRACTORS: dict[str, Callable[[Path], str]] = {
    ".pdf": lambda path: extract_pdf_text(read_bytes(path, MAX_PDF_BYTES)),
    ".docx": lambda path: extract_docx_text(read_bytes(path, MAX_PDF_BYTES)),
    ".doc": _doc_text,
    ".rtf": lambda path: extract_rtf_text(read_bytes(path, MAX_DOCUMENT_BYTES)),
}


def sniff(head: bytes) -> str | None:
    """The extension a file's first bytes say it has, or ``None``.

    >>> sniff(b"%PDF-1.4"), sniff(b"{\\\\rtf1\\\\ansi"), sniff(b"GIF89a")
    ('.pdf', '.rtf', None)
    """
    return next((suffix for magic, suffix in _MAGIC if head.lstrip()[: len(magic)] == magic), None)


def file_kind(path: Path) -> str | None:
    """``.pdf``, ``.docx``, ``.doc`` or ``.rtf`` by extension (``x.pdf.gz`` too), for a file without a
    useful extension (``.bin``) by content; ``None`` if none of these."""
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    suffix = suffixes[-2] if len(suffixes) == 2 and suffixes[-1] == ".gz" else path.suffix.lower()
    if suffix in EXTRACTORS:
        return suffix
    if suffix not in ("", ".bin"):
        return None  # a spreadsheet (.xls shares .doc's container) or another known type
    try:
        with path.open("rb") as handle:
            return sniff(handle.read(16))
    except OSError:
        return None


def file_text(path: Path) -> str:
    """The text of a PDF, Word or RTF file.

    Raises:
        SourceError: not one of these formats, or unreadable (the reason says which).
    """
    kind = file_kind(path)
    if kind is None:
        raise SourceError(f"{path.name}: not a PDF, Word or RTF file, so it holds no text parlzoek can read")
    return EXTRACTORS[kind](path)
