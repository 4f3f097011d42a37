"""What a corpus directory already holds from earlier fetches, kept so a re-run downloads only what changed.

An append-only journal (``.parlzoek-fetch.jsonl``, hidden so the loader skips it): one line per
question once its sidecar and file are complete. A run killed half-way loses at most the
question it was working on; the next run reads the journal (last line per id wins, a torn last
line is ignored) and resumes. At the end of a run the journal is compacted atomically.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from parlzoek.atomic import write_text_atomically

JOURNAL = ".parlzoek-fetch.jsonl"


class Journal:
    def __init__(self, corpus: Path) -> None:
        self.path = corpus / JOURNAL
        self.entries: dict[str, dict[str, Any]] = {}
        if self.path.exists():
            self._read()

    def _read(self) -> None:
        with self.path.open(encoding="utf-8", errors="replace") as handle:
            for line in handle:
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue  # a line torn by an interruption: that question is fetched again
                if isinstance(entry, dict) and isinstance(entry.get("schv_id"), str):
                    self.entries[entry["schv_id"]] = entry

    def get(self, schv_id: str) -> dict[str, Any] | None:
        return self.entries.get(schv_id)

    def record(self, entry: dict[str, Any]) -> None:
        self.entries[entry["schv_id"]] = entry
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    def compact(self) -> None:
        write_text_atomically(
            self.path, "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in self.entries.values())
        )


def write_json_atomically(path: Path, data: Any) -> None:
    write_text_atomically(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
