"""The start method of parlzoek's worker processes: chosen here, never left to the platform's default."""

from __future__ import annotations

import multiprocessing
from multiprocessing.context import BaseContext


def default_start_method() -> str:
    """ "forkserver" where the platform has it, else "spawn"; never "fork".

    A forked child inherits the parent's locks as they were, held ones too (a progress bar's thread,
    a queue's feeder), and may wait on one for ever. The platforms' defaults differ (fork on Linux
    before Python 3.14, forkserver from 3.14, spawn on macOS and Windows), so the same default
    everywhere is also the one the tests run.
    """
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def process_context(method: str | None = None) -> BaseContext:
    """The multiprocessing context of ``method`` (default: :func:`default_start_method`).

    >>> process_context("spawn").get_start_method()
    'spawn'
    """
    return multiprocessing.get_context(method or default_start_method())
