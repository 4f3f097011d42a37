"""``parlzoek serve`` under load: searches from concurrent clients on the loopback address, then
the same load while ``parlzoek index --rebuild`` publishes a new generation.

    python bench/serve.py [--requests 1000] [--clients 20] [--workers 2]   # writes bench/results/serve.{md,json}
    python bench/serve.py --index DIR --no-update                         # a built index (e.g. 50,000
                                                                          # documents of bench/scale.py)

Phase 1 fires ``--requests`` search pages (HTML with passages and facets) for the dev titles
and topics at the dev index, from ``--clients`` threads, each with its own connection. Phase 2
keeps the same load running while a rebuild that adds one marker document publishes; it ends
when the rebuild has, and checks that the server then finds the marker (it reopened the index
without a restart). Every answer other than 200 counts as an error; both phases must have none.
"""

from __future__ import annotations

import argparse
import json
import queue
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DEKAMER, latency_summary, normalize_query, read_queries, stamp, write_results

from parlzoek.web.serve import PARLZOEK, server_process

ALERT = re.compile(r'role="alert">([^<]*)<')
MARKER = {"id": "bench-marker", "title": "Merkwaardig zoekwoord xylofoonreparatie", "question": "xylofoonreparatie?",
          "answer": "Ja.", "date": "2017-06-30"}  # fmt: skip


def queries() -> list[str]:
    return [normalize_query(text) for name in ("dev-titles", "dev-topics") for _, text in read_queries(name)]


class Load:
    """Clients pulling search URLs from a queue until it is closed; each answer timed and checked."""

    def __init__(self, base: str, clients: int) -> None:
        self.base, self.todo = base, queue.Queue()
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._client, daemon=True) for _ in range(clients)]
        for thread in self.threads:
            thread.start()

    def _client(self) -> None:
        with httpx.Client(base_url=self.base, timeout=30) as client:
            while (url := self.todo.get()) is not None:
                started = time.perf_counter()
                try:
                    response = client.get(url)
                    said = ALERT.search(response.text)
                    problem = (
                        None if response.status_code == 200 else f"{response.status_code} {url} {said and said[1]}"
                    )
                except httpx.HTTPError as exc:
                    problem = f"{type(exc).__name__} {url}"
                with self.lock:
                    self.latencies.append(time.perf_counter() - started)
                    if problem:
                        self.errors.append(problem)

    def close(self) -> None:
        for _ in self.threads:
            self.todo.put(None)
        for thread in self.threads:
            thread.join()


def rounded(figures: dict[str, float]) -> dict[str, float]:
    return {name: round(value, 1) for name, value in figures.items()}


def urls(texts: list[str], count: int, start: int = 0):
    for i in range(start, start + count):
        yield "/?" + urlencode({"q": texts[i % len(texts)]})


def measured(base: str, texts: list[str], requests: int, clients: int) -> dict:
    load = Load(base, clients)
    started = time.perf_counter()
    for url in urls(texts, requests):
        load.todo.put(url)
    load.close()
    elapsed = time.perf_counter() - started
    return {"requests": len(load.latencies), "seconds": round(elapsed, 2),
            "per_second": round(len(load.latencies) / elapsed, 1), "errors": len(load.errors),
            "error_examples": load.errors[:5], **rounded(latency_summary(load.latencies))}  # fmt: skip


def during_update(base: str, texts: list[str], clients: int, corpus: Path, index: Path) -> dict:
    """The load running while a rebuild publishes; requests are queued in small batches until it is done."""
    load = Load(base, clients)
    rebuild = subprocess.Popen([*PARLZOEK, "index", str(corpus), "--index", str(index), "--rebuild"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)  # fmt: skip
    sent = 0
    while rebuild.poll() is None or sent < 200:
        if load.todo.qsize() < clients * 2:
            for url in urls(texts, clients, start=sent):
                load.todo.put(url)
            sent += clients
        time.sleep(0.01)
    for url in urls(texts, clients * 5, start=sent):  # and a little after the publish
        load.todo.put(url)
    load.close()
    time.sleep(1.0)  # the servers look at the generation pointer every half second
    found = httpx.get(base + "/api/doc/" + MARKER["id"]).status_code == 200
    return {"requests": len(load.latencies), "errors": len(load.errors), "error_examples": load.errors[:5],
            "rebuild_exit": rebuild.returncode, "marker_found_after_publish": found,
            **rounded(latency_summary(load.latencies))}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-update", action="store_true", help="Skip phase 2 (the rebuild under load).")
    parser.add_argument("--index", type=Path, help="Serve this built index (with --no-update) instead of the dev data.")
    args = parser.parse_args()
    if args.index and not args.no_update:
        parser.error("--index serves an index built elsewhere: phase 2 needs the dev data's; add --no-update")
    root = Path(tempfile.mkdtemp(prefix="parlzoek-serve-bench-"))
    corpus, index = root / "dev.jsonl", args.index or root / "index"
    if not args.index:
        corpus.write_text((DEKAMER / "dev-corpus.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
        subprocess.run([*PARLZOEK, "index", str(corpus), "--index", str(index)], check=True, capture_output=True)
        with corpus.open("a", encoding="utf-8") as f:  # the rebuild of phase 2 adds the marker document
            f.write(json.dumps(MARKER) + "\n")
    documents = _documents(index)  # before phase 2's rebuild adds its marker
    with server_process(index, workers=args.workers) as base:
        texts = queries()
        for url in urls(texts, 50):  # warm both workers' threads (each opens its own searcher)
            httpx.get(base + url, timeout=30)
        steady = measured(base, texts, args.requests, args.clients)
        update = None if args.no_update else during_update(base, texts, args.clients, corpus, index)
    data = {**stamp(), "documents": documents, "clients": args.clients, "workers": args.workers, "steady": steady,
            "update": update}  # fmt: skip
    markdown = _markdown(data, steady, update)
    write_results("serve" if documents < 10_000 else f"serve-{documents}", data, markdown)
    sys.exit(
        1 if steady["errors"] or (update and (update["errors"] or not update["marker_found_after_publish"])) else 0
    )


def _documents(index: Path) -> int:
    from parlzoek.index.store import IndexHome
    from parlzoek.search.service import SearchEngine

    with SearchEngine(IndexHome(index)) as engine:
        return engine.searcher.doc_count()


def _markdown(data: dict, steady: dict, update: dict | None) -> str:
    markdown = (
        f"# parlzoek serve under load ({data['date']}, {data['machine']})\n\n"
        f"Index of {data['documents']:,} documents, search pages with passages and facets, {data['clients']} clients, "
        f"--workers {data['workers']}, loopback.\n\n"
        "| phase | requests | req/s | p50 ms | p95 ms | p99 ms | errors |\n|---|---|---|---|---|---|---|\n"
        f"| steady | {steady['requests']} | {steady['per_second']} | {steady['p50_ms']} | {steady['p95_ms']} | "
        f"{steady['p99_ms']} | {steady['errors']} |\n"
    )
    if update is None:
        return markdown
    return markdown + (
        f"| while a rebuild publishes | {update['requests']} | – | {update['p50_ms']} | {update['p95_ms']} | "
        f"{update['p99_ms']} | {update['errors']} |\n\n"
        f"Rebuild exit code {update['rebuild_exit']}; the marker document found after the publish: "
        f"{update['marker_found_after_publish']} (the servers reopened the new generation without a restart).\n"
    )


if __name__ == "__main__":
    main()
