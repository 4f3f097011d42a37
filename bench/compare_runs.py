"""Two outputs of ``bench/dev_runs.sh`` compared: per query the same documents in the same order,
and how far the scores of a document in both differ (relative).

    python bench/compare_runs.py BEFORE AFTER

A change that must not move results says "order differs in 0, doc sets in 0". TREC runs hold
scores rounded as ``write_trec`` writes them, so "max relative score difference" is 0 unless a
score moved in a digit the file shows.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path


def load(path: Path) -> dict[str, list[tuple[str, float]]]:
    runs: dict[str, list[tuple[str, float]]] = defaultdict(list)
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            qid, _, doc, _, score, _ = line.split()
            runs[qid].append((doc, float(score)))
    return runs


def compare(before: dict, after: dict) -> tuple[int, int, float]:
    """(queries whose order differs, queries whose documents differ, the largest relative score change)."""
    order = documents = 0
    worst = 0.0
    for qid in before.keys() | after.keys():
        a, b = before.get(qid, []), after.get(qid, [])
        if [doc for doc, _ in a] != [doc for doc, _ in b]:
            order += 1
            documents += {doc for doc, _ in a} != {doc for doc, _ in b}
        scores = dict(b)
        for doc, score in a:
            other = scores.get(doc)
            if other is not None and max(abs(score), abs(other)) > 0:
                worst = max(worst, abs(score - other) / max(abs(score), abs(other)))
    return order, documents, worst


def main() -> None:
    first, second = Path(sys.argv[1]), Path(sys.argv[2])
    for name in ("topics.trec", "titles.trec"):
        before, after = load(first / name), load(second / name)
        order, documents, worst = compare(before, after)
        print(f"{name}: {len(before)} vs {len(after)} queries; order differs in {order}, doc sets in {documents}; "
              f"max relative score difference {worst:.3g}")  # fmt: skip


if __name__ == "__main__":
    main()
