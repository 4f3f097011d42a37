"""Walk files and directories, read each source with its reader, and account for every failure.

Order is deterministic (sorted paths, file order within a file) so that two runs over the same
corpus give the same documents in the same order. Nothing that goes wrong in one source stops
the others: it becomes a ``Problem`` (something skipped) or a warning (read with a fallback).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from parlzoek.corpus.models import Document, Problem, ReadWarning
from parlzoek.corpus.records import Outcome, read_json, read_jsonl
from parlzoek.corpus.sidecar import SIDECAR_SUFFIX, read_sidecar
from parlzoek.corpus.textdoc import read_document_file, read_text_file
from parlzoek.errors import SourceError

Reader = Callable[[Path, str], Iterator[Outcome]]
READERS: dict[str, Reader] = {
    ".txt": read_text_file,
    ".pdf": read_document_file,
    ".docx": read_document_file,
    ".doc": read_document_file,
    ".rtf": read_document_file,
    ".json": read_json,
    ".jsonl": read_jsonl,
    SIDECAR_SUFFIX: read_sidecar,
}


def readable_kinds() -> str:
    """The files read, as a hint names them: ``.txt, .pdf, … and .jsonl files (optionally .gz)``;
    made from ``READERS`` so a new reader is named too (the sidecar is a ``.json`` already named)."""
    kinds = [kind for kind in READERS if kind != SIDECAR_SUFFIX]
    return f"{', '.join(kinds[:-1])} and {kinds[-1]} files (optionally .gz)"


@dataclass(slots=True)
class LoadReport:
    """Problems and warnings gathered while documents stream past."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


@dataclass(slots=True)
class LoadResult:
    documents: list[Document]
    problems: list[Problem]
    warnings: list[Problem]


def source_kind(path: Path) -> str | None:
    """The reader's extension for a path (``.jsonl`` for ``x.jsonl.gz``), or ``None`` if we read no such file."""
    if path.name.lower().endswith(SIDECAR_SUFFIX):
        return SIDECAR_SUFFIX
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes and suffixes[-1] in READERS else None


def _walk(directory: Path, report: LoadReport) -> Iterator[Path]:
    def on_error(exc: OSError) -> None:
        report.problems.append(Problem(str(exc.filename or directory), f"cannot read directory: {exc.strerror}"))

    found: list[Path] = []
    for root, dirs, files in os.walk(directory, onerror=on_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(root, name) for name in files if not name.startswith(".") and source_kind(Path(name)))
    return iter(sorted(_without_sidecar_files(found)))


def _without_sidecar_files(paths: list[Path]) -> list[Path]:
    """A fetched ``schv-1.pdf`` is read through its ``schv-1.meta.json``, not a second time on its own."""
    described = {p.with_name(p.name[: -len(SIDECAR_SUFFIX)]) for p in paths if source_kind(p) == SIDECAR_SUFFIX}
    return [p for p in paths if source_kind(p) == SIDECAR_SUFFIX or p.with_name(p.name.split(".")[0]) not in described]


def iter_source_files(paths: Iterable[Path], report: LoadReport) -> Iterator[Path]:
    """Every readable source file below ``paths``, each once, in a stable order."""
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            candidates: Iterable[Path] = _walk(path, report)
        elif path.is_file():
            if source_kind(path) is None:
                report.problems.append(
                    Problem(str(path), f"unsupported file type; expected one of {', '.join(READERS)} (or .gz)")
                )
                continue
            candidates = [path]
        else:
            report.problems.append(Problem(str(path), "no such file or directory"))
            continue
        for candidate in candidates:
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                yield candidate


def read_source(path: Path, report: LoadReport) -> Iterator[Document]:
    """The documents of one file; its problems and warnings go to ``report``."""
    source = str(path)
    reader = READERS[source_kind(path) or ""]
    try:
        for outcome in reader(path, source):
            if isinstance(outcome, Document):
                yield outcome
            elif isinstance(outcome, ReadWarning):
                report.warnings.append(Problem(source, outcome.message, outcome.line))
            else:
                report.problems.append(Problem(source, str(outcome), outcome.line))
    except SourceError as exc:
        report.problems.append(Problem(source, str(exc), exc.line))
    except OSError as exc:
        report.problems.append(Problem(source, f"cannot read: {exc.strerror or exc}"))


def unique_documents(
    documents: Iterable[Document], first_source: dict[str, str], report: LoadReport
) -> Iterator[Document]:
    """Pass each id once; a repeat is a problem naming where the id was first read, not an overwrite."""
    for document in documents:
        source = document.source or ""
        if document.id in first_source:
            message = f"duplicate id {document.id!r} (first read from {first_source[document.id]}); skipped"
            report.problems.append(Problem(source, message, document.source_line))
            continue
        first_source[document.id] = source
        yield document


def iter_documents(paths: Iterable[Path], report: LoadReport) -> Iterator[Document]:
    """Stream documents from files and directories, each id once."""
    first_source: dict[str, str] = {}
    for path in iter_source_files(paths, report):
        yield from unique_documents(read_source(path, report), first_source, report)


def load(paths: Iterable[Path | str]) -> LoadResult:
    """Read everything at once: for inspecting and testing; the indexer streams ``iter_documents``."""
    report = LoadReport()
    documents = list(iter_documents((Path(p) for p in paths), report))
    return LoadResult(documents, report.problems, report.warnings)
