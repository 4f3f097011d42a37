"""Read one question's details (open-data JSON, or the XML variant) and its search metatags into our sidecar.

The API reference marks several shapes as inferred or unknown, so every reader here accepts
both shapes seen or guessed (a list or a single value, ``{voornaam, naam}`` or ``"Naam,
Voornaam"``, numbers or numeric strings), and the raw detail is kept whole in the sidecar so
nothing the service sends is lost.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import Any

from parlzoek.fetch.search import Hit

SIDECAR_VERSION = 1
_ASKED = re.compile(r"gesteld|ingediend", re.IGNORECASE)
_ANSWERED = re.compile(r"beantwoord|antwoord", re.IGNORECASE)


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def person(value: Any) -> str | None:
    """``{"voornaam": "Lotte", "naam": "Peeters"}`` or ``"Peeters, Lotte"`` → ``Lotte Peeters``."""
    if isinstance(value, dict):
        name = " ".join(str(value[k]).strip() for k in ("voornaam", "naam") if value.get(k))
        return name or None
    if isinstance(value, str) and value.strip():
        surname, comma, first = value.partition(",")
        return f"{first.strip()} {surname.strip()}" if comma and first.strip() else value.strip()
    return None


def party(asker: Any, hit: Hit) -> str | None:
    """The asker's party (*fractie*) where the service names it: a ``fractie`` key on the asker
    (a name, or ``{"naam": …}``), else a ``fractie`` search metatag. The API reference lists
    neither as confirmed, so both are read only when present; nothing is guessed."""
    found = asker.get("fractie") if isinstance(asker, dict) else None
    if isinstance(found, dict):
        found = found.get("naam") or found.get("afkorting")
    found = found if isinstance(found, str) and found.strip() else hit.first("fractie")
    return " ".join(found.split()) if isinstance(found, str) and found.strip() else None


def subject(text: str | None) -> str | None:
    """``IJzeren Rijn  -  Stand van zaken`` → ``IJzeren Rijn - Stand van zaken``."""
    return " ".join(text.split()) if text and text.strip() else None


def _day(value: Any) -> str | None:
    text = str(value or "")
    return text[:10] if re.match(r"\d{4}-\d{2}-\d{2}", text) else None


def _step_date(steps: list[dict], pattern: re.Pattern[str], exclude: re.Pattern[str] | None = None) -> str | None:
    for step in steps:
        status = str(step.get("status", ""))
        if pattern.search(status) and not (exclude and exclude.search(status)):
            return _day(step.get("datum"))
    return None


def _file_urls(detail: dict[str, Any]) -> list[str]:
    urls = []
    for entry in _list(detail.get("bestand-ordered")):
        url = entry.get("URL") or entry.get("url") if isinstance(entry, dict) else entry
        if isinstance(url, str) and url.strip():
            urls.append(url.strip())
    return urls


def listed_attachments(detail: dict[str, Any]) -> list[dict[str, Any]]:
    """The detail's ``bijlage`` entries (``url``, ``titel``, ``doel``): an answer's annexes, listed, not fetched."""
    found = []
    for entry in _list(detail.get("bijlage")):
        if not isinstance(entry, dict):
            continue
        url = entry.get("url") or entry.get("URL")
        if isinstance(url, str) and url.strip() and str(entry.get("doel") or "BIJLAGE").upper() == "BIJLAGE":
            found.append({"title": subject(entry.get("titel")), "url": url.strip(), "file": None, "content_type": None})
    return found


def dates(hit: Hit, steps: list[dict]) -> tuple[str | None, str | None, str | None]:
    """(asked, answered, where the asked date came from).

    The procedure's steps come first. ``themadatum`` is only a fallback for the asked date, and
    not even that when it lies after the answer (a real record has it so); the loader then
    prefers the document's own ``datum:`` to it.
    """
    answered = _step_date(steps, _ANSWERED, exclude=_ASKED) or _day(hit.first("statusdatumSchvBeantwoord"))
    asked = _step_date(steps, _ASKED)
    if asked:
        return asked, answered, "procedureverloop"
    theme = _day(hit.first("themadatum"))
    if theme and not (answered and theme > answered):
        return theme, answered, "themadatum"
    return None, answered, None


def document_url(hit: Hit, detail: dict[str, Any]) -> str | None:
    """The question-and-answer file: the hit's ``document`` metatag, else the detail's first file."""
    return hit.first("document") or next(iter(_file_urls(detail)), None)


def _number(hit: Hit, detail: dict[str, Any]) -> int | None:
    for value in (hit.first("nummer"), detail.get("vraagnummer")):
        if str(value or "").strip().isdecimal():
            return int(str(value).strip())
    return None


def sidecar(hit: Hit, detail: dict[str, Any], opendata_url: str) -> dict[str, Any]:
    """What parlzoek knows of a question before reading its file; the loader gives these fields precedence."""
    steps = [s for s in _list(detail.get("procedureverloop")) if isinstance(s, dict)]
    themes = [str(t) for t in _list(detail.get("thema"))] or hit.meta.get("thema", [])
    asked, answered, asked_from = dates(hit, steps)
    return {
        "parlzoek_sidecar": SIDECAR_VERSION,
        "schv_id": hit.schv_id,
        "number": _number(hit, detail),
        "session_year": detail.get("zittingsjaar") or hit.first("zittingsjaar"),
        "legislature": hit.first("legislatuur"),
        "date_asked": asked,
        "date_asked_from": asked_from,
        "date_answered": answered,
        "date_published": _day(hit.first("publicatiedatum")),
        "asker": person(detail.get("vraagsteller")) or person(hit.first("vraagsteller")),
        "party": party(detail.get("vraagsteller"), hit),
        "minister": person(detail.get("minister")) or person(hit.first("minister")),
        "title": subject(detail.get("onderwerp")) or subject(hit.first("onderwerp")) or subject(detail.get("titel")),
        "full_title": subject(detail.get("titel")) or subject(hit.first("titel")),
        "themes": themes,
        "urls": {
            "opendata": opendata_url,
            "document": document_url(hit, detail),
            "files": _file_urls(detail),
            "page": hit.first("displayurl") or hit.first("url"),
        },
        "file": None,
        "content_type": None,
        "parts": [],
        "attachments": listed_attachments(detail),
        "search_metatags": hit.meta,
        "detail": detail,
    }


def _element_to_value(element: ET.Element) -> Any:
    children = list(element)
    if not children:
        return (element.text or "").strip()
    value: dict[str, Any] = {}
    for child in children:
        value.setdefault(child.tag, []).append(_element_to_value(child))
    return {k: v[0] if len(v) == 1 else v for k, v in value.items()}


def detail_from_xml(text: str) -> dict[str, Any]:
    """The XML variant read into the JSON keys (its root's name is not known, so it is ignored)."""
    detail = _element_to_value(ET.fromstring(text))
    if not isinstance(detail, dict):
        return {}
    themes = detail.pop("themas", None)
    if isinstance(themes, dict):
        detail["thema"] = _list(themes.get("thema"))
    files = [f.get("URL") if isinstance(f, dict) else f for f in _list(detail.get("bestand-ordered"))]
    if files:
        detail["bestand-ordered"] = [{"URL": url} for entry in files for url in _list(entry)]
    return detail


def parse_detail(body: bytes) -> dict[str, Any]:
    """The detail object from a JSON body, or from the XML variant.

    Raises:
        ValueError: neither readable JSON nor XML, or not an object.
    """
    if body.lstrip().startswith(b"<"):
        return detail_from_xml(body.decode("utf-8", errors="replace"))
    data = json.loads(body)
    if not isinstance(data, dict):
        raise ValueError(f"expected a JSON object, got {type(data).__name__}")
    return data
