"""The ``parlzoek`` command: parse options, call the library, render. No logic of its own lives here.

Exit codes: 0 success; 1 a failed operation or a source that had to be skipped; 2 bad usage.
Results go to stdout, diagnostics and progress to stderr.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from parlzoek import __version__
from parlzoek.errors import ParlzoekError

app = typer.Typer(
    help="Full-text search over written parliamentary questions and answers.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)
corpus_app = typer.Typer(help="Read sources into question/answer documents.", no_args_is_help=True)
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
            help="Files or directories (.txt, .pdf, .json, .jsonl, optionally .gz). Default: the bundled sample."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print documents, problems and warnings as JSON.")] = False,
) -> None:
    """Show what was parsed from each document; exit 1 if any source or record had to be skipped."""
    from parlzoek.corpus import load, sample_corpus_dir
    from parlzoek.render import print_load_result

    result = load(paths or [sample_corpus_dir()])
    if as_json:
        payload = {
            "documents": [d.to_dict() for d in result.documents],
            "problems": [p.to_dict() for p in result.problems],
            "warnings": [w.to_dict() for w in result.warnings],
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        print_load_result(result)
    raise typer.Exit(1 if result.problems else 0)


def main() -> None:
    """Entry point: domain errors become a one-line message and an exit code, never a traceback."""
    try:
        app()
    except ParlzoekError as exc:
        from parlzoek.render import print_error

        print_error(exc)
        sys.exit(exc.exit_code)
