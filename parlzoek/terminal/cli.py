"""The ``parlzoek`` command: parse options, call the library, render. No logic of its own lives here.

Exit codes: 0 success; 1 a failed operation or a source that had to be skipped; 2 bad usage;
130 interrupted (Ctrl-C).
Results go to stdout, diagnostics and progress to stderr.
"""

from __future__ import annotations

import re
import shlex
import signal
import sys
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperCommand, TyperGroup

from parlzoek import __version__
from parlzoek.errors import Interrupted, ParlzoekError


class _ReportingGroup(TyperGroup):
    """Turns domain errors into a one-line message and their exit code, never a traceback.

    Done inside the click group rather than around ``app()`` so every way of invoking the app,
    typer's test runner included, behaves as the installed command does.
    """

    def resolve_command(self, ctx, args):
        ctx.meta[_COMMAND_ARGS] = list(args)
        return super().resolve_command(ctx, args)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            _exit_with(Interrupted("interrupted; nothing half-written was kept"))
        except ParlzoekError as exc:
            _exit_with(exc)
        except Exception as exc:  # typer's own click: its NoSuchOption is no public name
            _dash_query_hint(exc, ctx.meta.get(_COMMAND_ARGS, []))
            if not _is_usage_error(exc):
                raise
            from parlzoek.errors import UsageError

            path = (getattr(getattr(exc, "ctx", None), "command_path", None) or ctx.command_path).split()
            what = "options" if len(path) > 1 else "commands"
            message = exc.format_message().replace("Value error, ", "")  # pydantic's lead, no help to a reader
            _exit_with(UsageError(f"{message} ({' '.join(['parlzoek', *path[1:]])} --help lists the {what})"))


def _is_usage_error(exc: Exception) -> bool:
    """click's ``UsageError`` (a bad option or value, a missing argument), told by name: typer
    carries its own click. It printed four lines (usage, a hint, a blank, the error); one says it."""
    return any(kind.__name__ == "UsageError" for kind in type(exc).__mro__) and hasattr(exc, "format_message")


_COMMAND_ARGS = "parlzoek.command_args"


def _dash_query_hint(exc: Exception, args: list[str]) -> None:
    """``parlzoek search -vdab``: click reads ``-v`` as an unknown option. A one-word exclusion
    cannot be told from options (``-fraude`` would be ``-f raude``), so the reader is told how to
    write it instead: after ``--``. Other errors are left as they are."""
    option = getattr(exc, "option_name", None)
    if type(exc).__name__ != "NoSuchOption" or not option or args[:1] != ["search"]:
        return
    for arg in args[1:]:
        if arg == "--":
            return
        if arg.startswith(option) and re.fullmatch(r"-[^\W\d_][\w-]+", arg):
            options = [shlex.quote(other) for other in args[1:] if other != arg]  # before --: after it all is query
            exc.message = (
                f"No such option: {option}; to search for a query that starts with -, write it last, "
                f"after --: {' '.join(['parlzoek search', *options, '--', shlex.quote(arg)])}"
            )
            return


def _exit_with(exc: ParlzoekError) -> None:
    from parlzoek.terminal.render import print_error

    print_error(exc)
    raise typer.Exit(exc.exit_code) from None


class _Command(TyperCommand):
    """Usage and arguments written as a CLI user reads them: ``search [OPTIONS] QUERY``,
    ``index [OPTIONS] [PATH]...`` (typer's own would be ``{query}`` and ``paths... <list[Path]>``)."""

    def collect_usage_pieces(self, ctx) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = _argument_name(param)
                pieces.append((name if param.required else f"[{name}]") + ("..." if param.nargs != 1 else ""))
        return pieces

    def format_options(self, ctx, formatter) -> None:
        records = [(param, param.get_help_record(ctx)) for param in self.get_params(ctx)]
        arguments = [(_argument_name(p) + ("..." if p.nargs != 1 else ""), r[1]) for p, r in records
                     if r and p.param_type_name == "argument"]  # fmt: skip
        options = [_option_record(p, r, ctx) for p, r in records if r and p.param_type_name == "option"]
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def _argument_name(param) -> str:
    return param.metavar or param.name.upper()


_VALUE_NAMES = {"int": "N", "int range": "N", "float": "NUMBER", "float range": "NUMBER", "path": "PATH",
                "str": "TEXT", "list[str]": "TEXT", "%Y-%m-%d": "YYYY-MM-DD"}  # fmt: skip


def _option_record(param, record: tuple[str, str], ctx) -> tuple[str, str]:
    """``--limit N`` and ``--format [rich|plain|json]`` for typer's ``<int range>`` and ``<rich|plain|json>``."""
    shown = param.display_type_rich(ctx) if not param.metavar else None
    if not shown or not record[0].endswith(shown):
        return record
    label = shown.strip("<>")
    value = _VALUE_NAMES.get(label, f"[{label}]" if "|" in label else label.upper())
    return record[0].removesuffix(shown) + value, record[1]


class _App(typer.Typer):
    """A typer app whose commands are ``_Command``s."""

    def command(self, *args, cls: type[TyperCommand] | None = None, **options):
        return super().command(*args, cls=cls or _Command, **options)


app = _App(
    cls=_ReportingGroup,
    help="Full-text search over written parliamentary questions and answers.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)
corpus_app = _App(help="Read sources into question/answer documents.", no_args_is_help=True)
app.add_typer(corpus_app, name="corpus")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"parlzoek {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Full-text search over written parliamentary questions and answers."""


@corpus_app.command("inspect")
def corpus_inspect(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH",
            help="Files or directories (.txt, .pdf, .json, .jsonl, optionally .gz). Default: the bundled sample.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print documents, problems and warnings as JSON.")] = False,
    fmt: TableFormatOption = None,
) -> None:
    """Show what was parsed from each document; exit 1 if any source or record had to be skipped."""
    from parlzoek.corpus import load, sample_corpus_dir
    from parlzoek.terminal.render import print_load_result

    result = load(paths or [sample_corpus_dir()])
    if as_json or fmt is OutputFormat.json:
        payload = {
            "documents": [d.to_dict() for d in result.documents],
            "problems": [p.to_dict() for p in result.problems],
            "warnings": [w.to_dict() for w in result.warnings],
        }
        _print_json(payload, indent=2)
    else:
        print_load_result(result, _rich(fmt))
    raise typer.Exit(1 if result.problems else 0)


ExpandOption = Annotated[
    bool, typer.Option("--expand", help="Add words the top documents share (pseudo-relevance feedback).")
]
IndexOption = Annotated[
    Path | None,
    typer.Option(
        "--index", metavar="DIR", help="Index directory. Default: $PARLZOEK_INDEX, else a per-user data directory."
    ),
]


class OutputFormat(StrEnum):
    rich = "rich"
    plain = "plain"
    json = "json"


FormatOption = Annotated[
    OutputFormat | None,
    typer.Option("--format", "-f", help="Output format. Default: rich in a terminal, plain (hits «marked») otherwise."),
]


TableFormatOption = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format", "-f", help="Output format. Default: rich in a terminal, plain (tab-separated lines) otherwise."
    ),
]


def _rich(fmt: OutputFormat | None) -> bool:
    from parlzoek.terminal.render import rich_by_default

    return rich_by_default() if fmt is None else fmt is OutputFormat.rich


class BatchFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    trec = "trec"


def _print_json(data: object, **options: object) -> None:
    from parlzoek.textsafety import to_json

    sys.stdout.write(to_json(data, **options) + "\n")


def _notify(message: str) -> None:
    from parlzoek.terminal.render import stderr
    from parlzoek.textsafety import for_rich

    stderr.print(f"[cyan]{for_rich(message)}[/]")


@app.command("index")
def index_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH", help="Files or folders to index. Default: those the index was built from, or the sample."
        ),
    ] = None,
    index: IndexOption = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Start over instead of updating.")] = False,
    prune: Annotated[bool, typer.Option("--prune", help="Drop documents whose source file or folder is gone.")] = False,
    procs: Annotated[
        int | None, typer.Option("--procs", min=1, max=64, help="Writer processes. Default: one per core, up to 2.")
    ] = None,
    stemmer: Annotated[str, typer.Option("--stemmer", help="Snowball algorithm for a new index.")] = "dutch",
) -> None:
    """Build or update an index; exit 1 if any source or record had to be skipped."""
    from parlzoek.analysis.dutch import STEMMERS
    from parlzoek.index.build import update_index
    from parlzoek.index.location import chosen_index
    from parlzoek.terminal.progress import index_progress
    from parlzoek.terminal.render import print_index_summary

    if stemmer not in STEMMERS:
        raise typer.BadParameter(f"choose one of {', '.join(STEMMERS)}", param_hint="--stemmer")
    home, _ = chosen_index(index)
    with index_progress() as progress:
        summary = update_index(
            home, paths or [], rebuild=rebuild, prune=prune, procs=procs, stemmer=stemmer, progress=progress
        )
    print_index_summary(summary)
    raise typer.Exit(1 if summary.problems or not summary.published else 0)


@app.command("search")
def search_command(
    query: Annotated[
        str,
        typer.Argument(metavar="QUERY", help='Words, "phrases", -word, OR, minister:, vraagsteller:, jaar:, nr:, …'),
    ],
    index: IndexOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Results per page.")] = 10,
    page: Annotated[int, typer.Option("--page", min=1, help="Page of results.")] = 1,
    passages: Annotated[int, typer.Option("--passages", min=0, help="Passages shown per result.")] = 2,
    facets: Annotated[
        bool, typer.Option("--facets", help="Counts per minister, policy domain, year, asker, party and theme.")
    ] = False,
    fmt: FormatOption = None,
    expand: ExpandOption = False,
) -> None:
    """Search; prints ranked documents with their best passages, hits highlighted."""
    from parlzoek.index.location import index_for_reading
    from parlzoek.search.export import results_to_dict
    from parlzoek.search.service import SearchEngine
    from parlzoek.terminal.render import print_results

    with SearchEngine(index_for_reading(index, _notify), ranking=_ranking(expand)) as engine:
        results = engine.search(query, limit=limit, page=page, passages=passages, facets=facets)
    if fmt is OutputFormat.json:
        _print_json(results_to_dict(results))
    else:
        print_results(results, rich=_rich(fmt))
        _say_past_last_page(results)


def _say_past_last_page(results) -> None:
    """A page beyond the hits would print a header and nothing: say why (JSON keeps its empty page)."""
    last = -(-results.total // results.limit)
    if results.total and results.page > last:
        _notify(f"page {results.page} is past the last page ({last})")


@app.command("show")
def show_command(
    doc_id: Annotated[str, typer.Argument(metavar="ID", help="Document id, as search prints it.")],
    index: IndexOption = None,
    query: Annotated[str | None, typer.Option("--query", "-q", help="Highlight the hits of this query.")] = None,
    fmt: FormatOption = None,
) -> None:
    """Show one whole document, passages numbered."""
    from parlzoek.index.location import index_for_reading
    from parlzoek.search.service import SearchEngine
    from parlzoek.terminal.render import print_document

    with SearchEngine(index_for_reading(index, _notify)) as engine:
        document = engine.document(doc_id)
        passages = engine.highlight(document, query)
        siblings = engine.siblings(document)
    if fmt is OutputFormat.json:
        from parlzoek.search.export import document_to_dict

        _print_json(document_to_dict(document, siblings))
    else:
        print_document(document, passages, rich=_rich(fmt), siblings=siblings)


WEB_EXTRA_HINT = (
    "parlzoek serve needs the web extra: pip install 'parlzoek[web]' (from a checkout: pip install '.[web]'; "
    "Starlette, Jinja2, uvicorn)"
)


@app.command("serve")
def serve_command(
    index: IndexOption = None,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on; 0.0.0.0 opens it to the network.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8080,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64, help="Server processes on the same index.")] = 1,
) -> None:
    """Serve a read-only search website (and a JSON API) on this index."""
    from parlzoek.index.location import index_for_reading

    try:
        from parlzoek.web.serve import check_address, run, start_line
    except ImportError:
        sys.stderr.write(WEB_EXTRA_HINT + "\n")
        raise typer.Exit(2) from None
    home = index_for_reading(index, _notify)
    home.check()
    check_address(host, port)
    _notify(start_line(host, port, home.path, workers))
    run(home.path, host, port, workers)


@app.command("batch")
def batch_command(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="Queries: one per line, qid<TAB>query, or JSONL {id, query}.")
    ],
    index: IndexOption = None,
    fmt: Annotated[BatchFormat, typer.Option("--format", "-f", help="Output format.")] = BatchFormat.jsonl,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Results per query.")] = 100,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    expand: ExpandOption = False,
    procs: Annotated[int, typer.Option("--procs", min=1, max=64, help="Searching processes.")] = 1,
) -> None:
    """Run many queries with one searcher per process; exit 1 if any line or query failed."""
    from parlzoek.terminal.render import print_batch_summary

    queries, summary = _read_query_file(file)  # before the output is opened: bad input clobbers nothing
    out = _open_output(output) if output else sys.stdout
    try:
        _run_batch(queries, summary, index, out, fmt=fmt.value, limit=limit, expand=expand, procs=procs)
    finally:
        if output:
            out.close()
    print_batch_summary(summary)
    raise typer.Exit(1 if summary.problems else 0)


def _open_output(path: Path):
    from parlzoek.errors import cannot_write

    try:
        return path.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        raise cannot_write(path, exc) from None


def _read_query_file(file: Path):
    from parlzoek.errors import UsageError
    from parlzoek.research.batch import BatchSummary, read_queries

    if file.is_dir():
        raise UsageError(f"{file} is a folder, not a query file")
    if not file.is_file():
        raise UsageError(f"no such query file: {file}")
    summary = BatchSummary()
    return list(read_queries(file, summary.problems)), summary


def _ranking(expand: bool):
    """The default ranking, with pseudo-relevance feedback where ``--expand`` asks for it."""
    from parlzoek.ranking.model import DEFAULT_RANKING

    return DEFAULT_RANKING.with_feedback() if expand else DEFAULT_RANKING


def _run_batch(queries, summary, index: Path | None, out, *, fmt: str, limit: int, expand: bool, procs: int = 1):
    """The one way ``batch`` and ``evaluate --queries`` run queries: a searcher per process, progress on stderr."""
    from parlzoek.index.location import index_for_reading
    from parlzoek.research.batch import run_batch
    from parlzoek.search.service import SearchEngine
    from parlzoek.terminal.progress import batch_progress

    with (
        SearchEngine(index_for_reading(index, _notify), ranking=_ranking(expand)) as engine,
        batch_progress(len(queries)) as advance,
    ):
        run_batch(engine, iter(queries), out, fmt=fmt, limit=limit, summary=summary, on_query=advance, procs=procs)


@app.command("similar")
def similar_command(
    doc_id: Annotated[
        str | None, typer.Argument(metavar="[ID|-]", help="An indexed document's id, or - to read a draft from stdin.")
    ] = None,
    text: Annotated[str | None, typer.Option("--text", "-t", help="A draft's text instead of an id.")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="A draft in a text file.")] = None,
    ids: Annotated[Path | None, typer.Option("--ids", help="Batch: one document id per line.")] = None,
    where: Annotated[
        str | None, typer.Option("--where", "-w", help="Field filters, as in search: 'jaar:>=2017 minister:…'.")
    ] = None,
    index: IndexOption = None,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", min=1, help="Results (default 10; 100 with --ids).")
    ] = None,
    page: Annotated[int, typer.Option("--page", min=1, help="Page of results.")] = 1,
    passages: Annotated[int, typer.Option("--passages", min=0, help="Passages shown per result.")] = 2,
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="rich, plain or json; with --ids: jsonl, csv or trec.")
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="With --ids: write here.")] = None,
) -> None:
    """Documents like an indexed one or like a draft: has this been asked before? Exit 1 for an unknown id."""
    from parlzoek.index.location import index_for_reading
    from parlzoek.search.service import SearchEngine

    if ids is not None:
        _similar_batch(ids, index, where, limit or 100, fmt or "jsonl", output, (doc_id, text, file))
        return
    if output is not None:
        raise typer.BadParameter("-o goes with --ids (a batch run); redirect stdout instead", param_hint="--output")
    draft = _draft(doc_id, text, file)
    if fmt not in (None, *OutputFormat):
        raise typer.BadParameter("choose rich, plain or json (jsonl, csv, trec go with --ids)", param_hint="--format")
    shown = None if fmt is None else OutputFormat(fmt)  # a str here, since the option also takes batch formats
    from parlzoek.search.similar import find_similar

    with SearchEngine(index_for_reading(index, _notify)) as engine:
        found = find_similar(
            engine, doc_id=None if draft is not None else doc_id, text=draft, where=where,
            limit=limit or 10, page=page, passages=passages, snippets=shown is OutputFormat.json,
        )  # fmt: skip
    if shown is OutputFormat.json:
        from parlzoek.search.similar_output import similar_to_dict

        _print_json(similar_to_dict(found))
    else:
        from parlzoek.terminal.render import print_similar

        print_similar(found, rich=_rich(shown))
        if found.total and not found.hits:  # a header and nothing: say why (twins grouped: no exact last page)
            _notify(f"page {found.page} is past the last page of results")


def _draft(doc_id: str | None, text: str | None, file: Path | None) -> str | None:
    """The draft's text (``--text``, ``--file`` or ``-`` for stdin), or None for an indexed id; exactly one source."""
    from parlzoek.errors import UsageError

    given = [x for x in (doc_id, text, file) if x is not None]
    if len(given) != 1:
        said = "nothing to compare with" if not given else f"{len(given)} sources given"
        sources = "an ID, - (a draft on stdin), --text DRAFT, --file DRAFT, --ids FILE"
        raise UsageError(f"{said}: give exactly one of {sources}")
    if file is not None:
        try:
            draft = file.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise UsageError(f"cannot read draft {file}: {exc.strerror or exc}") from exc
    elif doc_id == "-":
        draft = sys.stdin.read()
    else:
        draft = text
    if draft is not None and not draft.strip():
        raise UsageError("the draft is empty: give its text")
    return draft


def _similar_batch(ids: Path, index, where, limit: int, fmt: str, output: Path | None, single: tuple) -> None:
    from parlzoek.errors import UsageError
    from parlzoek.index.location import index_for_reading
    from parlzoek.research.batch import BatchSummary
    from parlzoek.search.service import SearchEngine
    from parlzoek.search.similar_output import run_ids
    from parlzoek.terminal.progress import batch_progress
    from parlzoek.terminal.render import print_batch_summary

    if any(x is not None for x in single):
        raise UsageError("--ids runs a batch: give no ID, --text or --file with it")
    if fmt not in tuple(BatchFormat):
        raise typer.BadParameter("with --ids choose jsonl, csv or trec", param_hint="--format")
    if not ids.is_file():
        raise UsageError(f"no such id file: {ids}")
    summary = BatchSummary()
    try:
        lines = ids.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        raise UsageError(f"cannot read id file {ids}: {exc.strerror or exc}") from exc
    wanted = [(n, line.strip()) for n, line in enumerate(lines, start=1) if line.strip()]
    out = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        with SearchEngine(index_for_reading(index, _notify)) as engine, batch_progress(len(wanted)) as advance:
            summary.answered = run_ids(engine, wanted, out, fmt=fmt, limit=limit, where=where,
                                       problems=summary.problems, source=str(ids), on_query=advance)  # fmt: skip
    finally:
        if output:
            out.close()
    summary.queries = len(wanted)
    print_batch_summary(summary)
    raise typer.Exit(1 if summary.problems else 0)


@app.command("evaluate")
def evaluate_command(
    qrels: Annotated[Path, typer.Option("--qrels", help="TREC qrels: qid 0 docid relevance.")],
    run: Annotated[Path | None, typer.Option("--run", help="A TREC run to measure.")] = None,
    queries: Annotated[
        Path | None, typer.Option("--queries", help="Or a query file: run it as `batch` does, then measure.")
    ] = None,
    index: IndexOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Results per query (with --queries).")] = 100,
    baseline: Annotated[Path | None, typer.Option("--baseline", help="A TREC run to compare with.")] = None,
    per_query: Annotated[bool, typer.Option("--per-query", help="Show every query's figures.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    expand: ExpandOption = False,
) -> None:
    """nDCG@10, AP, R@100, RR@10 and P@10 of a run (or of a query file run now) over all judged queries."""
    from parlzoek.errors import UsageError
    from parlzoek.research.evaluate import MEASURES, compare, evaluate, measure_objects, read_qrels, read_run
    from parlzoek.terminal.render import print_evaluation

    if (run is None) == (queries is None):
        raise UsageError("give either --run RUN or --queries FILE (with --index)")
    measure_objects()  # without the extra, say so before running any query
    judgements = read_qrels(qrels)
    measured = evaluate(judgements, read_run(run) if run else _run_queries(queries, index, limit, expand))
    comparisons = []
    if baseline:
        other = evaluate(judgements, read_run(baseline))
        comparisons = [compare(measured, other, m) for m in MEASURES]
    if as_json:
        data = measured.to_dict(per_query)
        if comparisons:
            data["baseline"] = {c.measure: {"wins": c.wins, "ties": c.ties, "losses": c.losses,
                                            "mean_difference": c.mean_difference, "p_value": c.p_value}
                                for c in comparisons}  # fmt: skip
        _print_json(data)
    else:
        print_evaluation(measured, comparisons, per_query)


def _run_queries(queries: Path, index: Path | None, limit: int, expand: bool):
    import io

    from parlzoek.research.evaluate import read_run_text
    from parlzoek.terminal.render import print_batch_summary

    out = io.StringIO()
    batch, summary = _read_query_file(queries)
    _run_batch(batch, summary, index, out, fmt="trec", limit=limit, expand=expand)
    if summary.problems:
        print_batch_summary(summary)
    return read_run_text(out.getvalue(), str(queries))


@app.command("fetch")
def fetch_command(
    session_year: Annotated[
        list[str] | None, typer.Option("--session-year", help="Session year like 2016-2017; repeatable.")
    ] = None,
    legislature: Annotated[
        list[str] | None, typer.Option("--legislature", help="Legislature like 2019-2024; repeatable.")
    ] = None,
    date_from: Annotated[
        datetime | None, typer.Option("--from", formats=["%Y-%m-%d"], help="Published on or after.")
    ] = None,
    date_to: Annotated[
        datetime | None, typer.Option("--to", formats=["%Y-%m-%d"], help="Published on or before.")
    ] = None,
    into: Annotated[
        Path | None, typer.Option("--into", help="Corpus directory. Default: a per-user data directory.")
    ] = None,
    api: Annotated[
        str | None, typer.Option("--api-url", envvar="PARLZOEK_API_URL", help="Base URL (default https://ws.vlpar.be).")
    ] = None,
    rate: Annotated[float, typer.Option("--rate", min=0.1, max=20, help="Requests per second at most.")] = 3.0,
) -> None:
    """Download written questions (metadata + PDF) from the Flemish Parliament's open data; exit 1 if any failed."""
    from parlzoek.fetch.api import ApiClient
    from parlzoek.fetch.run import api_url, default_corpus_dir, fetch
    from parlzoek.fetch.selection import selections
    from parlzoek.terminal.progress import fetch_progress
    from parlzoek.terminal.render import print_fetch_summary

    chosen = selections(
        session_year or [], legislature or [], date_from and date_from.date(), date_to and date_to.date()
    )
    corpus = into or default_corpus_dir()
    with ApiClient(rate=rate) as client, fetch_progress(client) as hooks:
        summary = fetch(chosen, corpus, api_url(api), client=client, hooks=hooks)
    print_fetch_summary(summary)
    raise typer.Exit(1 if summary.failed else 0)


@app.command("verify")
def verify_command(
    index: IndexOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the findings as JSON.")] = False,
) -> None:
    """Check that the index opens, matches this analyzer, reads back whole, and its sources are as indexed."""
    from dataclasses import asdict

    from parlzoek.index.location import chosen_index
    from parlzoek.index.verify import verify_index
    from parlzoek.terminal.render import print_verification

    home, _ = chosen_index(index)
    report = verify_index(home)
    if as_json:
        data = {**asdict(report), "index": str(report.index), "healthy": report.healthy}
        _print_json(data)
    else:
        print_verification(report)
    raise typer.Exit(0 if report.healthy else 1)


@app.command("stats")
def stats_command(
    index: IndexOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON (as --format json).")] = False,
    fmt: TableFormatOption = None,
) -> None:
    """Documents, passages, terms, size, analyzer and sources of an index."""
    from dataclasses import asdict

    from parlzoek.index.location import index_for_reading
    from parlzoek.search.service import SearchEngine
    from parlzoek.terminal.render import print_stats

    with SearchEngine(index_for_reading(index, _notify)) as engine:
        stats = engine.stats()
    if as_json or fmt is OutputFormat.json:
        _print_json(asdict(stats), default=str)
    else:
        print_stats(stats, _rich(fmt))


# Commands that write an index or a corpus finish their work whoever stops reading their output.
_WRITERS = frozenset({"index", "fetch"})


def main() -> None:
    args = query_first(sys.argv[1:])
    if hasattr(signal, "SIGPIPE") and not _WRITERS.intersection(args[:1]):
        # Output read by `head` or `grep -q`: stop quietly as other Unix tools do (killed by SIGPIPE),
        # where click would report a failure (exit 1) once the reader closed the pipe.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    app(args=args)


def query_first(args: list[str]) -> list[str]:
    """``parlzoek search '-tender sociale economie'``: an argument that starts with one ``-`` and
    holds a space is a query that starts with an exclusion, never an option, but the option
    parser would refuse it ("No such option: -t"); it is passed on after ``--``. Only where it
    cannot be an option's value (the word before it is no option)."""
    if not args or args[0] != "search":
        return args
    for at, arg in enumerate(args[1:], start=1):
        if arg == "--":
            break
        looks_like_query = arg.startswith("-") and not arg.startswith("--") and any(c.isspace() for c in arg)
        if looks_like_query and not args[at - 1].startswith("-"):
            return [*args[:at], *args[at + 1 :], "--", arg]
    return args
