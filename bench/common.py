"""Shared pieces of the benchmarks: the Chamber data, corpus variants, runs, and their evaluation.

Benchmarks are scripts, never tests: run them by hand (``python bench/engine.py``). They read
``../shared/data/dekamer`` beside the repository, or ``$PARLZOEK_DEKAMER``.
"""

from __future__ import annotations

import json
import os
import platform
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEKAMER = Path(os.environ.get("PARLZOEK_DEKAMER", REPO.parent / "shared" / "data" / "dekamer"))
RESULTS = REPO / "bench" / "results"
MEASURES = ("nDCG@10", "AP", "R@100", "RR@10", "P@10")


def read_records() -> list[dict]:
    with (DEKAMER / "dev-corpus.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def write_variant(records: list[dict], target: Path, drop: Iterable[str]) -> Path:
    """The corpus without some fields: themes for topic runs (they are the queries), titles for known-item runs."""
    drop = set(drop)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps({k: v for k, v in record.items() if k not in drop}, ensure_ascii=False) + "\n")
    return target


def read_queries(name: str) -> list[tuple[str, str]]:
    with (DEKAMER / f"{name}.tsv").open(encoding="utf-8") as f:
        return [tuple(line.rstrip("\n").split("\t", 1)) for line in f if line.strip()]


def normalize_query(text: str) -> str:
    """The peers' query treatment in the issues: lower case, non-word characters to spaces."""
    return " ".join(re.sub(r"\W+", " ", text.lower()).split())


Run = dict[str, list[tuple[str, float]]]


def evaluate(run: Run, qrels_name: str) -> dict[str, float]:
    """Measures averaged over *all* judged queries; a query with no results counts 0."""
    import ir_measures

    qrels = list(ir_measures.read_trec_qrels(str(DEKAMER / f"{qrels_name}.qrels")))
    qids = sorted({q.query_id for q in qrels})
    scored = [ir_measures.ScoredDoc(qid, doc_id, score) for qid, hits in run.items() for doc_id, score in hits]
    from parlzoek.research.evaluate import measure_objects  # objects, not strings: see that module

    measures = [measure_objects()[m] for m in MEASURES]
    per_query: dict[str, dict[str, float]] = {str(m): {} for m in measures}
    for metric in ir_measures.iter_calc(measures, qrels, scored):
        per_query[str(metric.measure)][metric.query_id] = metric.value
    return {name: sum(values.get(q, 0.0) for q in qids) / len(qids) for name, values in per_query.items()}


def timed(function: Callable[[], object]) -> tuple[object, float]:
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def latency_summary(seconds: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in seconds]
    return {"p50_ms": percentile(ms, 50), "p95_ms": percentile(ms, 95), "p99_ms": percentile(ms, 99),
            "mean_ms": statistics.fmean(ms)}  # fmt: skip


def directory_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def stamp() -> dict[str, str]:
    return {
        "python": sys.version.split()[0],
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        "whoosh": version("whoosh"),
        "snowballstemmer": version("snowballstemmer"),
        "parlzoek": version("parlzoek"),
        "date": time.strftime("%Y-%m-%d %H:%M"),
    }


def run_child(script: str, *args: str) -> dict:
    """Run one measured step of ``script`` in a fresh interpreter (``script --child …``); the step
    prints its figures as JSON on its last line."""
    import subprocess

    done = subprocess.run([sys.executable, script, "--child", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:1])} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def write_results(name: str, data: dict, markdown: str) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    (RESULTS / f"{name}.md").write_text(markdown, encoding="utf-8")
    print(markdown)
