"""Running the web application under uvicorn, in one process or several (``--workers``)."""

from __future__ import annotations

import errno
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from parlzoek.errors import UsageError
from parlzoek.web.app import INDEX_ENV, create_app

LOOPBACK = ("127.0.0.1", "::1", "localhost")


def start_line(host: str, port: int, index: Path, workers: int) -> str:
    """What ``serve`` says on start: where to look, and whether others can reach it."""
    shown = f"[{host}]" if ":" in host else host
    reach = "alleen vanaf deze machine" if host in LOOPBACK else f"bereikbaar op het netwerk via {host}"
    processes = f", {workers} processen" if workers > 1 else ""
    return f"parlzoek serve: http://{shown}:{port}/ ({reach}{processes}; index {index}); stoppen met Ctrl+C"


def check_address(host: str, port: int) -> None:
    """``UsageError`` where ``host``:``port`` cannot be listened on (taken, or not this machine's):
    said in one line before the start line, instead of uvicorn's log line after it."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        try:
            sock.bind(address)
        except OSError as exc:
            advice = "; another server listens there: choose another --port" if exc.errno == errno.EADDRINUSE else ""
            raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror}{advice}") from None


def run(index: Path, host: str, port: int, workers: int) -> None:
    import uvicorn

    if workers > 1:  # worker processes build their own application: the index goes by environment
        os.environ[INDEX_ENV] = str(index)
        uvicorn.run("parlzoek.web.app:app_from_environment", factory=True, host=host, port=port,
                    workers=workers, log_level="warning", access_log=False)  # fmt: skip
    else:
        uvicorn.run(create_app(index), host=host, port=port, log_level="warning", access_log=False)


PARLZOEK = [sys.executable, "-c", "from parlzoek.terminal.cli import main; main()"]  # this interpreter's parlzoek


def free_port() -> int:
    """A loopback port no one listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def server_process(index: Path, workers: int = 1, wait: float = 20.0) -> Iterator[str]:
    """``parlzoek serve`` on ``index`` in a child process on a free loopback port, for tests and
    benchmarks: yields its base URL once it answers, stops it on leaving."""
    import httpx

    port = free_port()
    command = [*PARLZOEK, "serve", "--index", str(index), "--port", str(port), "--workers", str(workers)]
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                httpx.get(base + "/", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"parlzoek serve did not start on {base}") from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(30)
