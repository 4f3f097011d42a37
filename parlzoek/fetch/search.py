"""Discover written questions through the Document Search API: queries, paging, the 10,000 cap.

The search path segment carries a GSA-style query (``+inmeta:zittingsjaar=2016-2017``), built as
a raw string so ``:``, ``=``, ``+`` and ``%20`` reach the server as written. The API answers at
most about 10,000 hits per query; a selection that reaches the cap is split into date ranges
(halved until each fits), and hits are filtered back to the selection on the client.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from parlzoek.fetch.api import ApiClient, FetchError

SEARCH_CAP = 10_000
PAGE_SIZE = 100
REQUIRED_FIELDS = "aggregaattype:Schriftelijke%20vraag"
_TRAILING_ID = re.compile(r"/(\d+)/?$")
_FEED_ID = re.compile(r"be\.vlp\.feed/(\d+)")


@dataclass(frozen=True, slots=True)
class Hit:
    """One written question as the search listed it; ``meta`` maps each metatag to its values."""

    schv_id: str
    meta: dict[str, list[str]]

    def first(self, name: str) -> str | None:
        values = self.meta.get(name)
        return values[0] if values else None


@dataclass(frozen=True, slots=True)
class Selection:
    """What to fetch: the search restriction, the client-side check, and the dates to split on."""

    label: str
    restriction: str
    keep: Callable[[Hit], bool]
    start: dt.date | None = None
    end: dt.date | None = None


def _as_int(value: object, default: int = 0) -> int:
    """Counters come as numbers or numeric strings."""
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def _metatags(raw: dict) -> dict[str, list[str]]:
    tags = (raw.get("metatags") or {}).get("metatag") or []
    if isinstance(tags, dict):
        tags = [tags]
    meta: dict[str, list[str]] = {}
    for tag in tags:
        if isinstance(tag, dict) and tag.get("name") is not None and tag.get("value") is not None:
            meta.setdefault(str(tag["name"]), []).append(str(tag["value"]))
    return meta


def schv_id_of(raw: dict, meta: dict[str, list[str]]) -> str | None:
    """The question's id: the end of its ``opendata`` link, else the feed id, else the page URL's end."""
    candidates = (
        ((meta.get("opendata") or [""])[0], _TRAILING_ID),
        (str(raw.get("id", "")), _FEED_ID),
        (str(raw.get("url", "")), _TRAILING_ID),
    )
    for candidate, pattern in candidates:
        match = pattern.search(candidate)
        if match:
            return match.group(1)
    return None


def parse_hit(raw: object) -> Hit | None:
    """A written question hit, or ``None`` for anything else the engine mixed in."""
    if not isinstance(raw, dict):
        return None
    meta = _metatags(raw)
    kind = {v.lower() for v in meta.get("soort", []) + meta.get("aggregaattype", [])}
    if not kind & {"schv", "schriftelijke vraag"}:
        return None
    schv_id = schv_id_of(raw, meta)
    return Hit(schv_id, meta) if schv_id else None


def search_url(api_url: str, query: str, page: int) -> str:
    return (f"{api_url}/api/search/query/{query}?collection=vp_collection&requiredfields={REQUIRED_FIELDS}"
            f"&sort=date&max={PAGE_SIZE}&page={page}")  # fmt: skip


def date_range(start: dt.date, end: dt.date) -> str:
    return f"inmeta:publicatiedatum:daterange:{start.isoformat()}..{end.isoformat()}"


class Searcher:
    """Pages through one selection, splitting it by date where it reaches the cap."""

    def __init__(self, client: ApiClient, api_url: str, cap: int = SEARCH_CAP) -> None:
        self.client, self.api_url, self.cap = client, api_url, cap

    def _page(self, query: str, page: int) -> tuple[int, list]:
        data = self.client.get_json(search_url(self.api_url, query, page))
        if not isinstance(data, dict):
            raise FetchError(f"search page {page} of {query!r}: expected a JSON object")
        return _as_int(data.get("count")), data.get("result") or []

    def _pages(self, query: str, count: int, first: list) -> Iterator[list]:
        yield first
        for page in range(2, math.ceil(count / PAGE_SIZE) + 1):
            _, result = self._page(query, page)
            if not result:
                return  # past the end: the count was generous
            yield result

    def hits(self, selection: Selection) -> Iterator[Hit]:
        """Each written question of the selection once (several file hits per question happen)."""
        seen: set[str] = set()
        for raw in self._raw_hits(selection.restriction, selection.start, selection.end):
            hit = parse_hit(raw)
            if hit and hit.schv_id not in seen and selection.keep(hit):
                seen.add(hit.schv_id)
                yield hit

    def _raw_hits(self, query: str, start: dt.date | None, end: dt.date | None) -> Iterator[object]:
        count, first = self._page(query, 1)
        if count < self.cap:
            for result in self._pages(query, count, first):
                yield from result
            return
        if start is None or end is None or start >= end:
            raise FetchError(f"{query!r} has {count} hits, more than the API's cap of {self.cap}, and no date "
                             "range to split it on; fetch a narrower selection (--from/--to)")  # fmt: skip
        middle = start + (end - start) // 2
        yield from self._raw_hits(date_range(start, middle), start, middle)
        yield from self._raw_hits(date_range(middle + dt.timedelta(days=1), end), middle + dt.timedelta(days=1), end)
