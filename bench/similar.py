"""``parlzoek similar`` on the Chamber dev half: graded shared thesaurus descriptors, twins, peers.

The query is a document (every document with a descriptor that another document shares); the
relevance of each other document is the number of descriptors the two share, at most 3. The
index is built without ``themes`` (they are the judgements). In the same run: Whoosh's
``more_like`` with its defaults and with ``numterms=25``, and a BM25 OR of all the document's
title and question terms, over one ``body`` field (title + question + answer) with
``LanguageAnalyzer('nl')`` and BM25F, as the issue measured them. The default ``similar`` is
measured as a user would: ``parlzoek similar --ids … --format trec`` and ``parlzoek evaluate``.
Also the twin rate: of the documents whose question text another document shares (one question
put to several ministers), how often the first result is one of its twins.

    python bench/similar.py            # defaults and the peers
    python bench/similar.py --sweep    # also each choice varied (terms, answer weight, boilerplate, parts)
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import read_records, stamp, write_results, write_variant

MAX_GRADE = 3


def judgements(records: list[dict]) -> dict[str, dict[str, int]]:
    """qid -> {doc id: shared descriptors, capped}, for documents sharing a descriptor with another."""
    holders: dict[str, list[str]] = defaultdict(list)
    themes = {r["id"]: {t.lower() for t in r.get("themes") or []} for r in records}
    for doc_id, descriptors in themes.items():
        for descriptor in descriptors:
            holders[descriptor].append(doc_id)
    qrels: dict[str, dict[str, int]] = {}
    for doc_id, descriptors in themes.items():
        shared: dict[str, int] = defaultdict(int)
        for descriptor in descriptors:
            for other in holders[descriptor]:
                if other != doc_id:
                    shared[other] += 1
        if shared:
            qrels[doc_id] = {other: min(MAX_GRADE, n) for other, n in shared.items()}
    return qrels


def twins(records: list[dict]) -> dict[str, set[str]]:
    """doc id -> the other documents with the same question text."""
    by_text: dict[str, list[str]] = defaultdict(list)
    for r in records:
        by_text[r["question"]].append(r["id"])
    return {d: set(ids) - {d} for ids in by_text.values() if len(ids) > 1 for d in ids}


def twin_first(run: dict[str, list[tuple[str, float]]], pairs: dict[str, set[str]]) -> float:
    return sum(1 for d, others in pairs.items() if run.get(d) and run[d][0][0] in others) / len(pairs)


def evaluate_with(run: dict[str, list[tuple[str, float]]], qrels_file: Path, names: tuple[str, ...]) -> dict:
    """parlzoek's own evaluation (as ``parlzoek evaluate``), equal scores nudged to keep the run's order."""
    from parlzoek.research.evaluate import evaluate, read_qrels
    from parlzoek.search.export import strictly_decreasing

    ordered = {q: dict(zip((d for d, _ in hits), strictly_decreasing(s for _, s in hits), strict=True))
               for q, hits in run.items()}  # fmt: skip
    judged = {q: docs for q, docs in read_qrels(qrels_file).items() if q in run}  # a sample: its own queries
    measured = evaluate(judged, ordered).measures
    return {name: measured[name] for name in names}


def write_qrels(qrels: dict[str, dict[str, int]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        for qid, docs in sorted(qrels.items()):
            for doc_id, grade in sorted(docs.items()):
                f.write(f"{qid} 0 {doc_id} {grade}\n")


def parlzoek_run(index: Path, ids: list[str], settings) -> dict[str, list[tuple[str, float]]]:
    from parlzoek.index.store import IndexHome
    from parlzoek.search.service import SearchEngine
    from parlzoek.search.similar import find_similar, run_documents

    with SearchEngine(IndexHome(index)) as engine:
        run = {}
        for doc_id in ids:
            results = find_similar(
                engine, doc_id=doc_id, limit=100, passages=0, group=False, explain=False, settings=settings
            )
            run[doc_id] = [(doc.id, score) for doc, score in run_documents(results)]
        return run


def cli_run(index: Path, ids_file: Path, qrels_file: Path, work: Path) -> dict:
    """The default, as a user runs it: ``similar --ids --format trec``, then ``evaluate``."""
    exe = [sys.executable, "-m", "parlzoek"]
    run_file = work / "similar.trec"
    started = time.perf_counter()
    subprocess.run([*exe, "similar", "--ids", str(ids_file), "--index", str(index), "--format", "trec",
                    "-o", str(run_file)], check=True, capture_output=True)  # fmt: skip
    seconds = time.perf_counter() - started
    done = subprocess.run([*exe, "evaluate", "--qrels", str(qrels_file), "--run", str(run_file), "--json"],
                          check=True, capture_output=True, text=True)  # fmt: skip
    figures = json.loads(done.stdout)["measures"]
    run: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for line in run_file.read_text(encoding="utf-8").splitlines():
        qid, _, doc_id, _, score, _ = line.split()
        run[qid].append((doc_id, float(score)))
    return {"figures": figures, "run": run, "seconds": seconds}


def whoosh_peers(records: list[dict], directory: Path, ids: list[str]) -> dict[str, dict]:
    from whoosh import index, scoring
    from whoosh.analysis import LanguageAnalyzer
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.query import Or, Term

    directory.mkdir(parents=True)
    analyzer = LanguageAnalyzer("nl")
    ix = index.create_in(str(directory), Schema(id=ID(stored=True, unique=True), body=TEXT(analyzer=analyzer,
                                                                                        stored=True)))  # fmt: skip
    by_id = {r["id"]: r for r in records}
    with ix.writer() as writer:
        for r in records:
            writer.add_document(id=r["id"], body="\n".join(filter(None, (r["title"], r["question"], r["answer"]))))
    runs: dict[str, dict] = {"more_like (defaults)": {}, "more_like numterms=25": {}, "BM25 OR title+question": {}}
    with ix.searcher(weighting=scoring.BM25F()) as searcher:
        for doc_id in ids:
            docnum = searcher.document_number(id=doc_id)
            for name, numterms in (("more_like (defaults)", 5), ("more_like numterms=25", 25)):
                hits = searcher.more_like(docnum, "body", numterms=numterms, top=100)
                runs[name][doc_id] = [(h["id"], h.score) for h in hits]
            r = by_id[doc_id]
            words = {t.text for t in analyzer(f"{r['title']}\n{r['question']}")}
            hits = searcher.search(Or([Term("body", w) for w in sorted(words)]), limit=101) if words else []
            runs["BM25 OR title+question"][doc_id] = [(h["id"], h.score) for h in hits if h["id"] != doc_id][:100]
    return runs


SWEEP = {
    "terms": (25, 40, 60, 100),
    "answer_weight": (0.0, 0.3, 0.6),
    "title_weight": (1.0, 2.0),
    "boilerplate_share": (0.05, 0.1, 0.2, 1.0),
    "part_weight": (0.0, 0.3),
    "part_terms": (20, 60),
}


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--sweep", action="store_true", help="also vary each setting around the default")
    options.add_argument("--every", type=int, default=3, help="the sweep runs every Nth query (default 3)")
    options.add_argument("--work", type=Path, help="reuse this directory (an index built there is kept)")
    args = options.parse_args()
    from parlzoek.search.similar import SimilarSettings

    records = read_records()
    qrels = judgements(records)
    pairs = twins(records)
    ids = sorted(qrels)
    work = args.work or Path(tempfile.mkdtemp(prefix="similar-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    index = work / "index"
    if not index.exists():
        corpus = write_variant(records, work / "corpus.jsonl", drop=["themes"])
        subprocess.run([sys.executable, "-m", "parlzoek", "index", str(corpus), "--index", str(index)],
                       check=True, capture_output=True)  # fmt: skip
    qrels_file, ids_file = work / "similar.qrels", work / "ids.txt"
    write_qrels(qrels, qrels_file)
    every = sorted({*ids, *pairs})
    ids_file.write_text("\n".join(every) + "\n", encoding="utf-8")
    rows = []
    default = cli_run(index, ids_file, qrels_file, work)
    figures = {k: default["figures"][k] for k in ("nDCG@10", "P@10", "R@100")}
    rows.append({"system": "parlzoek similar (default, CLI + evaluate)", **figures,
                 "twin first": twin_first(default["run"], pairs), "seconds": default["seconds"]})  # fmt: skip
    if args.sweep:
        base = SimilarSettings()
        sample = every[:: args.every]
        for name, values in [("default", (None,)), *SWEEP.items()]:
            for value in values:
                if name != "default" and value == getattr(base, name):
                    continue
                settings = base if name == "default" else dataclasses.replace(base, **{name: value})
                run = parlzoek_run(index, sample, settings)
                label = "default" if name == "default" else f"{name}={value}"
                rows.append({"system": f"sweep (every {args.every}th query): {label}",
                             **evaluate_with(run, qrels_file, ("nDCG@10", "P@10", "R@100")),
                             "twin first": twin_first(run, {d: t for d, t in pairs.items() if d in run})})  # fmt: skip
                print(rows[-1], file=sys.stderr, flush=True)
    whoosh_dir = work / f"whoosh-{time.time_ns()}"
    print(rows[0], file=sys.stderr, flush=True)
    for name, run in whoosh_peers(records, whoosh_dir, every).items():
        rows.append({"system": f"Whoosh {name}", **evaluate_with(run, qrels_file, ("nDCG@10", "P@10", "R@100")),
                     "twin first": twin_first(run, pairs)})  # fmt: skip
    meta = {**stamp(), "queries": len(ids), "twins": len(pairs), "settings": dataclasses.asdict(SimilarSettings())}
    write_results("similar", {"meta": meta, "rows": rows}, markdown(rows, meta))


def markdown(rows: list[dict], meta: dict) -> str:
    lines = [
        f"Dev half: {meta['queries']} queries (documents sharing a descriptor), graded by shared descriptors "
        f"(capped at {MAX_GRADE}); twin rate over {meta['twins']} documents. Defaults: {meta['settings']}.",
        "",
        "| system | nDCG@10 | P@10 | R@100 | twin first |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(f"| {r['system']} | {r['nDCG@10']:.3f} | {r['P@10']:.3f} | {r['R@100']:.3f} "
                     f"| {r['twin first']:.1%} |")  # fmt: skip
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
