"""What an index was built from: the paths the user named, and each source file's content as read.

A source has changed when its content has, not its file time: a reinstall, a copy or a
``touch`` leaves the index as it was. The content is a SHA-256 over the file's bytes (with those
of a fetch sidecar's companion file); size and modification time only spare the hashing of a file
whose size and time are those recorded with its hash.

The paths named are kept because a folder is a source: a later ``index`` reads the files that
appeared in it and drops those that left it. Everything is kept in one JSON file beside the
generation's manifest, written after each commit; it can only lag behind the index (a crash
between the two), and a lagging record makes the next ``index`` read a source again, never skip one.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from parlzoek.atomic import write_text_atomically
from parlzoek.corpus.sidecar import SIDECAR_SUFFIX

RECORD = "sources.json"
RECORD_VERSION = 1
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """A source's content hash, with the sizes and times of its files when it was hashed."""

    digest: str
    stamp: str

    @classmethod
    def of(cls, path: Path, known: Fingerprint | None = None) -> Fingerprint:
        """The fingerprint of ``path`` now; ``known``'s hash is reused when its stamp still holds.

        Raises OSError when the file cannot be read.
        """
        files = source_files(path)
        stamp = _stamp(files)
        if known is not None and known.stamp == stamp:
            return known
        digest = hashlib.sha256()
        for file in files:
            digest.update(file.name.encode("utf-8", "surrogateescape") + b"\0")
            with file.open("rb") as handle:
                while chunk := handle.read(_CHUNK):
                    digest.update(chunk)
        return cls(digest.hexdigest(), stamp)


def source_files(path: Path) -> list[Path]:
    """The files one source is read from: the file itself, and for a fetch sidecar the file it
    names (the PDF), which the loader never reads on its own."""
    if not path.name.lower().endswith(SIDECAR_SUFFIX):
        return [path]
    try:
        named = json.loads(path.read_bytes()).get("file")
    except (ValueError, AttributeError):  # the reader will say what is wrong with it
        return [path]
    companion = path.parent / Path(str(named)).name if named else None
    return [path, companion] if companion is not None and companion.is_file() else [path]


def _stamp(files: list[Path]) -> str:
    stats = [file.stat() for file in files]
    return ";".join(f"{stat.st_size}:{stat.st_mtime_ns}" for stat in stats)


@dataclass(slots=True)
class SourceRecord:
    """The paths a user indexed (``roots``, absolute) and the fingerprint of each file read."""

    roots: list[str] = field(default_factory=list)
    files: dict[str, Fingerprint] = field(default_factory=dict)

    def add_roots(self, paths: list[Path]) -> None:
        """Name ``paths`` as sources too, once: a path inside a folder already named is covered by it."""
        for path in map(str, paths):
            if not any(covers(root, path) for root in self.roots):
                self.roots = [root for root in self.roots if not covers(path, root)] + [path]
        self.roots.sort()

    def files_under(self, root: str) -> list[str]:
        return [path for path in self.files if covers(root, path)]

    def save(self, generation: Path) -> None:
        data = {
            "version": RECORD_VERSION,
            "roots": self.roots,
            "files": {path: asdict(fingerprint) for path, fingerprint in sorted(self.files.items())},
        }
        write_text_atomically(generation / RECORD, json.dumps(data, indent=1, ensure_ascii=False))

    @classmethod
    def load(cls, generation: Path) -> SourceRecord | None:
        """The generation's record; ``None`` when it has none (built by an older parlzoek) or an unreadable one."""
        try:
            data = json.loads((generation / RECORD).read_text(encoding="utf-8"))
            files = {path: Fingerprint(**value) for path, value in data["files"].items()}
            return cls(sorted(map(str, data["roots"])), files)
        except (OSError, ValueError, KeyError, TypeError):
            return None


def covers(root: str, path: str) -> bool:
    """Whether the source ``root`` (a file or a folder) holds ``path``."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)
