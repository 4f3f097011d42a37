"""What indexing less would buy: build speed of parlzoek's schema with parts of it left out.

    python bench/buildcost.py                   # 10,000 generated documents; bench/results/buildcost.{md,json}
    python bench/buildcost.py --size 5000

Issue 5 asks for builds at twice plain Whoosh's docs/s. parlzoek writes Whoosh postings for the
combined ``body``, for ``title``/``question``/``answer`` one by one (field queries such as
``vraag:``, and the question's own weight in the ranking), for the compound ``parts`` and for the
title's and question's character ``grams``. This measures full builds (fresh processes, one after
another, same generated corpus as ``bench/scale.py``) with those left out — the left-out text
fields kept as stored fields only — beside plain Whoosh, with 1 and 2 writer processes. The
variants are measurements for a decision, not configurations parlzoek offers: without them field
queries, compound matching and the grams are gone, and the ranking with them.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import run_child, stamp, write_results
from scale import build_plain, generate, peak_rss_mb

VARIANTS = {
    "parlzoek": (),
    "without character grams": ("grams",),
    "without those and title/question/answer postings": ("grams", "title", "question", "answer"),
    "without those and compound parts": ("grams", "title", "question", "answer", "parts"),
}
PER_FIELD = ("title", "question", "answer")


def build_without(corpus: str, index: str, procs: str, left_out: str) -> dict:
    """A parlzoek build whose schema leaves out ``left_out`` (comma-separated field names)."""
    from whoosh.fields import STORED

    from parlzoek.index import build, schema
    from parlzoek.index.build import update_index
    from parlzoek.index.store import IndexHome

    dropped = [name for name in left_out.split(",") if name]

    def smaller_schema(stemmer: str):
        full = schema.build_schema(stemmer)
        for name in dropped:
            full.remove(name)
            if name in PER_FIELD:
                full.add(name, STORED())
        return full

    def fewer_fields(document, state):
        fields = schema.to_fields(document, state)
        return {name: value for name, value in fields.items() if name in PER_FIELD or name not in dropped}

    build.build_schema, build.to_fields = smaller_schema, fewer_fields
    summary = update_index(IndexHome(Path(index)), [Path(corpus)], rebuild=True, procs=int(procs))
    return {"seconds": summary.seconds, "documents": summary.documents_total}


def measure(size: int, work: Path) -> list[dict]:
    corpus = generate(size, work / f"corpus-{size}")
    rows = []
    for name, left_out in [("plain Whoosh", None), *VARIANTS.items()]:
        row = {"system": name}
        for procs in (1, 2):
            index = work / "index"
            shutil.rmtree(index, ignore_errors=True)
            started = time.perf_counter()
            args = ["plain", str(corpus), str(index), str(procs)] if left_out is None else \
                ["parlzoek", str(corpus), str(index), str(procs), ",".join(left_out)]  # fmt: skip
            figures = run_child(__file__, *args)
            row[f"{procs}p"] = {**figures, "docs_per_s": size / (time.perf_counter() - started)}
            print(f"{name} {procs}p: {row[f'{procs}p']['docs_per_s']:.0f} docs/s", flush=True)
        rows.append(row)
    return rows


def markdown(size: int, rows: list[dict], meta: dict) -> str:
    plain = rows[0]["2p"]["docs_per_s"]
    lines = [
        "# Build cost of what parlzoek indexes",
        "",
        meta["stamp"],
        "",
        f"{size:,} generated documents; wall time of each build in a fresh process.",
        "",
        "| schema | docs/s 1 process | docs/s 2 processes | × plain Whoosh (2 processes) | peak RSS MB (2 processes) |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        one, two = row["1p"], row["2p"]
        lines.append(f"| {row['system']} | {one['docs_per_s']:.0f} | {two['docs_per_s']:.0f} | "
                     f"{two['docs_per_s'] / plain:.2f} | {two['rss_mb']:.0f} |")  # fmt: skip
    return "\n".join(lines) + "\n"


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        kind, *args = sys.argv[2:]
        figures = build_plain(*args) if kind == "plain" else build_without(*args)
        print(json.dumps({**figures, "rss_mb": peak_rss_mb()}))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/parlzoek-buildcost"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    rows = measure(args.size, args.work)
    meta = {"stamp": ", ".join(f"{k} {v}" for k, v in stamp().items())}
    write_results("buildcost", {"meta": meta, "size": args.size, "rows": rows}, markdown(args.size, rows, meta))


if __name__ == "__main__":
    main()
