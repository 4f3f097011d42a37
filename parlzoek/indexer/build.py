"""Build or update an index from corpus sources.

Incremental by source file: each indexed document carries its source's state (path, size,
modification time) as a term, so the index itself says which sources it holds and in which
version; no side table can drift out of step with it. A changed source has its documents
replaced, an unchanged one is not read, and ``prune`` drops documents whose source is gone.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from parlzoek.corpus.loader import LoadReport, iter_source_files, read_source, source_kind, unique_documents
from parlzoek.corpus.models import Document, Problem
from parlzoek.errors import IndexWriteError
from parlzoek.indexer.analysis import DEFAULT_STEMMER
from parlzoek.indexer.schema import build_schema, to_fields
from parlzoek.indexer.store import IndexHome, create_generation, locked_error

STATE_SEPARATOR = "\x1f"
WRITER_MEMORY_MB = 256


@dataclass(slots=True)
class Progress:
    """Hooks for a progress display; the library itself prints nothing."""

    start: Callable[[int], None] = lambda total: None
    advance: Callable[[int], None] = lambda count: None


@dataclass(slots=True)
class IndexSummary:
    index: Path
    full_build: bool
    documents_added: int = 0
    passages_added: int = 0
    documents_removed: int = 0
    sources_read: int = 0
    sources_unchanged: int = 0
    sources_pruned: int = 0
    documents_total: int = 0
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


@dataclass(slots=True)
class _Run:
    """What one ``update_index`` call carries through its steps."""

    home: IndexHome
    report: LoadReport
    progress: Progress
    procs: int
    summary: IndexSummary


def source_state(path: Path) -> str:
    stat = path.stat()
    return f"{path}{STATE_SEPARATOR}{stat.st_size}:{stat.st_mtime_ns}"


def estimate_documents(path: Path) -> int:
    """A cheap count for the progress bar: lines of a JSONL file, one for any other source."""
    if source_kind(path) != ".jsonl":
        return 1
    from parlzoek.corpus.decode import open_binary

    try:
        with open_binary(path) as stream:
            return sum(1 for line in stream if line.strip())
    except Exception:  # the real read will report what is wrong
        return 1


def indexed_terms(ix, fieldname: str) -> set[str]:
    with ix.reader() as reader:
        return lexicon_terms(reader, fieldname)


def lexicon_terms(reader, fieldname: str) -> set[str]:
    """The terms of a field, from a reader the caller keeps open (a searcher's, say)."""
    return {term.decode("utf-8") if isinstance(term, bytes) else term for term in reader.lexicon(fieldname)}


def _documents(paths: list[Path], report: LoadReport, progress: Progress) -> Iterator[tuple[Document, str]]:
    first_source: dict[str, str] = {}
    for path in paths:
        state = source_state(path)
        for document in unique_documents(read_source(path, report), first_source, report):
            progress.advance(1)
            yield document, state


def _open_writer(ix, run: _Run):
    from whoosh.index import LockError

    from parlzoek.indexer.postings import open_writer

    try:
        return open_writer(ix, run.procs, WRITER_MEMORY_MB)
    except LockError as exc:
        raise locked_error(run.home.path) from exc


def _write(run: _Run, ix, files: list[Path], *, replace: bool, delete_sources: Iterable[str]) -> None:
    """Add the documents of ``files``; with ``replace``, they take the place of the documents of
    ``delete_sources`` and of any older copy with the same id.

    Deletions go in two queries, not one per source or document: each opens a searcher over the
    whole index, which for many changed files would be most of an update. They
    only see the index as it was, never the documents this writer adds.
    """
    from whoosh.query import Or, Term

    summary = run.summary
    writer = _open_writer(ix, run)
    try:
        sources = [Term("source", source) for source in delete_sources]
        if sources:
            summary.documents_removed += writer.delete_by_query(Or(sources))
        added: list[str] = []
        for document, state in _documents(files, run.report, run.progress):
            writer.add_document(**to_fields(document, state))
            added.append(document.id)
            summary.passages_added += len(document.passages)
        summary.documents_added += len(added)
        if replace and added:
            writer.delete_by_query(Or([Term("id", doc_id) for doc_id in added]))
        writer.commit(mergetype=merge_small_without_empty)
    except BaseException:
        writer.cancel()
        raise


def merge_small_without_empty(writer, segments):
    """Whoosh's ``MERGE_SMALL``, less the segments whose documents are all deleted. Whoosh keeps
    those: an update that replaces a whole segment's documents left it behind, empty, and after
    a dozen such updates of a small index 8 of its 9 segments held nothing but still took disk
    and counted in every document frequency."""
    from whoosh.writing import MERGE_SMALL

    return MERGE_SMALL(writer, [segment for segment in segments if segment.doc_count() > 0])


def _full_build(run: _Run, files: list[Path], stemmer: str) -> None:
    run.progress.start(sum(estimate_documents(p) for p in files))
    building = run.home.new_generation()
    try:
        ix = create_generation(building, build_schema(stemmer))
        _write(run, ix, files, replace=False, delete_sources=())
        run.home.write_manifest(building, stemmer)
        run.summary.documents_total = ix.doc_count()
        ix.close()
    except BaseException:
        run.home.discard(building)
        raise
    run.home.publish(building)
    run.summary.sources_read = len(files)


def _incremental(run: _Run, files: list[Path], prune: bool) -> None:
    summary = run.summary
    ix = run.home.open()
    states = indexed_terms(ix, "source_state")
    changed = [path for path in files if source_state(path) not in states]
    summary.sources_unchanged = len(files) - len(changed)
    gone: list[str] = []
    if prune:
        gone = [source for source in indexed_terms(ix, "source") if not os.path.exists(source)]
        summary.sources_pruned = len(gone)
    if not changed and not gone:
        summary.documents_total = ix.doc_count()
        return
    run.progress.start(sum(estimate_documents(p) for p in changed))
    deletions = [*(str(p) for p in changed), *gone]
    _write(run, ix, changed, replace=True, delete_sources=deletions)
    summary.sources_read = len(changed)
    run.home.touch()
    summary.documents_total = run.home.open().doc_count()


def indexed_sources(home: IndexHome) -> list[Path]:
    """The sources an existing index was built from, to refresh or rebuild it when no path is given.

    Read without the analyzer check, so that an index built by an older parlzoek can be rebuilt
    from its own sources rather than from the sample.
    """
    return sorted(Path(source) for source in indexed_terms(home.open_unchecked(), "source"))


def update_index(
    home: IndexHome,
    paths: Iterable[Path],
    *,
    rebuild: bool = False,
    prune: bool = False,
    procs: int = 1,
    stemmer: str = DEFAULT_STEMMER,
    progress: Progress | None = None,
) -> IndexSummary:
    """Build the index at ``home`` from ``paths``, or bring an existing one up to date.

    Raises:
        IndexLockedError: another process is writing.
        IndexMismatchError: the existing index needs ``rebuild``.
        IndexWriteError: the disk is full or not writable; the index is as it was.
    """
    started = time.perf_counter()
    report = LoadReport()
    files = list(iter_source_files((Path(p).absolute() for p in paths), report))
    full = rebuild or not home.exists()
    summary = IndexSummary(index=home.path, full_build=full)
    run = _Run(home, report, progress or Progress(), procs, summary)
    try:
        with home.writing():
            home.clean()  # debris of a build that was killed, before this run adds its own
            if full:
                _full_build(run, files, stemmer)
            else:
                _incremental(run, files, prune)
    except OSError as exc:
        raise IndexWriteError(
            f"cannot write the index at {home.path}: {exc.strerror or exc}; the index is unchanged",
            hint="free some disk space or fix the permissions, then run the same command again",
        ) from exc
    summary.problems, summary.warnings = report.problems, report.warnings
    summary.seconds = time.perf_counter() - started
    return summary
