"""Batch runs: many queries, one searcher, results keyed by query id.

Input lines are ``query``, ``qid<TAB>query`` (as the Chamber topic files) or JSONL
``{"id": …, "query": …}``, recognised line by line. A bad line or a bad query is reported and
the run goes on.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from parlzoek.corpus.decode import decode, read_lines
from parlzoek.corpus.models import Problem
from parlzoek.errors import ParlzoekError, SourceError
from parlzoek.search.engine import SearchEngine
from parlzoek.search.export import CsvRun, write_jsonl, write_trec

FORMATS = ("jsonl", "csv", "trec")


@dataclass(frozen=True, slots=True)
class BatchQuery:
    qid: str
    text: str
    line: int


@dataclass(slots=True)
class BatchSummary:
    queries: int = 0
    answered: int = 0
    without_hits: int = 0
    problems: list[Problem] = field(default_factory=list)


def _parse_line(text: str, number: int) -> BatchQuery:
    if text.startswith("{"):
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SourceError(f"malformed JSON: {exc.msg}", number) from exc
        if not isinstance(record, dict) or not isinstance(record.get("query"), str):
            raise SourceError('a JSON line needs a string "query"', number)
        return BatchQuery(str(record.get("id", number)), record["query"], number)
    if "\t" in text:
        qid, query = text.split("\t", 1)
        return BatchQuery(qid.strip() or str(number), query, number)
    return BatchQuery(str(number), text, number)


def read_queries(path: Path, problems: list[Problem]) -> Iterator[BatchQuery]:
    """The queries of a file, in order; unreadable lines go to ``problems``."""
    try:
        for number, raw in read_lines(path):
            try:
                if isinstance(raw, SourceError):
                    raise raw
                text = decode(raw)[0]
                if text.strip():  # a tab stays: "Q2<tab>" is query Q2 with nothing to search, not the query "Q2"
                    yield _parse_line(text.strip(" \r\n\f\v"), number)
            except SourceError as exc:
                problems.append(Problem(str(path), str(exc), exc.line or number))
    except SourceError as exc:
        problems.append(Problem(str(path), str(exc)))


def run_batch(
    engine: SearchEngine,
    queries: Iterator[BatchQuery],
    out: TextIO,
    *,
    fmt: str,
    limit: int,
    summary: BatchSummary,
    on_query: Callable[[], None] = lambda: None,
) -> None:
    """Search each query and write its results; a failing query is a problem, not the end of the run."""
    csv_run = CsvRun(out) if fmt == "csv" else None
    passages = 0 if fmt == "trec" else 1
    for query in queries:
        summary.queries += 1
        try:
            results = engine.search(query.text, limit=limit, passages=passages, suggest=False)
        except ParlzoekError as exc:
            summary.problems.append(Problem(f"query {query.qid}", str(exc), query.line))
        else:
            summary.answered += 1
            summary.without_hits += not results.hits
            if csv_run:
                csv_run.write(query.qid, results)
            elif fmt == "trec":
                write_trec(out, query.qid, results)
            else:
                write_jsonl(out, query.qid, results)
        on_query()
