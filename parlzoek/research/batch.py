"""Batch runs: many queries, one searcher per process, results keyed by query id.

A query file is one query per line, ``qid<TAB>query`` lines (as the Chamber topic files) or JSONL
``{"id": …, "query": …}``, recognised once per file (a line in another shape is a bad line, not
a query read another way). A bad line or a bad query is reported and the run goes on.
"""

from __future__ import annotations

import io
import json
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TextIO

from parlzoek.corpus.decode import decode, read_lines
from parlzoek.corpus.models import Problem
from parlzoek.errors import ParlzoekError, SourceError
from parlzoek.ranking.model import Ranking
from parlzoek.search.export import CsvRun, write_jsonl, write_trec
from parlzoek.search.service import SearchEngine

FORMATS = ("jsonl", "csv", "trec")


@dataclass(frozen=True, slots=True)
class BatchQuery:
    qid: str
    text: str
    line: int
    source: str = ""  # the query file, for reports


@dataclass(slots=True)
class BatchSummary:
    queries: int = 0
    answered: int = 0
    without_hits: int = 0
    problems: list[Problem] = field(default_factory=list)


def _parse_line(text: str, number: int, kind: str) -> BatchQuery:
    if kind == "jsonl":
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SourceError(f"not a JSON line ({exc.msg}); not run", number) from exc
        if not isinstance(record, dict) or not isinstance(record.get("query"), str):
            raise SourceError('a JSON line needs a string "query"', number)
        return BatchQuery(str(record.get("id", number)), record["query"], number)
    if kind == "tsv":
        if "\t" not in text:
            raise SourceError("no tab between query id and query (the file's other lines have one); not run", number)
        qid, query = text.split("\t", 1)
        return BatchQuery(qid.strip() or str(number), query, number)
    return BatchQuery(str(number), text, number)


def _file_kind(lines: list[tuple[int, str]]) -> str:
    """One format per file, so a broken line is reported rather than read another way: JSONL if
    at least half the lines open a JSON object, ``qid<TAB>query`` if any line has a tab, else one
    query per line."""
    if 2 * sum(text.startswith("{") for _, text in lines) >= len(lines) > 0:
        return "jsonl"
    return "tsv" if any("\t" in text for _, text in lines) else "plain"


def read_queries(path: Path, problems: list[Problem]) -> Iterator[BatchQuery]:
    """The queries of a file, in order; unreadable lines go to ``problems``. A query id is one
    query: a later line with the same id is a problem and is not run, since results keyed by
    that id would mix two rankings (a TREC run would hold its ranks twice)."""
    lines: list[tuple[int, str]] = []
    try:
        for number, raw in read_lines(path):
            if isinstance(raw, SourceError):
                problems.append(Problem(str(path), str(raw), raw.line or number))
                continue
            text = decode(raw)[0]
            if text.strip():
                # a tab stays: "Q2<tab>" is query Q2 with nothing to search, not the query "Q2"
                lines.append((number, text.strip(" \r\n\f\v")))
    except SourceError as exc:
        problems.append(Problem(str(path), str(exc)))
    kind = _file_kind(lines)
    first_line: dict[str, int] = {}
    for number, text in lines:
        try:
            query = replace(_parse_line(text, number, kind), source=str(path))
            if query.qid in first_line:
                raise SourceError(f"query id {query.qid} repeats line {first_line[query.qid]}; not run", number)
            first_line[query.qid] = number
            yield query
        except SourceError as exc:
            problems.append(Problem(str(path), str(exc), exc.line or number))


@dataclass(frozen=True, slots=True)
class Answer:
    """One query's lines in the output format, or why it failed."""

    text: str = ""
    hits: int = 0
    error: str | None = None


def answer(engine: SearchEngine, query: BatchQuery, *, fmt: str, limit: int) -> Answer:
    """One query's output; whatever that query does (an error of ours, or a slip anywhere inside
    the search), it is that query's failure, reported, and the batch goes on."""
    try:
        return _answered(engine, query, fmt=fmt, limit=limit)
    except ParlzoekError as exc:
        return Answer(error=str(exc))
    except Exception as exc:  # one query's failure, whatever it is, must not end the run
        return Answer(error=f"the search failed ({type(exc).__name__}: {exc}); please report this query")


def _answered(engine: SearchEngine, query: BatchQuery, *, fmt: str, limit: int) -> Answer:
    results = engine.search(query.text, limit=limit, passages=0 if fmt == "trec" else 1, suggest=False)
    out = io.StringIO()
    if fmt == "csv":
        CsvRun(out, header=False).write(query.qid, results)
    elif fmt == "trec":
        write_trec(out, query.qid, results)
    else:
        write_jsonl(out, query.qid, results)
    return Answer(out.getvalue(), len(results.hits))


def run_batch(
    engine: SearchEngine,
    queries: Iterator[BatchQuery],
    out: TextIO,
    *,
    fmt: str,
    limit: int,
    summary: BatchSummary,
    on_query: Callable[[], None] = lambda: None,
    procs: int = 1,
) -> None:
    """Search each query and write its results in order; a failing query is a problem, not the end
    of the run. With ``procs`` above 1, that many processes search, each with its own searcher."""
    if fmt == "csv":
        CsvRun(out)  # the header
    for query, answered in _answers(engine, queries, fmt=fmt, limit=limit, procs=procs):
        summary.queries += 1
        if answered.error is not None:
            summary.problems.append(query_problem(query, answered.error))
        else:
            summary.answered += 1
            summary.without_hits += not answered.hits
            out.write(answered.text)
        on_query()


QUOTED_CHARS = 80  # of a query in a report


def query_problem(query: BatchQuery, message: str) -> Problem:
    """``file:line: query ID 'text': message``, on one line whatever the message holds."""
    text = query.text if len(query.text) <= QUOTED_CHARS else query.text[: QUOTED_CHARS - 1] + "…"
    where = query.source or f"query {query.qid}"
    return Problem(where, f"query {query.qid} {text!r}: {' '.join(message.split())}", query.line)


def _answers(engine: SearchEngine, queries: Iterator[BatchQuery], *, fmt: str, limit: int, procs: int):
    if procs <= 1:
        for query in queries:
            yield query, answer(engine, query, fmt=fmt, limit=limit)
        return
    from parlzoek.processes import process_context

    queries = list(queries)
    setup = (engine.home, engine.operator, engine.ranking)
    with process_context().Pool(procs, initializer=_open_engine, initargs=setup) as pool:
        found = pool.imap(partial(_answer_here, fmt=fmt, limit=limit), queries, chunksize=2)
        yield from zip(queries, found, strict=True)


_ENGINE: SearchEngine | None = None  # a batch worker process's own searcher


def _open_engine(home, operator: str, ranking: Ranking) -> None:
    global _ENGINE  # noqa: PLW0603 -- one searcher per worker process, opened once
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the pool
    _ENGINE = SearchEngine(home, operator, ranking)


def _answer_here(query: BatchQuery, *, fmt: str, limit: int) -> Answer:
    return answer(_ENGINE, query, fmt=fmt, limit=limit)
