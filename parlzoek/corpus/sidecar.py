"""A fetched question: our metadata sidecar (``schv-ID.meta.json``) with the file it names, read as one document.

Older questions may come as two files, the question and the answer (``vrg.088.doc`` and
``antw.088.docx``): the sidecar's ``parts`` lists them in reading order and they are read as
one text. Other files of the question (tables in Excel or PDF) are its ``attachments``: listed,
not indexed. The file's text goes through the Flemish layout parser for the question, the answer and the
minister's function; the sidecar's fields (number, dates, asker, party, minister, title, themes,
URLs) come from the parliament's own metadata and take precedence over what the parser found.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from parlzoek.corpus.decode import MAX_DOCUMENT_BYTES, read_bytes
from parlzoek.corpus.flemish import ParsedText
from parlzoek.corpus.models import Document, ReadWarning
from parlzoek.corpus.passages import split_passages
from parlzoek.corpus.textdoc import parse_files, question_id
from parlzoek.errors import SourceError

SIDECAR_SUFFIX = ".meta.json"
_METADATA_KEYS = ("schv_id", "legislature", "date_asked", "date_answered", "date_published", "full_title", "urls",
                  "content_type", "attachments")  # fmt: skip


def sidecar_id(meta: dict[str, Any]) -> str:
    """The id a text or PDF of the same question gets (session year, number, minister), so both meet."""
    found = question_id(meta.get("session_year"), meta.get("number"), meta.get("minister"))
    return found or f"vp-schv-{meta.get('schv_id')}"


def _load(path: Path) -> dict[str, Any]:
    try:
        meta = json.loads(read_bytes(path, MAX_DOCUMENT_BYTES))
    except ValueError as exc:
        raise SourceError(f"sidecar is not valid JSON: {exc}") from exc
    if not isinstance(meta, dict) or "parlzoek_sidecar" not in meta:
        raise SourceError("not a parlzoek fetch sidecar (no 'parlzoek_sidecar' key)")
    return meta


def _part_files(path: Path, meta: dict[str, Any]) -> list[Path]:
    """The question/answer files the sidecar names, in reading order (``parts``, else ``file``)."""
    parts = meta.get("parts") or ([{"file": meta["file"]}] if meta.get("file") else [])
    names = [part.get("file") if isinstance(part, dict) else part for part in parts]
    if not names or not all(names):
        raise SourceError("the sidecar names no question/answer file")
    files = [path.parent / Path(str(name)).name for name in names]
    for file in files:
        if not file.is_file():
            raise SourceError(f"the file it names is missing: {file.name}")
    return files


def asked_date(meta: dict[str, Any], parsed: ParsedText) -> str | None:
    """The date the question was asked: the procedure's step, else the document's own ``datum:``,
    else the search's ``themadatum`` (which can lie after the answer, so it comes last)."""
    if meta.get("date_asked_from") == "themadatum":
        return parsed.date or meta.get("date_asked")
    return meta.get("date_asked") or parsed.date


def _party(value: Any) -> str | None:
    return " ".join(value.split()) or None if isinstance(value, str) else None


def sidecar_topic(meta: dict[str, Any], parsed_topic: str | None) -> str | None:
    """The topic of the parliament's subject (``onderwerp``, written ``Topic  -  Subject``, two
    spaces each side of the hyphen) when it has one; else what the text said."""
    detail = meta.get("detail") if isinstance(meta.get("detail"), dict) else {}
    raw = detail.get("onderwerp")
    if isinstance(raw, str) and "  -  " in raw:
        return " ".join(raw.split("  -  ", 1)[0].split()) or parsed_topic
    title = meta.get("title")
    if parsed_topic and isinstance(title, str) and title.startswith(f"{parsed_topic} - "):
        return parsed_topic
    if isinstance(title, str) and " - " in title and not parsed_topic:
        return title.split(" - ", 1)[0].strip() or None
    return parsed_topic


def read_sidecar(path: Path, source: str) -> Iterator[Document | ReadWarning]:
    meta = _load(path)
    parsed = parse_files(_part_files(path, meta))
    for warning in parsed.warnings:
        yield ReadWarning(warning)
    doc_id = sidecar_id(meta)
    yield Document(
        id=doc_id,
        title=meta.get("title") or parsed.title,
        question=parsed.question,
        answer=parsed.answer,
        number=meta.get("number") if meta.get("number") is not None else parsed.number,
        date=asked_date(meta, parsed),
        session_year=meta.get("session_year") or parsed.session_year,
        minister=meta.get("minister") or parsed.minister,
        minister_function=parsed.minister_function,
        asker=meta.get("asker") or parsed.asker,
        party=_party(meta.get("party")),
        themes=tuple(str(t) for t in meta.get("themes") or ()),
        topic=sidecar_topic(meta, parsed.topic),
        siblings=parsed.siblings,
        source=source,
        metadata={key: meta[key] for key in _METADATA_KEYS if meta.get(key) is not None},
        passages=split_passages(doc_id, parsed.question, parsed.answer),
    )
