"""Rich rendering for the terminal: tables of documents, problems, errors. All text escaped first."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table

from parlzoek.corpus.loader import LoadResult
from parlzoek.corpus.models import Problem
from parlzoek.errors import ParlzoekError
from parlzoek.textsafety import for_rich

stdout = Console(highlight=False)
stderr = Console(stderr=True, highlight=False)


def print_error(exc: ParlzoekError) -> None:
    stderr.print(f"[bold red]Error:[/] {for_rich(str(exc))}")
    if exc.hint:
        stderr.print(f"[yellow]Hint:[/] {for_rich(exc.hint)}")


def _print_notices(label: str, style: str, notices: list[Problem]) -> None:
    for notice in notices:
        stderr.print(f"[{style}]{label}:[/] {for_rich(str(notice))}")


def _notes_per_source(result: LoadResult) -> Counter[tuple[str, int | None]]:
    return Counter((notice.source, notice.line) for notice in result.warnings)


def print_load_result(result: LoadResult) -> None:
    """Per document what was parsed; then every warning and problem, naming source and line."""
    notes = _notes_per_source(result)
    table = Table(title=f"{len(result.documents)} documents", title_justify="left")
    for column in ("id", "nr", "date", "minister", "title", "passages", "warnings"):
        numeric = column in ("nr", "passages", "warnings")
        table.add_column(column, overflow="fold", justify="right" if numeric else "left")
    for doc in result.documents:
        source = doc.source or ""
        warnings = notes[(source, None)] + (notes[(source, doc.source_line)] if doc.source_line else 0)
        table.add_row(
            for_rich(doc.id),
            str(doc.number) if doc.number is not None else "",
            doc.date or "",
            for_rich(doc.minister),
            for_rich(doc.title),
            str(len(doc.passages)),
            str(warnings) if warnings else "",
        )
    stdout.print(table)
    _print_notices("warning", "yellow", result.warnings)
    _print_notices("problem", "bold red", result.problems)
    stderr.print(f"{len(result.documents)} documents, {len(result.problems)} problems, {len(result.warnings)} warnings")
