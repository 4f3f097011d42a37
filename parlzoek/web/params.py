"""A search page's state, read from and written back into its URL (every page is a permalink).

``/?q=…&minister=…&beleidsdomein=…&jaar=2017&vraagsteller=…&partij=…&thema=…&sort=datum&page=2&n=20``:
the query in the query language, the facet filters by their Dutch names, the order, the page and
the page size. Values out of bounds are refused with one line (``WebInputError``), never clamped silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from urllib.parse import quote, urlencode

MAX_QUERY_CHARS = 500
MAX_PAGE = 100
PAGE_SIZES = (10, 20, 50, 100)
MAX_DOWNLOAD = 1000  # results in one CSV or JSON download
FILTERS = {  # URL name → facet name
    "minister": "minister",
    "beleidsdomein": "function",
    "jaar": "year",
    "vraagsteller": "asker",
    "partij": "party",
    "thema": "theme",
}
FILTER_LABELS = {"minister": "Minister", "beleidsdomein": "Beleidsdomein", "jaar": "Jaar",
                 "vraagsteller": "Vraagsteller", "partij": "Partij", "thema": "Thema"}  # fmt: skip
SORTS = {"relevantie": False, "datum": True}  # name → newest first


class WebInputError(ValueError):
    """A request parameter out of bounds; the message is one Dutch line for the page."""


@dataclass(frozen=True, slots=True)
class SearchState:
    q: str = ""
    filters: tuple[tuple[str, str], ...] = ()  # (URL name, value), in the order they were added
    sort: str = "relevantie"
    page: int = 1
    size: int = 10

    @property
    def searched(self) -> str:
        """The query searched: the box's, or every document (``*``) where only filters are given,
        so a facet can be browsed on its own (``/?partij=N-VA``). Empty: nothing to search."""
        return self.q or ("*" if self.filters else "")

    @property
    def by_date(self) -> bool:
        return SORTS[self.sort]

    def engine_filters(self) -> dict[str, str]:
        return {FILTERS[name]: value for name, value in self.filters}

    def params(self, **changes) -> list[tuple[str, str]]:
        """The URL parameters of this state with ``changes`` made; defaults left out."""
        state = replace(self, **changes)
        pairs = [("q", state.q)] if state.q else []
        pairs += list(state.filters)
        pairs += [("sort", state.sort)] if state.sort != "relevantie" else []
        pairs += [("n", str(state.size))] if state.size != 10 else []
        pairs += [("page", str(state.page))] if state.page != 1 else []
        return pairs

    def url(self, path: str = "/", **changes) -> str:
        query = urlencode(self.params(**changes))
        return f"{path}?{query}" if query else path

    def with_filter(self, name: str, value: str) -> str:
        kept = tuple(f for f in self.filters if f[0] != name)
        return self.url(filters=(*kept, (name, value)), page=1)

    def doc_url(self, doc_id: str) -> str:
        """A result's document page, carrying this search (its marks, and the way back to it)."""
        return self.url("/doc/" + quote(doc_id))

    def without_filter(self, name: str) -> str:
        return self.url(filters=tuple(f for f in self.filters if f[0] != name), page=1)


def _number(raw: str | None, name: str, default: int, lowest: int, highest: int) -> int:
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise WebInputError(f"{name} moet een geheel getal zijn, niet {raw[:20]!r}") from None
    if not lowest <= value <= highest:
        raise WebInputError(f"{name} moet tussen {lowest} en {highest} liggen")
    return value


def read_state(params: Mapping[str, str], *, download: bool = False) -> SearchState:
    """The state of a search URL; ``WebInputError`` for a value out of bounds."""
    q = params.get("q", "").strip()
    if len(q) > MAX_QUERY_CHARS:
        raise WebInputError(f"de zoekvraag is te lang: hoogstens {MAX_QUERY_CHARS} tekens")
    sort = params.get("sort") or "relevantie"
    if sort not in SORTS:
        raise WebInputError("sorteer op relevantie of op datum")
    filters = tuple((name, params[name]) for name in FILTERS if params.get(name))
    for name, value in filters:
        if len(value) > MAX_QUERY_CHARS:
            raise WebInputError(f"de filter {name} is te lang")
        if name == "jaar" and not value.isdigit():
            raise WebInputError(f"jaar moet een jaartal zijn, niet {value[:20]!r}")
    highest = MAX_DOWNLOAD if download else max(PAGE_SIZES)
    size = _number(params.get("n"), "n (resultaten per pagina)", MAX_DOWNLOAD if download else 10, 1, highest)
    page = _number(params.get("page"), "het paginanummer (page)", 1, 1, MAX_PAGE)
    return SearchState(q=q, filters=filters, sort=sort, page=page, size=size)
