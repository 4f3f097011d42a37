"""``SearchEngine.search`` over the dev topics, one process: results to compare, timings, a profile.

    python bench/profile_search.py dump INDEX OUT.jsonl   # every topic's results (JSON, with and without
                                                          # facets, scores, near labels, passages), to cmp
    python bench/profile_search.py time INDEX [ROUNDS]    # p50/p95 per search, wall and CPU time
    python bench/profile_search.py prof INDEX             # cProfile (CPU time), cumulative and own

INDEX: ``parlzoek index /work/shared/data/dekamer/dev-corpus.jsonl --index INDEX``. A change that
must not change results: dump before and after, then ``cmp``.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import time
from pathlib import Path

from parlzoek.index.store import IndexHome
from parlzoek.search.export import results_to_dict
from parlzoek.search.service import SearchEngine
from parlzoek.textsafety import to_json

TOPICS = Path("/work/shared/data/dekamer/dev-topics.tsv")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["dump", "time", "prof"])
    parser.add_argument("index", type=Path)
    parser.add_argument("extra", nargs="?", help="dump: the output file; time: rounds (2)")
    args = parser.parse_args()
    lines = TOPICS.read_text(encoding="utf-8").splitlines()
    topics = [line.split("\t", 1)[1].strip() for line in lines if "\t" in line]
    with SearchEngine(IndexHome(args.index)) as engine:
        if args.mode == "dump":
            with open(args.extra, "w", encoding="utf-8") as out:
                for text in topics:
                    for facets in (False, True):
                        results = engine.search(text, limit=10, passages=2, facets=facets)
                        data = results_to_dict(results)
                        data["near"] = [repr(hit.near) for hit in results.hits]
                        data["scores"] = [repr(hit.score) for hit in results.hits]
                        data["passages_full"] = [[repr(p) for p in hit.passages] for hit in results.hits]
                        out.write(to_json(data) + "\n")
        elif args.mode == "time":
            for text in topics[:20]:  # warm the caches a server has warm
                engine.search(text, limit=10, passages=2)
            wall, cpu = [], []
            for _ in range(int(args.extra or 2)):
                for text in topics:
                    started, used = time.perf_counter(), time.process_time()
                    engine.search(text, limit=10, passages=2)
                    wall.append((time.perf_counter() - started) * 1000)
                    cpu.append((time.process_time() - used) * 1000)
            for name, values in (("wall", wall), ("cpu", cpu)):
                values.sort()
                p50, p95, mean = statistics.median(values), values[int(len(values) * 0.95)], statistics.mean(values)
                print(f"{name}: {len(values)} searches, p50 {p50:.1f} ms, p95 {p95:.1f} ms, mean {mean:.1f} ms")
        else:
            profile = cProfile.Profile(time.process_time)
            profile.enable()
            for text in topics:
                engine.search(text, limit=10, passages=2)
            profile.disable()
            stats = pstats.Stats(profile)
            stats.sort_stats("cumulative").print_stats(40)
            stats.sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
