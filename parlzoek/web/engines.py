"""Searching from request handlers: a pool of threads, each with its own open ``SearchEngine``.

A Whoosh searcher is not meant to be shared between threads, so each worker thread keeps one,
and a request waits for its answer at most ``timeout`` seconds: one slow query holds one thread,
never the others. Before each job a thread checks (at most every ``recheck`` seconds) whether
an update published a new generation or committed new segments, and then opens the index again;
a request in flight finishes on the searcher it started with, because a thread runs one job at
a time and the files of a replaced generation stay readable while they are open.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

from parlzoek.index.store import IndexHome
from parlzoek.search.service import SearchEngine

T = TypeVar("T")


def _up_to_date(engine: SearchEngine) -> bool:
    """Whether no update committed since ``engine`` opened; a table of contents being replaced as
    Whoosh reads it counts as a change (the index is then simply opened again)."""
    try:
        return engine.searcher.up_to_date()
    except Exception:  # whoosh raises a variety of errors on files replaced under it
        return False


class SearchTimeoutError(Exception):
    """A search took longer than the time a request may take."""


@dataclass(frozen=True, slots=True)
class PoolSettings:
    threads: int = 4
    timeout: float = 10.0  # seconds a request may wait for its search
    recheck: float = 0.5  # seconds between two looks at the index's generation


DEFAULT_SETTINGS = PoolSettings()


class EnginePool:
    def __init__(self, home: IndexHome, settings: PoolSettings = DEFAULT_SETTINGS) -> None:
        self.home, self.settings = home, settings
        self._executor = ThreadPoolExecutor(settings.threads, thread_name_prefix="parlzoek-search")
        self._local = threading.local()
        self._engines: list[SearchEngine] = []
        self._lock = threading.Lock()

    def _engine(self) -> SearchEngine:
        local = self._local
        engine: SearchEngine | None = getattr(local, "engine", None)
        now = time.monotonic()
        if engine is not None and now - local.checked >= self.settings.recheck:
            local.checked = now
            if self.home.current() != engine.opened.generation or not _up_to_date(engine):
                self._replace(engine, None)
                engine = None
        if engine is None:
            engine = SearchEngine(self.home)
            local.engine, local.checked = engine, now
            self._replace(None, engine)
        return engine

    def _replace(self, old: SearchEngine | None, new: SearchEngine | None) -> None:
        with self._lock:
            if old is not None:
                self._engines.remove(old)
                old.close()
            if new is not None:
                self._engines.append(new)

    def _call(self, job: Callable[[SearchEngine], T]) -> T:
        return job(self._engine())

    async def run(self, job: Callable[[SearchEngine], T]) -> T:
        """``job(engine)`` on a worker thread; ``SearchTimeoutError`` after ``timeout`` seconds
        (the thread finishes the job in the background and its answer is dropped)."""
        future = asyncio.get_running_loop().run_in_executor(self._executor, self._call, job)
        try:
            return await asyncio.wait_for(future, self.settings.timeout)
        except TimeoutError as exc:
            raise SearchTimeoutError(f"de zoekopdracht duurde langer dan {self.settings.timeout:g} seconden") from exc

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            for engine in self._engines:
                engine.close()
            self._engines.clear()
