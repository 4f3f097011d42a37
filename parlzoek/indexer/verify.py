"""Check an index after a scare: it opens, matches this analyzer and schema, every stored document
reads back whole, and every source it was built from is still there as it was indexed.

Findings are sentences for people; an empty list means healthy. An index that cannot be opened
at all raises the usual domain error (missing, damaged, built by another analyzer).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from parlzoek.indexer.build import STATE_SEPARATOR, lexicon_terms, source_state
from parlzoek.indexer.store import IndexHome, OpenedIndex


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


def _check_sources(reader, report: Verification) -> None:
    states = lexicon_terms(reader, "source_state")
    report.sources = len(states)
    for state in sorted(states):
        path = Path(state.split(STATE_SEPARATOR, 1)[0])
        if not os.path.exists(path):
            report.findings.append(f"source gone: {path} (drop its documents with: parlzoek index --prune)")
        elif source_state(path) != state:
            report.findings.append(f"source changed since indexing: {path} (update with: parlzoek index)")


def verify_index(home: IndexHome) -> Verification:
    """Raises IndexMissingError, IndexMismatchError or IndexDamagedError when the index cannot be opened."""
    report = Verification(home.path)
    opened = home.open_searcher()  # the manifest read with the generation it describes
    with opened.searcher as searcher:
        _check_analyzer(opened, report)
        _check_documents(searcher.reader(), report)
        _check_sources(searcher.reader(), report)
    return report
