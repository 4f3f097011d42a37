"""Running the web application under uvicorn, in one process or several (``--workers``)."""

from __future__ import annotations

import os
from pathlib import Path

from parlzoek.web.app import INDEX_ENV, create_app

LOOPBACK = ("127.0.0.1", "::1", "localhost")


def start_line(host: str, port: int, index: Path, workers: int) -> str:
    """What ``serve`` says on start: where to look, and whether others can reach it."""
    shown = f"[{host}]" if ":" in host else host
    reach = "alleen vanaf deze machine" if host in LOOPBACK else f"bereikbaar op het netwerk via {host}"
    processes = f", {workers} processen" if workers > 1 else ""
    return f"parlzoek serve: http://{shown}:{port}/ ({reach}{processes}; index {index}); stoppen met Ctrl+C"


def run(index: Path, host: str, port: int, workers: int) -> None:
    import uvicorn

    if workers > 1:  # worker processes build their own application: the index goes by environment
        os.environ[INDEX_ENV] = str(index)
        uvicorn.run("parlzoek.web.app:app_from_environment", factory=True, host=host, port=port,
                    workers=workers, log_level="warning", access_log=False)  # fmt: skip
    else:
        uvicorn.run(create_app(index), host=host, port=port, log_level="warning", access_log=False)
