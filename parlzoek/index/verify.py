"""Check an index after a scare: it opens, matches this analyzer and schema, every stored document
reads back whole, and its sources are as indexed: every file still there with the content it had,
no new file in a folder it was built from, every document from the version of its source that the
index records.

Findings are sentences for people; an empty list means healthy. An index that cannot be opened
at all raises the usual domain error (missing, damaged, built by another analyzer).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from parlzoek.corpus.loader import LoadReport, iter_source_files
from parlzoek.index.build import STATE_SEPARATOR, live_terms
from parlzoek.index.sources import Fingerprint, SourceRecord, covers
from parlzoek.index.store import IndexHome, OpenedIndex

UPDATE = "update with: parlzoek index"
PRUNE = "drop its documents with: parlzoek index --prune"
REBUILD = "rebuild with: parlzoek index --rebuild"


@dataclass(slots=True)
class Verification:
    index: Path
    documents: int = 0
    sources: int = 0
    findings: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.findings


def _check_documents(reader, report: Verification) -> None:
    report.documents = reader.doc_count()
    for docnum, stored in reader.iter_docs():
        try:
            extra = json.loads(stored.get("extra") or "{}")
            question, answer = len(stored.get("question", "")), len(stored.get("answer", ""))
            for n, qs, qe, as_, ae in extra.get("passages", []):
                if not (0 <= qs <= qe <= question and 0 <= as_ <= ae <= answer):
                    report.findings.append(f"document {stored.get('id')!r}: passage {n} points outside its text")
        except (ValueError, TypeError) as exc:
            report.findings.append(f"document number {docnum}: stored data unreadable ({exc})")


def _built_stemmer(schema) -> str | None:
    """The stemmer the index's own (pickled) analyzer uses, whatever the manifest says."""
    from whoosh.analysis import StemFilter

    for item in getattr(schema["body"].analyzer, "items", []):
        if isinstance(item, StemFilter):
            return getattr(item.stemfn, "__name__", "").removeprefix("stem_") or None
    return None


def _check_analyzer(opened: OpenedIndex, report: Verification) -> None:
    recorded, built = opened.manifest["analyzer"]["stemmer"], _built_stemmer(opened.searcher.schema)
    if built != recorded:
        report.findings.append(f"the manifest says stemmer {recorded}, the index was built with {built}")


def _check_sources(opened: OpenedIndex, report: Verification) -> None:
    record = SourceRecord.load(opened.generation)
    reader = opened.searcher.reader()
    if record is None:
        report.sources = len(live_terms(reader, "source"))
        report.findings.append(f"the index keeps no record of its sources' contents (older parlzoek; {UPDATE})")
        return
    report.sources = len(record.files)
    gone_roots = [root for root in record.roots if not os.path.lexists(root)]
    report.findings.extend(f"source gone: {root} ({PRUNE})" for root in gone_roots)
    folders = [root for root in record.roots if os.path.isdir(root)]
    for path, known in sorted(record.files.items()):
        if not any(covers(root, path) for root in gone_roots):
            _check_file(Path(path), known, any(covers(root, path) for root in folders), report)
    listed = {str(path) for path in iter_source_files(map(Path, folders), LoadReport())}
    new = sorted(listed - set(record.files))
    report.findings.extend(f"new source in an indexed folder: {path} ({UPDATE})" for path in new)
    for state in sorted(live_terms(reader, "source_state")):
        path, _, digest = state.partition(STATE_SEPARATOR)
        known = record.files.get(path)
        if known is None or known.digest != digest:
            report.findings.append(f"documents from another version of {path} than the index records ({REBUILD})")


def _check_file(path: Path, known: Fingerprint, in_folder: bool, report: Verification) -> None:
    if not os.path.lexists(path):
        report.findings.append(f"source gone: {path} ({UPDATE if in_folder else PRUNE})")
        return
    try:
        changed = Fingerprint.of(path, known).digest != known.digest
    except OSError as exc:
        report.findings.append(f"source unreadable: {path} ({exc.strerror or exc})")
        return
    if changed:
        report.findings.append(f"source changed since indexing: {path} ({UPDATE})")


def verify_index(home: IndexHome) -> Verification:
    """Raises IndexMissingError, IndexMismatchError or IndexDamagedError when the index cannot be opened."""
    report = Verification(home.path)
    opened = home.open_searcher()  # the manifest read with the generation it describes
    with opened.searcher as searcher:
        _check_analyzer(opened, report)
        _check_documents(searcher.reader(), report)
        _check_sources(opened, report)
    return report
