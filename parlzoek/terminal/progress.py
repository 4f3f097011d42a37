"""Rich progress bars on stderr for long work; the library only calls plain hooks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from parlzoek.index.build import Progress as BuildProgress


class RateColumn(ProgressColumn):
    def __init__(self, unit: str) -> None:
        super().__init__()
        self.unit = unit

    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} {self.unit}/s" if speed else f"– {self.unit}/s", style="cyan")


class _ForCounts(ProgressColumn):
    """A column of a counted task, blank on a step's line (a task with the ``step`` field)."""

    def __init__(self, column: ProgressColumn) -> None:
        super().__init__()
        self.column = column

    def render(self, task):
        return Text("") if task.fields.get("step") else self.column.render(task)


class _TimeLeftOrTaken(ProgressColumn):
    """The time left of a counted task; the time a step has taken so far."""

    def __init__(self) -> None:
        super().__init__()
        self.left, self.taken = TimeRemainingColumn(), TimeElapsedColumn()

    def render(self, task):
        return self.taken.render(task) if task.fields.get("step") else self.left.render(task)


def _bar(unit: str) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        _ForCounts(MofNCompleteColumn()),
        _ForCounts(RateColumn(unit)),
        _TimeLeftOrTaken(),
        console=Console(stderr=True, emoji=False),
        transient=True,
    )


@contextmanager
def index_progress() -> Iterator[BuildProgress]:
    """The documents read, on a bar; each later step (writing, merging, publishing) on a line of its
    own with its time so far, the one before it shown done, so that a build never looks stuck."""
    with _bar("docs") as bar:
        current: list = []

        def begin(description: str, total: int | None, **fields) -> None:
            if current:
                done = bar.tasks[current[-1]]
                bar.update(current[-1], total=done.total or 1, completed=done.total or 1)
            current.append(bar.add_task(description, total=total, **fields))

        yield BuildProgress(
            start=lambda total: begin("indexing", total),
            advance=lambda count: bar.advance(current[-1], count),
            phase=lambda name: begin(name, None, step=True),
        )


@contextmanager
def batch_progress(total: int) -> Iterator[Callable[[], None]]:
    with _bar("queries") as bar:
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
