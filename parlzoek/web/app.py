"""The web application: routes, templates and security headers around an ``EnginePool``.

Every route is a GET (the application never writes); all state is in the URL. Text from
documents and queries reaches HTML only through Jinja2's autoescaping or ``markup`` (which
escapes too); the snippets ``search.passages`` makes are escaped HTML with ``<mark>`` hits.
"""

from __future__ import annotations

import difflib
import io
import os
import re
from contextlib import asynccontextmanager
from pathlib import Path
from typing import NamedTuple

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from parlzoek.analysis.parties import party_key
from parlzoek.corpus.models import Document
from parlzoek.errors import ParlzoekError, QueryError
from parlzoek.index.store import IndexHome
from parlzoek.search.excerpts import passage_excerpts
from parlzoek.search.export import CsvRun, document_to_dict, results_to_dict
from parlzoek.search.passages import PassageHit, mark_passages
from parlzoek.search.service import DocumentNotFoundError, SearchResults
from parlzoek.search.similar import SimilarHit, find_similar
from parlzoek.textsafety import strip_controls, to_json
from parlzoek.web.engines import DEFAULT_SETTINGS, EnginePool, PoolSettings, SearchTimeoutError
from parlzoek.web.markup import FIRST_HIT, HitMarker
from parlzoek.web.params import (
    FILTER_LABELS,
    FILTERS,
    MAX_DOWNLOAD,
    MAX_PAGE,
    PAGE_SIZES,
    SearchState,
    WebInputError,
    read_state,
)

INDEX_ENV = "PARLZOEK_SERVE_INDEX"  # how ``serve`` hands the index to uvicorn's worker processes
FACET_SHOWN = 8
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def _templates() -> Environment:
    env = Environment(
        loader=PackageLoader("parlzoek.web"), autoescape=select_autoescape(default=True), finalize=_without_controls
    )
    env.globals.update(FILTER_LABELS=FILTER_LABELS, FILTERS=FILTERS, PAGE_SIZES=PAGE_SIZES, MAX_PAGE=MAX_PAGE,
                       MAX_DOWNLOAD=MAX_DOWNLOAD)  # fmt: skip
    env.globals["FIRST_HIT"] = FIRST_HIT
    env.globals["marked"] = lambda text, spans: HitMarker(anchor=False).mark(text, spans)
    env.globals["excerpts"] = passage_excerpts
    env.filters["datum"] = dutch_date
    env.filters["bijna"] = near_label
    return env


def _without_controls(value):
    """Every value a template prints, free of terminal and bidi controls (``Markup`` was made clean)."""
    return strip_controls(value) if isinstance(value, str) and not isinstance(value, Markup) else value


MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")  # fmt: skip


def dutch_date(iso: str | None) -> str:
    """``2017-06-08`` as ``8 juni 2017``; anything else as it is.

    >>> dutch_date("2017-06-08"), dutch_date(None), dutch_date("2017")
    ('8 juni 2017', '', '2017')
    """
    if not iso:
        return ""
    parts = iso[:10].split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts) and 1 <= int(parts[1]) <= 12:
        return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return iso


NEAR_KINDS = {"compound part": "deel van een samenstelling", "abbreviation": "afkorting",
              "similar spelling": "gelijkaardige spelling", "metadata": "alleen in de gegevens"}  # fmt: skip


def near_label(near) -> str:
    """Why a result holding none of the query's own words was found (``search.marks.Near``), in
    Dutch: ``bijna-treffer: gelijkaardige spelling van ‘trein’: terrein``.

    >>> from parlzoek.search.marks import Near
    >>> near_label((Near("similar spelling", "trein", ("terrein",)),))
    'bijna-treffer: gelijkaardige spelling van ‘trein’: terrein'
    """
    reasons = []
    for reason in near:
        found = reason.shown()
        kind = NEAR_KINDS.get(reason.kind, reason.kind)
        reasons.append(f"{kind} van ‘{reason.of}’" + (f": {', '.join(found)}" if found else ""))
    return "bijna-treffer: " + "; ".join(reasons)


def examples_of(values: dict[str, dict[str, int]]) -> list[str]:
    """Queries of the query language that find something in this index, for the start page: its
    most frequent year, asker and party (fixed examples found nothing in another parliament's data).

    >>> examples_of({"year": {"2017": 9}, "asker": {"Pas, Barbara": 3}, "party": {"N-VA": 4, "VB": 2}})
    ['jaar:2017', 'vraagsteller:"Pas, Barbara"', 'partij:N-VA']
    """
    found = []
    for facet, example in (("year", "jaar:{}"), ("asker", 'vraagsteller:"{}"'), ("party", "partij:{}")):
        value = next(iter(values.get(facet) or {}), None)
        if value and '"' not in value:
            found.append(example.format(value if " " not in value or facet == "asker" else f'"{value}"'))
    return found


class Unheld(NamedTuple):
    """A filter of the page whose value no document has, and the value it likely meant."""

    name: str
    value: str
    meant: str | None


def unheld_filters(state: SearchState, values: dict[str, dict[str, int]]) -> list[Unheld]:
    """The filters of ``state`` whose value is none of the index's (``SearchEngine.facet_values``),
    each with the known value it most likely meant: the same letters and digits in other case,
    accents or punctuation (``partij=n-va``, ``partij=nva``), else the closest spelling.

    >>> unheld_filters(SearchState(filters=(("partij", "n-va"), ("jaar", "2017"))),
    ...                {"party": {"N-VA": 3}, "year": {"2017": 9}})
    [Unheld(name='partij', value='n-va', meant='N-VA')]
    """
    found = []
    for name, value in state.filters:
        known = values.get(FILTERS[name], {})
        if value in known:
            continue
        keyed = {party_key(k): k for k in known}  # letters and digits, as ``partij:`` reads any spelling
        meant = keyed.get(party_key(value)) or next(
            iter(difflib.get_close_matches(value, known, n=1, cutoff=0.8)), None
        )
        found.append(Unheld(name, value, meant))
    return found


_PHRASE = re.compile(r'(?:(?<![\w"])[^\W\d]\w*:)?"([^"]+)"')  # ``"sociale fraude"``, ``titel:"sociale fraude"``


class LonePhrase(NamedTuple):
    """A phrase of the query that no document holds (within the page's filters), and the query
    with that phrase's words searched apart instead."""

    phrase: str
    apart: str


def phrases_nowhere(engine, state: SearchState) -> list[LonePhrase]:
    """The phrases of ``state``'s query (a field's too) that find nothing on their own within its
    filters: a reader who quoted too long a phrase learns which one, with the search without its quotes."""
    found = []
    for match in _PHRASE.finditer(state.q):
        try:
            alone = engine.search(match.group(0), limit=1, passages=0, suggest=False, filters=state.engine_filters())
        except QueryError:  # nothing to search on its own (a phrase of stop words)
            continue
        if not alone.total:
            field = match.group(0)[: match.group(0).index('"')]  # a field's words apart: in brackets
            words = f"{field}({match.group(1)})" if field else match.group(1)
            apart = state.q[: match.start(0)] + words + state.q[match.end(0) :]
            found.append(LonePhrase(match.group(1), " ".join(apart.split())))
    return found


def official_links(document) -> list[tuple[str, str]]:
    """(label, URL) of the question's official pages as its sidecar names them, http(s) only."""
    urls = document.metadata.get("urls") or {}
    found = [("Op de website van het Parlement", urls.get("page")), ("Officieel document (PDF)", urls.get("document"))]
    if document.metadata.get("url"):
        found.append(("Bron", document.metadata["url"]))
    return [(label, url) for label, url in found if isinstance(url, str) and url.startswith(("https://", "http://"))]


def attachments(document) -> list[tuple[str, str | None]]:
    """(name, http(s) URL or ``None``) of the answer's attachments."""
    found = []
    for item in document.metadata.get("attachments") or ():
        if isinstance(item, dict):
            url = item.get("url") if isinstance(item.get("url"), str) else None
            url = url if url and url.startswith(("https://", "http://")) else None
            found.append((str(item.get("title") or item.get("file") or url or "bijlage"), url))
    return found


class WebApp:
    """The routes' shared parts: the templates and the searching threads."""

    def __init__(self, pool: EnginePool) -> None:
        self.pool, self.env = pool, _templates()

    def page(self, name: str, status: int = 200, **context) -> HTMLResponse:
        return HTMLResponse(self.env.get_template(name).render(**context), status_code=status, headers=HEADERS)

    def problem(self, message: str, status: int) -> HTMLResponse:
        return self.page("problem.html", status, message=message, state=SearchState())

    async def _search(
        self, state: SearchState, facets: bool, passages: int = 2, snippets: bool = True
    ) -> SearchResults:
        """The page's search; ``snippets`` (the HTML of the JSON contract) only for the API and
        downloads: the page shows its own excerpts of the passages."""
        return await self.pool.run(
            lambda engine: engine.search(state.searched, limit=state.size, page=state.page, passages=passages,
                                         facets=facets, filters=state.engine_filters(), by_date=state.by_date,
                                         snippets=snippets)
        )  # fmt: skip

    async def search_page(self, request: Request) -> Response:
        try:
            state = read_state(request.query_params)
        except WebInputError as exc:
            return self.page("search.html", 400, state=SearchState(q=request.query_params.get("q", "")[:500]),
                             error=str(exc), results=None)  # fmt: skip
        if not state.searched:
            values = await self.pool.run(lambda engine: engine.facet_values())
            return self.page("search.html", state=state, results=None, error=None, examples=examples_of(values))
        try:
            results = await self._search(state, facets=True, snippets=False)
        except (ParlzoekError, SearchTimeoutError) as exc:
            return self.page("search.html", 400, state=state, results=None, error=_query_problem(exc))
        pages = -(-results.total // state.size)
        if state.page > max(pages, 1):
            last = min(max(pages, 1), MAX_PAGE)
            has = f"heeft {pages} pagina's" if pages > 1 else "heeft één pagina" if pages else "vindt niets"
            error = f"Pagina {state.page} bestaat niet: deze zoekopdracht {has}."
            return self.page("search.html", 400, state=state, results=None, error=error,
                             fix=(f"Naar pagina {last}", state.url(page=last)))  # fmt: skip
        unheld, lone = (), ()
        if not results.total and state.filters:  # a filter value no document has: say so, offer the close one
            unheld = unheld_filters(state, await self.pool.run(lambda engine: engine.facet_values()))
        if not results.total and '"' in state.q:  # a phrase no document holds: its words apart may find some
            lone = await self.pool.run(lambda engine: phrases_nowhere(engine, state))
        return self.page("search.html", state=state, results=results, error=None, pages=pages, unheld=unheld,
                         phrases=lone)  # fmt: skip

    async def document_page(self, request: Request) -> Response:
        """The whole document, the hits of the search it came from marked; that search (its
        filters, order and page too) is the way back. A query that cannot be read marks nothing
        and says so: the document is still there."""
        doc_id = request.path_params["doc_id"]
        try:
            state = read_state(request.query_params)
        except WebInputError:
            state = SearchState(q=request.query_params.get("q", "")[:500])
        q = state.q
        try:
            whole = await self.pool.run(lambda engine: _whole(engine, doc_id, q))
        except DocumentNotFoundError:
            return self.problem(f"Geen document met id {doc_id} in de index.", 404)
        except (ParlzoekError, SearchTimeoutError) as exc:
            return self.problem(_one_line(exc), 400)
        document = whole.document
        marker = HitMarker()  # the first hit of a passage is the one scrolled to, the title's only where none is
        shown = [
            (p.n, marker.mark(p.question, p.question_hits), marker.mark(p.answer, p.answer_hits))
            for p in whole.passages
        ]
        title = marker.mark(document.title, whole.title_hits) if document.title else None
        return self.page("document.html", doc=document, title=title, passages=shown, siblings=whole.siblings,
                         similar=whole.similar, q=q, links=official_links(document), attachments=attachments(document),
                         note=whole.note,
                         back=state.url() if state.searched else "/", state=state)  # fmt: skip

    async def download(self, request: Request) -> Response:
        fmt = request.path_params["fmt"]
        if fmt not in {"csv", "json"}:
            return self.problem("Download als .csv of .json.", 404)
        try:
            state = read_state(request.query_params, download=True)
            if not state.searched:
                raise WebInputError("geen zoekvraag of filter om te downloaden")
            results = await self._search(state, facets=False, passages=1 if fmt == "csv" else 2)
        except (WebInputError, ParlzoekError, SearchTimeoutError) as exc:
            return _text(_one_line(exc), 400)
        if fmt == "csv":
            stream = io.StringIO(newline="")
            CsvRun(stream).write("web", results)
            body, media = stream.getvalue(), "text/csv; charset=utf-8"
        else:
            body, media = to_json(results_to_dict(results)) + "\n", "application/json"
        disposition = f'attachment; filename="parlzoek.{fmt}"'
        return Response(body, media_type=media, headers={**HEADERS, "Content-Disposition": disposition})

    async def api_search(self, request: Request) -> Response:
        """The ``parlzoek search --format json`` document: same code, same shape, same escaping."""
        try:
            state = read_state(request.query_params)
            if not state.searched:
                raise WebInputError("geef een zoekvraag of een filter mee: /api/search?q=…")
            facets = request.query_params.get("facets", "") in {"1", "true", "ja"}
            passages = request.query_params.get("passages", "2") or "2"
            if not (passages.isdigit() and 0 <= int(passages) <= 10):
                raise WebInputError("passages moet een geheel getal tussen 0 en 10 zijn")
            passages = int(passages)
            results = await self._search(state, facets=facets, passages=passages)
        except (WebInputError, ParlzoekError, SearchTimeoutError) as exc:
            return _json({"error": _one_line(exc)}, 400)
        return _json(results_to_dict(results))

    async def api_document(self, request: Request) -> Response:
        """The ``parlzoek show --format json`` document."""
        doc_id = request.path_params["doc_id"]
        try:
            document, siblings = await self.pool.run(lambda engine: _with_siblings(engine, doc_id))
        except DocumentNotFoundError:
            return _json({"error": f"geen document met id {doc_id}"}, 404)
        except (ParlzoekError, SearchTimeoutError) as exc:
            return _json({"error": _one_line(exc)}, 400)
        return _json(document_to_dict(document, siblings))

    async def not_found(self, request: Request, exc: Exception) -> Response:
        return self.problem("Deze pagina bestaat niet.", 404)

    async def not_allowed(self, request: Request, exc: Exception) -> Response:
        return _text("alleen lezen: deze server aanvaardt enkel GET", 405)


def _with_siblings(engine, doc_id: str):
    document = engine.document(doc_id)
    return document, engine.siblings(document)


class Whole(NamedTuple):
    """What a document page shows: the document, its passages and title with the hits of the
    page's query marked, its siblings, similar questions, and a note where the query cannot be
    read (then nothing is marked)."""

    document: Document
    passages: list[PassageHit]
    title_hits: tuple[tuple[int, int], ...]
    siblings: list
    similar: tuple[SimilarHit, ...]
    note: str | None


def _whole(engine, doc_id: str, q: str) -> Whole:
    document = engine.document(doc_id)
    try:
        marked, note = engine.marked(document, q or None), None
    except QueryError as exc:
        marked, note = engine.marked(document, None), _query_problem(exc)
    return Whole(document, mark_passages(marked), marked.spans_of("title"), engine.siblings(document),
                 _similar(engine, doc_id), note)  # fmt: skip


SIMILAR_SHOWN = 5


def _similar(engine, doc_id: str) -> tuple[SimilarHit, ...]:
    """The questions most like this one, as ``parlzoek similar ID`` finds them (twins grouped,
    the shared key terms said); none where its text holds no key term to look for."""
    try:
        return find_similar(engine, doc_id=doc_id, limit=SIMILAR_SHOWN, passages=0, snippets=False).hits
    except QueryError:
        return ()


def _query_problem(exc: BaseException) -> str:
    """A query's problem for the page, after a Dutch lead: what the query language says of the
    fault (in Dutch where it has the words); a time limit as it is."""
    if isinstance(exc, SearchTimeoutError):
        return _one_line(exc)
    lead = "Deze zoekvraag lukt niet" if isinstance(exc, QueryError) else "De zoekopdracht is niet gelukt"
    return f"{lead}: {_one_line(exc)}"


def _one_line(exc: BaseException) -> str:
    """The error's message on one line, in Dutch where it has one (``QueryError.dutch``)."""
    return " ".join((getattr(exc, "dutch", None) or str(exc)).split())


def _text(message: str, status: int) -> Response:
    return Response(message + "\n", status_code=status, media_type="text/plain; charset=utf-8", headers=HEADERS)


def _json(data: object, status: int = 200) -> Response:
    return Response(to_json(data) + "\n", status_code=status, media_type="application/json", headers=HEADERS)


def create_app(index: Path, settings: PoolSettings = DEFAULT_SETTINGS) -> Starlette:
    """The application serving ``index`` (read-only)."""
    pool = EnginePool(IndexHome(index), settings)
    web = WebApp(pool)

    @asynccontextmanager
    async def lifespan(_app):
        yield
        pool.close()

    routes = [
        Route("/", web.search_page),
        Route("/doc/{doc_id:path}", web.document_page),
        Route("/download.{fmt:str}", web.download),
        Route("/api/search", web.api_search),
        Route("/api/doc/{doc_id:path}", web.api_document),
        Mount("/static", StaticFiles(packages=[("parlzoek.web", "static")]), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers={404: web.not_found, 405: web.not_allowed})
    app.state.web = web
    return app


def app_from_environment() -> Starlette:
    """The factory uvicorn's worker processes call (``serve --workers N``): the index from ``INDEX_ENV``."""
    return create_app(Path(os.environ[INDEX_ENV]))
