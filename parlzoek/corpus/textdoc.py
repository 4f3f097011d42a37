"""Documents from text (``.txt``), PDF, Word (``.docx``, ``.doc``) and RTF files, through the Flemish layout parser."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from parlzoek.corpus.decode import MAX_DOCUMENT_BYTES, MAX_PDF_BYTES, decode, read_bytes
from parlzoek.corpus.filetext import file_kind, file_text
from parlzoek.corpus.flemish import ParsedText, parse_text
from parlzoek.corpus.models import Document, ReadWarning
from parlzoek.corpus.passages import split_passages
from parlzoek.corpus.pdf import bold_lines
from parlzoek.errors import SourceError


def slug(text: str) -> str:
    """``Liesbeth Homans`` → ``liesbeth-homans``: ids people can type.

    >>> slug("Schv 687 — Maatwerkbedrijven (2017)")
    'schv-687-maatwerkbedrijven-2017'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def question_id(session_year: str | None, number: int | None, minister: str | None) -> str | None:
    """What identifies a written question (session year, number, minister: numbers run per
    minister), as an id; ``None`` when session year or number is unknown.

    >>> question_id("2016-2017", 687, "Liesbeth Homans")
    'vp-2016-2017-687-liesbeth-homans'
    """
    if number is None or not session_year:
        return None
    return "-".join(["vp", session_year, str(number), *([slug(minister)] if minister else [])])


def document_id(parsed: ParsedText, path: Path) -> str:
    """The question's own id, so it survives renaming the file; the file name only when unknown."""
    stem = path.name.split(".")[0]
    return question_id(parsed.session_year, parsed.number, parsed.minister) or slug(stem) or "document"


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
        topic=parsed.topic,
        siblings=parsed.siblings,
        source=source,
        passages=split_passages(doc_id, parsed.question, parsed.answer),
    )


def parse_with_text(text: str, bold: frozenset[str] = frozenset()) -> ParsedText:
    """Parse ``text``; one without any question or answer text is a ``SourceError``."""
    parsed = parse_text(text, bold)
    if not parsed.question.strip() and not (parsed.answer or "").strip():
        raise SourceError("no question or answer text found")
    return parsed


def parse_files(paths: list[Path]) -> ParsedText:
    """Parse a question from its file, or from its parts in order (a question file and an answer
    file, as some older questions come), read as one text. Where the first part is a PDF, its
    bold lines (the official subject) go to the parser too."""
    text = "\n\n".join(file_text(path).strip("\n") for path in paths)
    bold = bold_lines(read_bytes(paths[0], MAX_PDF_BYTES)) if file_kind(paths[0]) == ".pdf" else frozenset()
    return parse_with_text(text, bold)


def _read(parsed: ParsedText, path: Path, source: str) -> Iterator[Document | ReadWarning]:
    for warning in parsed.warnings:
        yield ReadWarning(warning)
    yield parsed_to_document(parsed, path, source)


def read_text_file(path: Path, source: str) -> Iterator[Document | ReadWarning]:
    text, warning = decode(read_bytes(path, MAX_DOCUMENT_BYTES))
    if warning:
        yield ReadWarning(warning)
    yield from _read(parse_with_text(text), path, source)


def read_document_file(path: Path, source: str) -> Iterator[Document | ReadWarning]:
    """A PDF, Word or RTF file holding one question with its answer."""
    yield from _read(parse_files([path]), path, source)
