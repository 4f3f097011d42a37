"""Results as data: the JSON shape of a search, and batch runs as JSONL, CSV or TREC.

These shapes are a contract with scripts and evaluation tools; change them only on purpose.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

from parlzoek.search.service import SearchHit, SearchResults
from parlzoek.textsafety import strip_controls, to_json

RUN_TAG = "parlzoek"
_CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def hit_to_dict(hit: SearchHit) -> dict[str, Any]:
    doc = hit.document
    return {
        "rank": hit.rank,
        "id": doc.id,
        "score": round(hit.score, 6),
        "number": doc.number,
        "date": doc.date,
        "session_year": doc.session_year,
        "minister": doc.minister,
        "minister_function": doc.minister_function,
        "asker": doc.asker,
        "party": doc.party,
        "title": doc.title,
        "passages": [
            {"n": p.n, "question": p.question, "answer": p.answer, "snippet": p.snippet} for p in hit.passages
        ],
        "near": [reason.to_dict() for reason in hit.near] if hit.near is not None else None,
    }


def results_to_dict(results: SearchResults) -> dict[str, Any]:
    data: dict[str, Any] = {
        "query": results.query,
        "parsed": results.parsed,
        "total": results.total,
        "hits": results.held,
        "page": results.page,
        "limit": results.limit,
        "suggestion": results.suggestion,
        "nowhere": list(results.nowhere),
        "results": [hit_to_dict(hit) for hit in results.hits],
    }
    if results.facets is not None:
        data["facets"] = results.facets
        data["facets_of"] = results.facets_of
    return data


def document_to_dict(document, siblings) -> dict[str, Any]:
    """A document as ``show --format json`` prints it: its record, each sibling with its id in the
    index (``None`` when that minister's question is not indexed); ``siblings`` as
    ``SearchEngine.siblings`` gives them."""
    data = document.to_dict()
    data["siblings"] = [{**sibling.to_dict(), "id": found} for sibling, found in siblings]
    return data


def strictly_decreasing(scores: Iterable[float]) -> list[float]:
    """Scores for a TREC run: evaluation tools re-sort equal scores by document id, which would
    undo our tie order, so each score is nudged just below the one before it.

    >>> strictly_decreasing([3.0, 2.0, 2.0, 1.0])
    [3.0, 2.0, 1.999999, 1.0]
    """
    out: list[float] = []
    for score in scores:
        value = round(score, 6)
        if out and value >= out[-1]:
            value = round(out[-1] - 1e-6, 6)
        out.append(value)
    return out


def write_trec(stream: TextIO, qid: str, results: SearchResults) -> None:
    scores = strictly_decreasing(hit.score for hit in results.hits)
    for hit, score in zip(results.hits, scores, strict=True):
        stream.write(f"{qid} Q0 {hit.document.id} {hit.rank} {score:.6f} {RUN_TAG}\n")


def write_jsonl(stream: TextIO, qid: str, results: SearchResults) -> None:
    stream.write(to_json({"qid": qid, **results_to_dict(results)}) + "\n")


CSV_COLUMNS = ["qid", "query", "rank", "id", "score", "number", "date", "minister", "title", "passage", "snippet",
               "asker", "party", "near"]  # fmt: skip


def csv_cell(value: Any) -> str:
    """Text as a spreadsheet shows it, never as a formula (``=cmd|…`` stays text)."""
    text = strip_controls("" if value is None else str(value))
    return "'" + text if text.startswith(_CSV_FORMULA_START) else text


class CsvRun:
    def __init__(self, stream: TextIO, header: bool = True) -> None:
        self.writer = csv.writer(stream)
        if header:
            self.writer.writerow(CSV_COLUMNS)

    def write(self, qid: str, results: SearchResults) -> None:
        for hit in results.hits:
            passage = hit.passages[0] if hit.passages else None
            doc = hit.document
            near = "; ".join(reason.said() for reason in hit.near) if hit.near is not None else ""
            row = [qid, results.query, hit.rank, doc.id, f"{hit.score:.6f}", doc.number, doc.date, doc.minister,
                   doc.title, passage.n if passage else "", passage.snippet if passage else "", doc.asker,
                   doc.party, near]  # fmt: skip
            self.writer.writerow([csv_cell(v) for v in row])
