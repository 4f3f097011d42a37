"""Structured records (JSON arrays, JSONL, one object) into documents.

Field names follow the Chamber data (``id, date, title, question, answer, asker, party,
minister, themes``; ``fractie``, the Flemish word, is read as ``party`` where ``party`` is
absent); the fields of our own JSON output are understood too, so that
``corpus inspect --json`` output can be read back. Fields are taken as given: in the Chamber
data ``minister`` holds a function, and we do not pretend otherwise. Unknown fields are kept
as metadata.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from parlzoek.corpus.dates import parse_dutch_date
from parlzoek.corpus.decode import MAX_JSON_BYTES, decode, read_bytes, read_lines
from parlzoek.corpus.models import Document, ReadWarning, Sibling
from parlzoek.corpus.passages import split_passages
from parlzoek.corpus.textclean import collapse_spaces, normalize
from parlzoek.errors import SourceError

KNOWN_FIELDS = {
    "id", "date", "title", "question", "answer", "number", "session_year", "minister",
    "minister_function", "asker", "party", "fractie", "themes", "topic", "siblings", "source", "source_line",
    "passages", "metadata",
}  # fmt: skip

# What a reader gets from a source: a document, a record it had to skip, or a fallback it used.
Outcome = Document | SourceError | ReadWarning


def _text(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise SourceError(f"field {key!r} must be a string, not {type(value).__name__}")
    return normalize(value).strip()


def _one_line(record: dict[str, Any], key: str) -> str | None:
    value = _text(record, key)
    return collapse_spaces(value) if value else None


def _number(record: dict[str, Any]) -> int | None:
    value = record.get("number")
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).strip().isdecimal():
        raise SourceError(f"field 'number' must be a whole number, not {value!r}")
    return int(value)


def _id(record: dict[str, Any]) -> str | None:
    value = record.get("id")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise SourceError(f"field 'id' must be a string or a number, not {type(value).__name__}")
    return collapse_spaces(str(value)) or None


def _date(record: dict[str, Any]) -> str | None:
    value = _one_line(record, "date")
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        pass
    day = parse_dutch_date(value)
    if day is None:
        raise SourceError(f"field 'date' is not a date: {value!r}")
    return day.isoformat()


def _themes(record: dict[str, Any]) -> tuple[str, ...]:
    value = record.get("themes")
    if value is None:
        return ()
    if isinstance(value, str):
        value = value.split(";")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SourceError("field 'themes' must be a list of strings")
    return tuple(t for t in (collapse_spaces(v) for v in value) if t)


def _siblings(record: dict[str, Any]) -> tuple[Sibling, ...]:
    value = record.get("siblings")
    if value is None:
        return ()
    if not isinstance(value, list) or not all(
        isinstance(v, dict) and isinstance(v.get("minister"), str) and isinstance(v.get("number"), int) for v in value
    ):
        raise SourceError("field 'siblings' must be a list of {minister, number} objects")
    return tuple(Sibling(collapse_spaces(v["minister"]), v["number"]) for v in value)


def record_to_document(record: Any, source: str, fallback_id: str, line: int | None = None) -> Document:
    """One record into a document with passages.

    Raises:
        SourceError: not an object, a field of the wrong type, or neither question nor answer.
    """
    if not isinstance(record, dict):
        raise SourceError(f"a record must be a JSON object, not {type(record).__name__}")
    question = _text(record, "question") or ""
    answer = _text(record, "answer")
    if not question and not answer:
        raise SourceError("record has neither question nor answer")
    doc_id = _id(record) or fallback_id
    metadata = dict(record.get("metadata") or {}) if isinstance(record.get("metadata"), dict) else {}
    metadata.update({k: v for k, v in record.items() if k not in KNOWN_FIELDS})
    return Document(
        id=doc_id,
        title=_one_line(record, "title") or "",
        question=question,
        answer=answer,
        number=_number(record),
        date=_date(record),
        session_year=_one_line(record, "session_year"),
        minister=_one_line(record, "minister"),
        minister_function=_one_line(record, "minister_function"),
        asker=_one_line(record, "asker"),
        party=_one_line(record, "party") or _one_line(record, "fractie"),
        themes=_themes(record),
        topic=_one_line(record, "topic"),
        siblings=_siblings(record),
        source=source,
        source_line=line,
        metadata=metadata,
        passages=split_passages(doc_id, question, answer),
    )


def _parse_line(raw: bytes, number: int) -> tuple[Any, str | None]:
    try:
        text, warning = decode(raw)
        return json.loads(text), warning
    except json.JSONDecodeError as exc:
        raise SourceError(f"malformed JSON: {exc.msg} (column {exc.colno})", number) from exc
    except RecursionError as exc:
        raise SourceError("JSON nested too deeply", number) from exc


def read_jsonl(path: Path, source: str) -> Iterator[Outcome]:
    """One record per line; a bad line is reported with its number and the rest still load."""
    warned = False
    for number, raw in read_lines(path):
        if isinstance(raw, SourceError):
            yield raw
            continue
        if not raw.strip():
            continue
        try:
            record, warning = _parse_line(raw, number)
            if warning and not warned:
                warned = True
                yield ReadWarning(f"{warning} (first at this line)", number)
            yield record_to_document(record, source, f"{Path(source).stem}-{number}", number)
        except SourceError as exc:
            exc.line = exc.line or number
            yield exc


def _records_of(data: Any) -> list[Any]:
    if isinstance(data, dict) and isinstance(data.get("documents"), list):
        return data["documents"]
    return data if isinstance(data, list) else [data]


def read_json(path: Path, source: str) -> Iterator[Outcome]:
    """A JSON array of records, a single record, or our own ``{"documents": […]}`` output."""
    text, warning = decode(read_bytes(path, MAX_JSON_BYTES))
    if warning:
        yield ReadWarning(warning)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(f"malformed JSON: {exc.msg}", exc.lineno) from exc
    except RecursionError as exc:
        raise SourceError("JSON nested too deeply") from exc
    for index, record in enumerate(_records_of(data), start=1):
        try:
            yield record_to_document(record, source, f"{Path(source).stem}-{index}")
        except SourceError as exc:
            yield SourceError(f"record {index}: {exc}")
