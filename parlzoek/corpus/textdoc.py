"""Documents from text (``.txt``) and PDF files, through the Flemish layout parser."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from parlzoek.corpus.decode import MAX_DOCUMENT_BYTES, MAX_PDF_BYTES, decode, read_bytes
from parlzoek.corpus.flemish import ParsedText, parse_text
from parlzoek.corpus.models import Document, ReadWarning
from parlzoek.corpus.passages import split_passages
from parlzoek.corpus.pdf import extract_pdf_text
from parlzoek.errors import SourceError


def slug(text: str) -> str:
    """``Liesbeth Homans`` → ``liesbeth-homans``: ids people can type.

    >>> slug("Schv 687 — Maatwerkbedrijven (2017)")
    'schv-687-maatwerkbedrijven-2017'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def document_id(parsed: ParsedText, path: Path) -> str:
    """Built from what identifies a written question (session year, number, minister: numbers run
    per minister), so it survives renaming the file; the file name only when those are unknown."""
    if parsed.number is not None and parsed.session_year:
        parts = ["vp", parsed.session_year, str(parsed.number)]
        if parsed.minister:
            parts.append(slug(parsed.minister))
        return "-".join(parts)
    stem = path.name.split(".")[0]
    return slug(stem) or "document"


def parsed_to_document(parsed: ParsedText, path: Path, source: str) -> Document:
    doc_id = document_id(parsed, path)
    return Document(
        id=doc_id,
        title=parsed.title,
        question=parsed.question,
        answer=parsed.answer,
        number=parsed.number,
        date=parsed.date,
        session_year=parsed.session_year,
        minister=parsed.minister,
        minister_function=parsed.minister_function,
        asker=parsed.asker,
        source=source,
        passages=split_passages(doc_id, parsed.question, parsed.answer),
    )


def _read(text: str, path: Path, source: str) -> Iterator[Document | ReadWarning]:
    parsed = parse_text(text)
    if not parsed.question.strip() and not (parsed.answer or "").strip():
        raise SourceError("no question or answer text found")
    for warning in parsed.warnings:
        yield ReadWarning(warning)
    yield parsed_to_document(parsed, path, source)


def read_text_file(path: Path, source: str) -> Iterator[Document | ReadWarning]:
    text, warning = decode(read_bytes(path, MAX_DOCUMENT_BYTES))
    if warning:
        yield ReadWarning(warning)
    yield from _read(text, path, source)


def read_pdf_file(path: Path, source: str) -> Iterator[Document | ReadWarning]:
    yield from _read(extract_pdf_text(read_bytes(path, MAX_PDF_BYTES)), path, source)
