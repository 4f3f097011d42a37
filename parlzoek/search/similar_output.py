"""``similar`` results as data: the JSON of one search, and batch runs (``--ids``) as JSONL, CSV or TREC.

The JSON is ``search``'s, with ``"source"`` (the id, or ``null`` for a draft), ``"key_terms"``
and, per result, ``"similarity"`` (score relative to the best result's), ``"terms"`` (the key
terms it shares) and ``"twins"`` (the same question under other numbers). In a batch run the
source id is the query id, so ``parlzoek evaluate`` can score it; each document is a line of
its own there (a group's twins follow it, at its score).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any, TextIO

from parlzoek.corpus.models import Problem
from parlzoek.errors import ParlzoekError
from parlzoek.search.export import CsvRun, hit_to_dict, write_trec
from parlzoek.search.service import SearchEngine, SearchHit, SearchResults
from parlzoek.search.similar import (
    DEFAULT_SETTINGS,
    SimilarHit,
    SimilarResults,
    SimilarSettings,
    find_similar,
    run_documents,
)
from parlzoek.textsafety import to_json


def _twin_to_dict(document) -> dict[str, Any]:
    return {"id": document.id, "number": document.number, "minister": document.minister}


def similar_hit_to_dict(hit: SimilarHit) -> dict[str, Any]:
    data = hit_to_dict(SearchHit(hit.rank, hit.score, hit.document, hit.passages))
    data["similarity"] = round(hit.similarity, 4)
    data["terms"] = list(hit.terms)
    data["twins"] = [_twin_to_dict(twin) for twin in hit.twins]
    return data


def similar_to_dict(results: SimilarResults) -> dict[str, Any]:
    return {
        "source": results.source,
        "query": results.query,
        "parsed": " OR ".join(t.stem for t in results.key_terms),  # what was searched, as in search's JSON
        "where": results.where,
        "key_terms": [{"term": t.word, "stem": t.stem, "weight": round(t.weight, 4)} for t in results.key_terms],
        "total": results.total,
        "page": results.page,
        "limit": results.limit,
        "suggestion": None,
        "results": [similar_hit_to_dict(hit) for hit in results.hits],
    }


def as_search_results(results: SimilarResults) -> SearchResults:
    """Every document of a ``similar`` result as a plain ranked list, for the TREC and CSV writers."""
    hits = tuple(
        SearchHit(rank, score, document, ()) for rank, (document, score) in enumerate(run_documents(results), start=1)
    )
    return SearchResults(results.query, "", results.total, results.page, results.limit, hits)


def run_ids(
    engine: SearchEngine,
    ids: list[tuple[int, str]],
    out: TextIO,
    *,
    fmt: str,
    limit: int,
    where: str | None,
    problems: list[Problem],
    source: str,
    settings: SimilarSettings = DEFAULT_SETTINGS,
    on_query: Callable[[], None] = lambda: None,
) -> int:
    """``similar`` for each (line, id), written in ``fmt`` with the id as query id; an unknown id
    is a problem and the run goes on, and a repeated id runs once (as ``batch`` runs a repeated
    query id: a run with a query twice is no run ``evaluate`` reads). Returns how many were answered."""
    answered = 0
    first_line: dict[str, int] = {}
    if fmt == "csv":
        CsvRun(out)  # the header
    for line, doc_id in ids:
        if doc_id in first_line:
            problems.append(Problem(source, f"id {doc_id} repeats line {first_line[doc_id]}; not run", line))
            on_query()
            continue
        first_line[doc_id] = line
        try:
            results = find_similar(
                engine, doc_id=doc_id, where=where, limit=limit, passages=0 if fmt == "trec" else 1,
                group=False, explain=fmt != "trec", settings=settings,
            )  # fmt: skip
        except ParlzoekError as exc:
            problems.append(Problem(source, str(exc), line))
            on_query()
            continue
        chunk = io.StringIO()
        if fmt == "trec":
            write_trec(chunk, doc_id, as_search_results(results))
        elif fmt == "csv":
            CsvRun(chunk, header=False).write(doc_id, as_search_results(results))
        else:
            chunk.write(to_json({"qid": doc_id, **similar_to_dict(results)}) + "\n")
        out.write(chunk.getvalue())
        answered += 1
        on_query()
    return answered
