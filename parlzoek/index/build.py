"""Build or update an index from corpus sources.

Incremental by source file. The index keeps a record of the paths it was given and of each
source file's content as read (``sources.py``); each document also carries its source's path and
content hash as a term. A source whose content changed has its documents replaced, an unchanged
one is not read, a file that appeared in an indexed folder is read and one that left it has its
documents dropped; ``prune`` drops the documents of sources that are gone altogether.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from parlzoek.analysis.dutch import DEFAULT_STEMMER
from parlzoek.corpus.loader import (
    LoadReport,
    iter_source_files,
    read_source,
    readable_kinds,
    source_kind,
    unique_documents,
)
from parlzoek.corpus.models import Document, Problem
from parlzoek.corpus.sample import is_bundled_sample, sample_corpus_dir
from parlzoek.errors import IndexWriteError, NothingToIndexError
from parlzoek.index.schema import build_schema, to_fields
from parlzoek.index.sources import Fingerprint, SourceRecord, covers
from parlzoek.index.store import IndexHome, create_generation, locked_error
from parlzoek.wording import counted

STATE_SEPARATOR = "\x1f"
WRITER_MEMORY_MB = 256
MAX_PROCS = 2
DOCUMENTS_PER_PROC = 500


@dataclass(slots=True)
class Progress:
    """Hooks for a progress display; the library itself prints nothing. ``start`` and ``advance``
    count the documents read; ``phase`` names each later step that takes time, as it begins."""

    start: Callable[[int], None] = lambda total: None
    advance: Callable[[int], None] = lambda count: None
    phase: Callable[[str], None] = lambda name: None


@dataclass(slots=True)
class IndexSummary:
    index: Path
    full_build: bool
    documents_added: int = 0
    passages_added: int = 0
    documents_removed: int = 0
    sources_read: int = 0
    sources_unchanged: int = 0
    sources_dropped: int = 0
    documents_total: int = 0
    procs: int = 1
    replaced_sample: bool = False
    published: bool = True  # False: a build read no document and published nothing
    kept: bool = False  # with ``published`` False: an index was there, and is as it was
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


@dataclass(slots=True)
class _Run:
    """What one ``update_index`` call carries through its steps."""

    home: IndexHome
    report: LoadReport
    progress: Progress
    procs: int | None
    summary: IndexSummary


@dataclass(slots=True)
class _Plan:
    """What an update reads and drops, and the record the index will have after it."""

    read: list[Path]
    states: dict[Path, str]
    dropped: list[str]
    record: SourceRecord
    found: int  # source files found under the paths given, read or not


def source_state(path: Path, fingerprint: Fingerprint) -> str:
    """The term a document carries for the source version it was read from."""
    return f"{path}{STATE_SEPARATOR}{fingerprint.digest}"


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every system
        return os.cpu_count() or 1


def automatic_procs(documents: int, cores: int | None = None) -> int:
    """Writer processes for ``documents``: one per core, at most ``MAX_PROCS``, and one for a small
    update, which starting processes would slow. Each process writes a segment of its own, which
    every query then reads (two segments: queries some 15% slower); on two cores a second process
    halves a build, a third on two cores only adds work."""
    cores = available_cores() if cores is None else cores
    return max(1, min(cores, MAX_PROCS, documents // DOCUMENTS_PER_PROC))


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


def live_terms(reader, fieldname: str) -> set[str]:
    """The terms of a field that some document not deleted still has, from a reader the caller
    keeps open. Whoosh's lexicon also lists the terms of deleted documents until their segment is
    merged away: a replaced source's old version and a pruned source stayed listed there."""
    terms = {term.decode("utf-8") if isinstance(term, bytes) else term for term in reader.lexicon(fieldname)}
    if not reader.has_deletions():
        return terms
    return {term for term in terms if reader.postings(fieldname, term).is_active()}


def _documents(paths: list[Path], states: dict[Path, str], run: _Run) -> Iterator[tuple[Document, str]]:
    first_source: dict[str, str] = {}
    for path in paths:
        for document in unique_documents(read_source(path, run.report), first_source, run.report):
            run.progress.advance(1)
            yield document, states[path]


def _open_writer(ix, run: _Run, procs: int):
    from whoosh.index import LockError

    from parlzoek.engine.writing.postings_writer import open_writer

    try:
        return open_writer(ix, procs, WRITER_MEMORY_MB)
    except LockError as exc:
        raise locked_error(run.home.path) from exc


def _write(run: _Run, ix, plan: _Plan, *, replace: bool) -> None:
    """Add the documents of the sources ``plan`` reads; with ``replace``, they take the place of
    the documents of those sources and of the ones it drops, and of any older copy with the same id.

    Deletions go in two queries, not one per source or document: each opens a searcher over the
    whole index, which for many changed files would be most of an update. They
    only see the index as it was, never the documents this writer adds.
    """
    from whoosh.query import Or, Term

    summary = run.summary
    expected = sum(estimate_documents(p) for p in plan.read)
    summary.procs = run.procs or automatic_procs(expected)
    run.progress.start(expected)
    writer = _open_writer(ix, run, summary.procs)
    try:
        sources = [Term("source", source) for source in [*map(str, plan.read), *plan.dropped]] if replace else []
        if sources:
            summary.documents_removed += writer.delete_by_query(Or(sources))
        added: list[str] = []
        for document, state in _documents(plan.read, plan.states, run):
            writer.add_document(**to_fields(document, state))
            added.append(document.id)
            summary.passages_added += len(document.passages)
        summary.documents_added += len(added)
        if replace and added:
            writer.delete_by_query(Or([Term("id", doc_id) for doc_id in added]))
        writer.commit(mergetype=_MergePolicy(run.progress.phase, adding=bool(added)))
    except BaseException:
        writer.cancel()
        raise


@dataclass(frozen=True, slots=True)
class _MergePolicy:
    """Whoosh's ``MERGE_SMALL``, less the segments whose documents are all deleted, announcing the
    steps of a commit. Whoosh keeps those empty segments: an update that replaces a whole segment's
    documents left it behind, still on disk and counted in every document frequency.

    A commit calls its merge policy first, which merges segments into the writer, then writes the
    new segment (with ``--procs``, waits for the processes writing theirs)."""

    phase: Callable[[str], None]
    adding: bool

    def __call__(self, writer, segments):
        from whoosh.writing import MERGE_SMALL

        if segments:
            self.phase("merging segments")
        kept = [segment for segment in segments if segment.doc_count() > 0]
        if not kept and not self.adding:  # an index of no segment cannot be searched: keep one, empty
            kept = segments[-1:]
        kept = MERGE_SMALL(writer, kept)
        self.phase("writing the index")
        return kept


def _full_build(run: _Run, plan: _Plan, stemmer: str) -> None:
    building = run.home.new_generation()
    try:
        ix = create_generation(building, build_schema(stemmer))
        _write(run, ix, plan, replace=False)
        run.progress.phase("publishing")
        documents = ix.doc_count()
        ix.close()
        run.summary.sources_read = len(plan.read)
        if not documents:  # an empty index to search would only mislead: the old one, if any, stays
            run.summary.published, run.summary.kept = False, run.home.exists()
            run.home.discard(building)
            return
        plan.record.save(building)
        run.home.write_manifest(building, stemmer)
    except BaseException:
        run.home.discard(building)
        raise
    run.home.publish(building)
    run.summary.documents_total = documents


def _incremental(run: _Run, plan: _Plan) -> None:
    summary = run.summary
    summary.sources_unchanged = plan.found - len(plan.read)
    if plan.read or plan.dropped:
        _write(run, run.home.open(), plan, replace=True)
        summary.sources_read = len(plan.read)
    generation = run.home.current()
    if plan.record != SourceRecord.load(generation):
        plan.record.save(generation)
    if plan.read or plan.dropped:
        run.home.touch()
    with run.home.open().reader() as reader:
        summary.documents_total = reader.doc_count()


def indexed_record(home: IndexHome) -> SourceRecord:
    """What the current generation was built from. For an index built before there were records,
    one made of its sources, none with a known content (so each is read again).

    Read without the analyzer check, so that an index built by an older parlzoek can be rebuilt
    from its own sources rather than from the sample.
    """
    record = SourceRecord.load(home.current())
    if record is not None:
        return record
    with home.open_unchecked().reader() as reader:
        sources = sorted(live_terms(reader, "source"))
    return SourceRecord(sources, {source: Fingerprint("", "") for source in sources})


def holds_only_sample(record: SourceRecord) -> bool:
    return bool(record.files) and all(is_bundled_sample(Path(path)) for path in record.files)


def _is_sample(path: Path) -> bool:
    return path.parts[-3:] == sample_corpus_dir().parts[-3:] or is_bundled_sample(path)


def _plan(roots: list[Path], previous: SourceRecord | None, report: LoadReport, *, prune: bool) -> _Plan:
    """Which files to read and which to drop, and the record after that. ``previous`` is ``None``
    for a full build: every file is read, and a path that is gone is no longer a source."""
    record = SourceRecord(list(previous.roots) if previous else [], {})
    known = previous.files if previous else {}
    present = [root for root in roots if os.path.lexists(root)]
    record.add_roots(present)  # a path that is not there (a typo) is reported, never recorded as a source
    _gone_roots([root for root in roots if not os.path.lexists(root)], previous, record, report, prune=prune)
    read: list[Path] = []
    states: dict[Path, str] = {}
    found = 0
    for path in iter_source_files(present, report):
        try:
            fingerprint = Fingerprint.of(path, known.get(str(path)))
        except OSError as exc:
            report.problems.append(Problem(str(path), f"cannot read: {exc.strerror or exc}"))
            if str(path) in known:  # kept as it was indexed until it can be read again
                record.files[str(path)] = known[str(path)]
            continue
        found += 1
        record.files[str(path)] = fingerprint
        if str(path) not in known or known[str(path)].digest != fingerprint.digest:
            read.append(path)
            states[path] = source_state(path, fingerprint)
    dropped = [
        path
        for path in known
        if path not in record.files
        and (any(covers(str(root), path) for root in present) or (prune and not os.path.lexists(path)))
    ]
    for path in known:  # kept although not read this time: gone without --prune, or outside these paths
        if path not in record.files and path not in dropped:
            record.files[path] = known[path]
    return _Plan(read, states, dropped, record, found)


def _gone_roots(gone: list[Path], previous: SourceRecord | None, record: SourceRecord, report: LoadReport, *,
                prune: bool) -> None:  # fmt: skip
    """A path given that is gone: no longer a source with ``prune`` or in a full build; otherwise a
    problem, its documents kept (a folder on a drive not mounted just now is not lost). A path never
    recorded is not in ``record`` to begin with."""
    for root in gone:
        held = previous.files_under(str(root)) if previous else []
        if prune and str(root) in record.roots:
            record.roots.remove(str(root))
        if held and not prune:
            kept = f"source gone; its {counted(len(held), 'file')} stay in the index"
            report.problems.append(Problem(str(root), f"{kept} (drop them with: parlzoek index --prune)"))
        elif not held:
            report.problems.append(Problem(str(root), "no such file or directory"))


def _nothing_read(report: LoadReport, roots: Iterable[Path], *, existed: bool) -> NothingToIndexError:
    if report.problems:
        first, more = report.problems[0], len(report.problems) - 1
        reason = f"{first.source}: {first.message}" + (f" (and {counted(more, 'more problem')})" if more else "")
    else:
        reason = f"no source files in {', '.join(str(root) for root in roots)}"
    return NothingToIndexError(
        f"nothing indexed, {'the index is unchanged' if existed else 'no index created'}: {reason}",
        hint=f"check the path; parlzoek reads {readable_kinds()} and folders of them",
    )


def _prepare(home: IndexHome, named: list[Path], *, rebuild: bool, prune: bool, procs: int | None,
             progress: Progress) -> tuple[_Run, _Plan, Path | None]:  # fmt: skip
    """The run and its plan, and the generation they were planned on."""
    seen = home.current()
    previous = indexed_record(home) if seen is not None else None
    replaced_sample = bool(named) and previous is not None and holds_only_sample(previous)
    replaced_sample = replaced_sample and not any(_is_sample(path) for path in named)
    full = rebuild or previous is None or replaced_sample
    indexed = [Path(root) for root in previous.roots] if previous is not None else [sample_corpus_dir()]
    roots = named or indexed
    summary = IndexSummary(index=home.path, full_build=full, replaced_sample=replaced_sample)
    run = _Run(home, LoadReport(), progress, procs, summary)
    return run, _plan(roots, None if full else previous, run.report, prune=prune), seen


def update_index(
    home: IndexHome,
    paths: Iterable[Path] = (),
    *,
    rebuild: bool = False,
    prune: bool = False,
    procs: int | None = 1,
    stemmer: str = DEFAULT_STEMMER,
    progress: Progress | None = None,
) -> IndexSummary:
    """Build the index at ``home`` from ``paths``, or bring an existing one up to date.

    With no ``paths``, the paths the index was built from (the bundled sample for a new index).
    An index that holds only the bundled sample is rebuilt from ``paths`` instead of mixing them
    in, unless they name the sample too. ``procs`` ``None`` chooses by the cores and the work.

    Raises:
        NothingToIndexError: no source could be read; nothing was created or changed.
        IndexLockedError: another process is writing.
        IndexMismatchError: the existing index needs ``rebuild``.
        IndexWriteError: the disk is full or not writable; the index is as it was.
    """
    started = time.perf_counter()
    progress = progress or Progress()
    named = [Path(p).absolute() for p in paths]
    progress.phase("checking sources")
    run, plan, seen = _prepare(home, named, rebuild=rebuild, prune=prune, procs=procs, progress=progress)
    if not plan.found and not plan.dropped and (named or seen is None):  # before anything is created
        raise _nothing_read(run.report, named or map(Path, plan.record.roots), existed=seen is not None)
    made_directory = not home.path.exists()
    try:
        with home.writing():
            if home.current() != seen:  # another writer published or updated meanwhile
                run, plan, _ = _prepare(home, named, rebuild=rebuild, prune=prune, procs=procs, progress=progress)
            home.clean()  # debris of a build that was killed, before this run adds its own
            if run.summary.full_build:
                _full_build(run, plan, stemmer)
            else:
                _incremental(run, plan)
    except OSError as exc:
        raise IndexWriteError(
            f"cannot write the index at {home.path}: {exc.strerror or exc}; the index is unchanged",
            hint="free some disk space or fix the permissions, then run the same command again",
        ) from exc
    summary, report = run.summary, run.report
    if made_directory and not summary.published:
        home.remove_if_unused()
    summary.sources_dropped = len(plan.dropped)
    summary.problems, summary.warnings = report.problems, report.warnings
    summary.seconds = time.perf_counter() - started
    return summary
