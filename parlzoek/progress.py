"""Rich progress bars on stderr for long work; the library only calls plain hooks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn
from rich.text import Text

from parlzoek.indexer.build import Progress as BuildProgress


class RateColumn(ProgressColumn):
    def __init__(self, unit: str) -> None:
        super().__init__()
        self.unit = unit

    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} {self.unit}/s" if speed else f"– {self.unit}/s", style="cyan")


def _bar(label: str, unit: str) -> Progress:
    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(unit),
        TimeRemainingColumn(),
        console=Console(stderr=True, emoji=False),
        transient=True,
    )


@contextmanager
def index_progress() -> Iterator[BuildProgress]:
    with _bar("indexing", "docs") as bar:
        task = bar.add_task("indexing", total=None)
        yield BuildProgress(
            start=lambda total: bar.update(task, total=total),
            advance=lambda count: bar.advance(task, count),
        )


@contextmanager
def batch_progress(total: int) -> Iterator[Callable[[], None]]:
    with _bar("searching", "queries") as bar:
        task = bar.add_task("searching", total=total)
        yield lambda: bar.advance(task)


@contextmanager
def fetch_progress(client) -> Iterator:
    """Questions done of those found, with the bytes downloaded so far."""
    from parlzoek.fetch.run import FetchHooks

    columns = (TextColumn("fetching"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[megabytes]}"),
               TimeRemainingColumn())  # fmt: skip
    with Progress(*columns, console=Console(stderr=True, emoji=False), transient=True) as bar:
        task = bar.add_task("fetching", total=0, megabytes="")

        def found(count: int) -> None:
            bar.update(task, total=(bar.tasks[0].total or 0) + count)

        def done(outcome: str) -> None:
            bar.update(task, advance=1, megabytes=f"{client.bytes / 1e6:,.1f} MB")

        yield FetchHooks(found=found, done=done)
