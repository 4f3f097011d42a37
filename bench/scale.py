"""Parliament scale: corpora of 10,000 to 200,000 generated documents, parlzoek beside plain Whoosh.

    python bench/scale.py                          # 10k, 50k, 200k; writes bench/results/scale.{md,json}
    python bench/scale.py --sizes 10000 --work /tmp/scale

Documents are made by recombining real sentences of the Chamber dev corpus: each copies a real
document's metadata and number of sentences per field, filled with sentences drawn (fixed seed)
from all documents. They are written one JSON file per document, 1,000 per folder, as
``parlzoek fetch`` lays out questions. Every figure comes from a fresh child process, so peak
memory (RSS) is that step's own:

- full build wall time and docs/s with 1 and 2 writer processes, peak RSS, index size;
- query latency p50/p95/p99 over the dev topic and title queries, top 10 *with* highlighted
  passages (plain Whoosh: ``hit.highlights`` of its one text field), peak RSS; and parlzoek's
  latency for the same topics narrowed by filters, quoted as phrases, and with facets;
- batch queries/s: topics, top 100, JSONL with each hit's best passage (``parlzoek batch``);
- CLI cold start: wall time of one ``parlzoek search`` process, median of 5;
- an incremental update after 1% of the documents changed, against the full build.

Plain Whoosh is the issues' baseline: ``LanguageAnalyzer('nl')``, default writer, title,
question and answer stored, searched as one combined text field.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import directory_size, latency_summary, normalize_query, read_records, run_child, stamp, write_results
from common import read_queries as read_topic_file

PER_FOLDER = 1000
QUERY_SAMPLE = 300
SENTENCE = re.compile(r"(?<=[.?!])\s+")


def generate(size: int, target: Path, seed: int = 1) -> Path:
    """``size`` documents, one JSON file each; reused when already there."""
    done = target / "COMPLETE"
    if done.exists():
        return target
    shutil.rmtree(target, ignore_errors=True)
    records = read_records()
    pools = {field: [s for r in records for s in SENTENCE.split(r.get(field) or "") if s] for field in
             ("title", "question", "answer")}  # fmt: skip
    chance = random.Random(seed)
    for n in range(size):
        model = chance.choice(records)
        record = {**model, "id": f"gen-{n:06d}", "number": n}
        for field, pool in pools.items():
            if model.get(field):
                count = len(SENTENCE.split(model[field]))
                record[field] = " ".join(chance.choice(pool) for _ in range(count))
        folder = target / f"{n // PER_FOLDER:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{record['id']}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    done.write_text(str(size))
    return target


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def child(step: str, *args: str) -> dict:
    """Run one measured step in a fresh interpreter; it prints its figures as JSON."""
    return run_child(__file__, step, *args)


# Steps run in child processes


def corpus_files(corpus: Path) -> list[Path]:
    return sorted(corpus.glob("*/*.json"))


def build_plain(corpus: str, index: str, procs: str) -> dict:
    from whoosh import index as whoosh_index
    from whoosh.analysis import LanguageAnalyzer
    from whoosh.fields import ID, STORED, TEXT, Schema

    schema = Schema(id=ID(stored=True, unique=True), text=TEXT(analyzer=LanguageAnalyzer("nl")),
                    title=STORED(), question=STORED(), answer=STORED())  # fmt: skip
    Path(index).mkdir(parents=True)
    started = time.perf_counter()
    ix = whoosh_index.create_in(index, schema)
    count = 0
    with ix.writer(procs=int(procs)) as writer:
        for path in corpus_files(Path(corpus)):
            r = json.loads(path.read_text(encoding="utf-8"))
            parts = [r.get("title") or "", r.get("question") or "", r.get("answer") or ""]
            writer.add_document(id=r["id"], text="\n\n".join(p for p in parts if p), title=parts[0],
                                question=parts[1], answer=parts[2])  # fmt: skip
            count += 1
    return {"seconds": time.perf_counter() - started, "documents": count}


def build_parlzoek(corpus: str, index: str, procs: str) -> dict:
    from parlzoek.index.build import update_index
    from parlzoek.index.store import IndexHome

    summary = update_index(IndexHome(Path(index)), [Path(corpus)], rebuild=True, procs=int(procs))
    return {"seconds": summary.seconds, "documents": summary.documents_total, "problems": len(summary.problems)}


def update_parlzoek(corpus: str, index: str, share: str) -> dict:
    """Change ``share`` of the documents (their answers gain a sentence), then update the index."""
    from parlzoek.index.build import update_index
    from parlzoek.index.store import IndexHome

    files = corpus_files(Path(corpus))
    for path in random.Random(7).sample(files, max(1, int(len(files) * float(share)))):
        record = json.loads(path.read_text(encoding="utf-8"))
        record["answer"] = (record.get("answer") or "") + " Dit antwoord werd aangevuld."
        path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    summary = update_index(IndexHome(Path(index)), [Path(corpus)])
    return {"seconds": summary.seconds, "documents": summary.documents_added, "problems": len(summary.problems)}


def _queries() -> list[str]:
    chance = random.Random(3)
    topics, titles = read_topic_file("dev-topics"), read_topic_file("dev-titles")
    sample = chance.sample(topics, min(QUERY_SAMPLE, len(topics))) + chance.sample(titles, QUERY_SAMPLE)
    return [text for _, text in sample]


def query_plain(index: str) -> dict:
    from whoosh import index as whoosh_index
    from whoosh import qparser

    ix = whoosh_index.open_dir(index)
    parser = qparser.QueryParser("text", ix.schema, group=qparser.OrGroup)
    latencies = []
    with ix.searcher() as searcher:
        for text in _queries():
            started = time.perf_counter()
            results = searcher.search(parser.parse(normalize_query(text)), limit=10)
            for hit in results:  # the text field is not stored: highlight the stored parts
                full = "\n\n".join(hit[f] for f in ("title", "question", "answer") if hit.get(f))
                hit.highlights("text", text=full, top=2)
            latencies.append(time.perf_counter() - started)
    return {**latency_summary(latencies), "rss_mb": peak_rss_mb()}


def query_parlzoek(index: str) -> dict:
    from parlzoek.index.store import IndexHome
    from parlzoek.search.service import SearchEngine

    latencies = []
    with SearchEngine(IndexHome(Path(index))) as engine:
        for text in _queries():
            started = time.perf_counter()
            engine.search(text, limit=10, passages=2, suggest=False)
            latencies.append(time.perf_counter() - started)
    return {**latency_summary(latencies), "rss_mb": peak_rss_mb()}


SHAPE_SAMPLE = 100
SHAPES = ("filter", "phrase", "filters", "facets")


def _shaped_queries() -> dict[str, list[str]]:
    """The dev topics as researchers narrow them: by year, as a phrase, by minister and year."""
    topics = [text for _, text in random.Random(5).sample(read_topic_file("dev-topics"), SHAPE_SAMPLE)]
    return {
        "filter": [f"{text} jaar:2017" for text in topics],
        "phrase": [f'"{text}"' if " " in text else f"{text} datum:>2017-03" for text in topics],
        "filters": [f"{text} minister:financien jaar:2017" for text in topics],
    }


def shapes_parlzoek(index: str) -> dict:
    """Latency of filtered, quoted and faceted searches (top 10 with passages, as ``query``)."""
    from parlzoek.index.store import IndexHome
    from parlzoek.search.service import SearchEngine

    figures = {}
    with SearchEngine(IndexHome(Path(index))) as engine:
        runs = [(shape, texts, False) for shape, texts in _shaped_queries().items()]
        for shape, texts, facets in [*runs, (SHAPES[-1], _queries()[:SHAPE_SAMPLE], True)]:
            latencies = []
            for text in texts:
                started = time.perf_counter()
                engine.search(text, limit=10, passages=2, suggest=False, facets=facets)
                latencies.append(time.perf_counter() - started)
            figures[shape] = latency_summary(latencies)
    return {**figures, "rss_mb": peak_rss_mb()}


def batch_parlzoek(index: str, queries_file: str, procs: str = "1") -> dict:
    import io

    from parlzoek.index.store import IndexHome
    from parlzoek.research.batch import BatchSummary, read_queries, run_batch
    from parlzoek.search.service import SearchEngine

    summary = BatchSummary()
    with SearchEngine(IndexHome(Path(index))) as engine:
        started = time.perf_counter()
        queries = read_queries(Path(queries_file), summary.problems)
        run_batch(engine, queries, io.StringIO(), fmt="jsonl", limit=100, summary=summary, procs=int(procs))
        seconds = time.perf_counter() - started
    return {"queries_per_s": summary.queries / seconds, "queries": summary.queries}


SIMILAR_SAMPLE = 200


def similar_parlzoek(index: str) -> dict:
    """``parlzoek similar ID``: top 10 with two passages each, for a fixed sample of indexed documents."""
    from parlzoek.index.store import IndexHome
    from parlzoek.search.service import SearchEngine
    from parlzoek.search.similar import find_similar

    latencies = []
    with SearchEngine(IndexHome(Path(index))) as engine:
        reader = engine.searcher.reader()
        ids = sorted(reader.field_terms("id"))
        for doc_id in random.Random(5).sample(ids, min(SIMILAR_SAMPLE, len(ids))):
            started = time.perf_counter()
            find_similar(engine, doc_id=doc_id, limit=10, passages=2)
            latencies.append(time.perf_counter() - started)
    return {**latency_summary(latencies), "rss_mb": peak_rss_mb()}


STEPS = {"build-plain": build_plain, "build-parlzoek": build_parlzoek, "update-parlzoek": update_parlzoek,
         "query-plain": query_plain, "query-parlzoek": query_parlzoek, "batch-parlzoek": batch_parlzoek,
         "shapes-parlzoek": shapes_parlzoek, "similar-parlzoek": similar_parlzoek}  # fmt: skip


# The run


def cold_start(index: Path, repeats: int = 5) -> float:
    command = [str(Path(sys.executable).parent / "parlzoek"), "search", "maatwerkbedrijven sociale economie",
               "--index", str(index), "-f", "json"]  # fmt: skip
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(size: int, work: Path) -> dict:
    corpus = generate(size, work / f"corpus-{size}")
    row: dict[str, dict] = {"plain Whoosh": {}, "parlzoek": {}}
    for system, step in (("plain Whoosh", "build-plain"), ("parlzoek", "build-parlzoek")):
        for procs in (1, 2):
            index = work / f"index-{system.split()[0]}-{size}-{procs}"
            shutil.rmtree(index, ignore_errors=True)
            started = time.perf_counter()
            figures = child(step, str(corpus), str(index), str(procs))
            wall = time.perf_counter() - started
            row[system][f"build {procs}p"] = {**figures, "wall_s": wall, "docs_per_s": size / wall,
                                              "size_mb": directory_size(index) / 1e6}  # fmt: skip
            print(f"{size} {system} build {procs}p: {wall:.1f} s", flush=True)
    plain_index, index = work / f"index-plain-{size}-1", work / f"index-parlzoek-{size}-1"
    row["plain Whoosh"]["query"] = child("query-plain", str(plain_index))
    row["parlzoek"]["query"] = child("query-parlzoek", str(index))
    row["parlzoek"]["shapes"] = child("shapes-parlzoek", str(index))
    row["parlzoek"]["similar"] = child("similar-parlzoek", str(index))
    topics = work / "topics.tsv"
    topics.write_text("".join(f"{qid}\t{text}\n" for qid, text in read_topic_file("dev-topics")), encoding="utf-8")
    row["parlzoek"]["batch"] = child("batch-parlzoek", str(index), str(topics), "1")
    row["parlzoek"]["batch 2p"] = child("batch-parlzoek", str(index), str(topics), "2")
    row["parlzoek"]["cold_start_s"] = cold_start(index)
    row["parlzoek"]["update 1%"] = child("update-parlzoek", str(corpus), str(index), "0.01")
    shutil.rmtree(work / f"corpus-{size}")  # changed by the update: the next run generates it afresh
    return row


def markdown(results: dict[int, dict], meta: dict) -> str:
    lines = ["# Scale benchmark", "", meta["stamp"], "",
             "| documents | system | build 1p docs/s | build 2p docs/s | build RSS MB | size MB | p50 ms | p95 ms "
             "| p99 ms | search RSS MB | batch q/s 1p / 2p | cold start s | update 1% s (% of build) |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]  # fmt: skip
    for size, row in results.items():
        for system, f in row.items():
            q, b1, b2 = f["query"], f["build 1p"], f["build 2p"]
            update = f.get("update 1%")
            cells = [
                f"{size:,}", system, f"{b1['docs_per_s']:,.0f}", f"{b2['docs_per_s']:,.0f}",
                f"{max(b1['rss_mb'], b2['rss_mb']):,.0f}", f"{b1['size_mb']:,.0f}", f"{q['p50_ms']:.1f}",
                f"{q['p95_ms']:.1f}", f"{q['p99_ms']:.1f}", f"{q['rss_mb']:,.0f}",
                _batch_cell(f),
                f"{f['cold_start_s']:.2f}" if "cold_start_s" in f else "",
                f"{update['seconds']:.1f} ({100 * update['seconds'] / b1['seconds']:.0f}%)" if update else "",
            ]  # fmt: skip
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n" + _shapes_table(results) + _similar_table(results)


def _similar_table(results: dict[int, dict]) -> str:
    lines = ["", f"parlzoek `similar ID` (p50 / p95 / p99 ms, top 10 with two passages, {SIMILAR_SAMPLE} documents "
             "drawn from the index).", "", "| documents | similar |", "|---|---|"]  # fmt: skip
    for size, row in results.items():
        if figures := row["parlzoek"].get("similar"):
            lines.append(f"| {size:,} | {figures['p50_ms']:.1f} / {figures['p95_ms']:.1f} / {figures['p99_ms']:.1f} |")
    return "\n".join(lines) + "\n"


def measure_similar(size: int, work: Path) -> dict:
    """Only what ``similar`` needs: the corpus, parlzoek's two-process build (kept), the ``similar``
    step. One process took over an hour at 200,000 documents; two segments instead of one make
    searching, if anything, slower, so the figure does not flatter."""
    index = work / f"index-parlzoek-{size}-2"
    if not (index / "CURRENT").exists():
        shutil.rmtree(index, ignore_errors=True)
        child("build-parlzoek", str(generate(size, work / f"corpus-{size}")), str(index), "2")
    return {"parlzoek": {"similar": child("similar-parlzoek", str(index))}}


def _shapes_table(results: dict[int, dict]) -> str:
    lines = ["", "parlzoek, narrowed searches (p50 / p95 ms, top 10 with passages): a dev topic with `jaar:2017`; "
             "quoted (one-word topics: with `datum:>2017-03`); with `minister:financien jaar:2017`; plain "
             "queries with `--facets`.", "", "| documents | filter | phrase | two filters | facets |",
             "|---|---|---|---|---|"]  # fmt: skip
    for size, row in results.items():
        shapes = row["parlzoek"].get("shapes")
        if shapes:
            cells = [f"{shapes[k]['p50_ms']:.1f} / {shapes[k]['p95_ms']:.1f}" for k in SHAPES]
            lines.append(f"| {size:,} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _batch_cell(figures: dict) -> str:
    rates = [f"{figures[key]['queries_per_s']:.1f}" for key in ("batch", "batch 2p") if key in figures]
    return " / ".join(rates)


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        figures = STEPS[sys.argv[2]](*sys.argv[3:])
        print(json.dumps({**figures, "rss_mb": figures.get("rss_mb", peak_rss_mb())}))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000, 200_000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/parlzoek-scale"))
    parser.add_argument("--similar-only", action="store_true", help="only build parlzoek and time `similar`")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    if args.similar_only:
        results = {size: measure_similar(size, args.work) for size in args.sizes}
        meta = {"stamp": ", ".join(f"{k} {v}" for k, v in stamp().items())}
        write_results("scale-similar", {"meta": meta, "results": results}, _similar_table(results))
        return
    results = {size: measure(size, args.work) for size in args.sizes}
    meta = {"stamp": ", ".join(f"{k} {v}" for k, v in stamp().items())}
    write_results("scale", {"meta": meta, "results": results}, markdown(results, meta))


if __name__ == "__main__":
    main()
