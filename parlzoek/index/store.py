"""Where an index lives on disk, and how a new one replaces the old without a moment of damage.

An index directory holds generations (``gen-…/``, each a complete Whoosh index with its
``parlzoek.json`` manifest) and a ``CURRENT`` file naming the one in use. A full build is
written to a fresh generation and published by atomically replacing ``CURRENT``; an interrupted
or failed build leaves the previous generation untouched. Incremental updates go through
Whoosh's writer, whose commit is atomic too (its table of contents is written last).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import whoosh

from parlzoek import __version__
from parlzoek.analysis.signature import analyzer_signature, describe_signature
from parlzoek.atomic import write_text_atomically
from parlzoek.errors import IndexDamagedError, IndexLockedError, IndexMismatchError, IndexMissingError
from parlzoek.index.schema import SCHEMA_VERSION

MANIFEST = "parlzoek.json"
POINTER = "CURRENT"
WRITE_LOCK = "WRITING"
OPEN_ATTEMPTS = 5


def _normalized(data: Any) -> Any:
    return json.loads(json.dumps(data))


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _builder_gone(building: Path) -> bool:
    """A ``building-…-PID`` directory whose process has ended is debris of an interrupted build."""
    pid = building.name.rsplit("-", 1)[-1]
    return not (pid.isdecimal() and _pid_alive(int(pid)))


def open_generation(generation: Path):
    """A generation's Whoosh index, its compound segment files mapped into memory without copies.

    Whoosh's own way maps a segment's compound file and then, on Python 3, copies each file it
    opens from it into a ``BytesIO``: every search process would copy the whole postings file
    before its first query, in time and memory growing with the index. Plain file handles
    instead make queries slower (``docs/performance.md``). The map is made when the reader
    opens, so a reader keeps its generation when a build removes it.
    """
    from whoosh.index import FileIndex

    from parlzoek.engine.mapped_storage import MappedStorage

    return FileIndex(MappedStorage(str(generation)))


def create_generation(generation: Path, schema):
    """A new, empty index in ``generation``, read the same mapped way as ``open_generation``: after a
    build, counting its documents through Whoosh's own storage would copy the whole index into
    memory, the build's peak in a process that holds no postings."""
    from whoosh.index import FileIndex

    from parlzoek.engine.mapped_storage import MappedStorage

    return FileIndex.create(MappedStorage(str(generation)), schema)


@dataclass(frozen=True, slots=True)
class OpenedIndex:
    """A searcher with the generation it reads and that generation's manifest, which stay
    consistent with each other whatever a concurrent build publishes meanwhile."""

    generation: Path
    manifest: dict[str, Any]
    searcher: Any


class IndexHome:
    """One index directory: its current generation, its manifest, and building a new one aside."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def current(self) -> Path | None:
        """The generation in use; read again when a build replaced (and removed) it as we looked."""
        name = self._pointer()
        while name:
            generation = self.path / name
            if generation.is_dir():
                return generation
            name, previous = self._pointer(), name
            if name == previous:
                return None
        return None

    def _pointer(self) -> str:
        try:
            return (self.path / POINTER).read_text(encoding="utf-8").strip()
        except (FileNotFoundError, NotADirectoryError):
            return ""

    def exists(self) -> bool:
        return self.current() is not None

    def manifest(self, generation: Path | None = None) -> dict[str, Any]:
        """The manifest of ``generation``, by default the current one."""
        generation = generation or self._require()
        try:
            return json.loads((generation / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise IndexDamagedError(f"index manifest unreadable in {generation}: {exc}") from exc

    def _require(self) -> Path:
        generation = self.current()
        if generation is None:
            raise IndexMissingError(
                f"no parlzoek index at {self.path}",
                hint=f"build one with: parlzoek index PATH… --index {self.path}",
            )
        return generation

    def open(self):
        """The current Whoosh index, after checking it was built by this analyzer and schema."""
        self.check()
        return self.open_unchecked()

    def open_searcher(self, **kwargs: Any) -> OpenedIndex:
        """A Whoosh searcher on the current generation, its files open, for as long as the caller needs.

        A build may publish a new generation (and remove the old one), or an update merge segments,
        between our reading the pointer and opening the files; a reader then just opens again.
        """
        for attempt in range(1, OPEN_ATTEMPTS + 1):
            try:
                generation = self._require()
                manifest = self.manifest(generation)
                self._check(manifest)
                searcher = open_generation(generation).searcher(**kwargs)
                return OpenedIndex(generation, manifest, searcher)
            except (IndexMissingError, IndexMismatchError):
                raise
            except Exception as exc:  # whoosh raises a variety of errors on vanished or damaged files
                if attempt == OPEN_ATTEMPTS:
                    raise IndexDamagedError(f"cannot read index at {self.path}: {exc}") from exc
                time.sleep(0.02 * attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def open_unchecked(self):
        """The current Whoosh index as it is, for reading what an outdated index holds (its sources)."""
        generation = self._require()
        try:
            return open_generation(generation)
        except Exception as exc:  # whoosh raises a variety of errors on damaged files
            raise IndexDamagedError(f"cannot open index at {generation}: {exc}") from exc

    def check(self) -> None:
        """Raise ``IndexMismatchError`` when this parlzoek cannot search the index as built."""
        self._check(self.manifest())

    def _check(self, manifest: dict[str, Any]) -> None:
        expected_stemmer = manifest.get("analyzer", {}).get("stemmer", "?")
        if manifest.get("schema") != SCHEMA_VERSION:
            raise IndexMismatchError(
                f"index at {self.path} has schema version {manifest.get('schema')}, "
                f"this parlzoek needs {SCHEMA_VERSION}",
                hint=f"rebuild it: parlzoek index --rebuild --index {self.path}",
            )
        expected = analyzer_signature(expected_stemmer)
        if _normalized(manifest.get("analyzer")) != _normalized(expected):
            raise IndexMismatchError(
                f"index at {self.path} was built with another analyzer than this parlzoek version's "
                f"(the index: {describe_signature(manifest.get('analyzer'))}; "
                f"this parlzoek: {describe_signature(expected)})",
                hint=f"rebuild it: parlzoek index --rebuild --index {self.path}",
            )

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the index's write lock for a whole build or update.

        Whoosh's own lock covers one generation only: a rebuild writing a new generation and an
        update committing into the current one could run at once, and the update's changes
        would vanish when the rebuild was published. The lock is the operating system's, so a
        killed writer leaves no stale lock behind. It is a POSIX record lock, which belongs to
        this process alone: an ``flock`` lock is shared with the writer processes of ``--procs``,
        forked with its file open, and outlived a parent killed with ``kill -9``.
        """
        import fcntl

        self.path.mkdir(parents=True, exist_ok=True)
        held = self.path.resolve()
        if held in _WRITING:  # a record lock never refuses its own process: this set does
            raise locked_error(self.path)
        with open(self.path / WRITE_LOCK, "a") as handle:
            try:
                fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except (BlockingIOError, PermissionError) as exc:  # EAGAIN or EACCES, by system
                raise locked_error(self.path) from exc
            _WRITING.add(held)
            try:
                yield
            finally:
                _WRITING.discard(held)

    def remove_if_unused(self) -> None:
        """Remove the directory when it holds nothing but the write lock: a build that published
        nothing into a directory it made leaves none behind. Called after the lock is released."""
        try:
            if {child.name for child in self.path.iterdir()} <= {WRITE_LOCK}:
                (self.path / WRITE_LOCK).unlink(missing_ok=True)
                self.path.rmdir()
        except OSError:  # another writer came, or the directory is not ours to remove: leave it
            pass

    def new_generation(self) -> Path:
        self.path.mkdir(parents=True, exist_ok=True)
        generation = self.path / f"building-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}-{os.getpid()}"
        generation.mkdir()
        return generation

    def write_manifest(self, generation: Path, stemmer: str, created: str | None = None) -> None:
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        manifest = {
            "schema": SCHEMA_VERSION,
            "analyzer": analyzer_signature(stemmer),
            "parlzoek": __version__,
            "whoosh": whoosh.versionstring(),
            "created": created or now,
            "updated": now,
        }
        write_text_atomically(generation / MANIFEST, json.dumps(manifest, indent=2))

    def publish(self, building: Path) -> Path:
        """Make a finished build current in one atomic step, then clear older generations."""
        generation = building.with_name("gen-" + building.name.removeprefix("building-"))
        building.rename(generation)
        write_text_atomically(self.path / POINTER, generation.name + "\n")
        self.clean()
        return generation

    def discard(self, building: Path) -> None:
        shutil.rmtree(building, ignore_errors=True)

    def clean(self) -> None:
        """Remove generations no longer current and builds whose process is gone."""
        current = self.current()
        for child in self.path.iterdir():
            if child == current or not child.is_dir():
                continue
            if child.name.startswith("gen-") or (child.name.startswith("building-") and _builder_gone(child)):
                shutil.rmtree(child, ignore_errors=True)

    def touch(self) -> None:
        """Record the time of an incremental update."""
        manifest = self.manifest()
        stemmer = manifest["analyzer"]["stemmer"]
        self.write_manifest(self._require(), stemmer, created=manifest.get("created"))


_WRITING: set[Path] = set()  # indexes this process holds the write lock of


def locked_error(path: Path) -> IndexLockedError:
    return IndexLockedError(
        f"the index at {path} is being written by another process",
        hint="wait for the other 'parlzoek index' to finish, then try again",
    )
