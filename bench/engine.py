"""The engine on the Chamber dev corpus, side by side with a plain Whoosh setup built in the same run.

Reports index build time, size, query latency (with highlighted passages for the top 10),
batch throughput, and relevance (topic nDCG@10 / MAP, known-item MRR@10) for the analyzer and
operator choices, so that defaults are picked by measurement:

    python bench/engine.py            # writes bench/results/engine.{md,json}

Needs the bench extra (``pip install '.[bench]'``), which brings the eval extra's ir-measures.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    directory_size,
    evaluate,
    latency_summary,
    normalize_query,
    read_queries,
    read_records,
    stamp,
    write_results,
    write_variant,
)

from parlzoek.index.build import update_index
from parlzoek.index.store import IndexHome
from parlzoek.ranking.model import DEFAULT_RANKING, Ranking
from parlzoek.search.service import SearchEngine


def plain_whoosh_build(records: list[dict], directory: Path, with_title: bool):
    """The baseline of the issues: ``LanguageAnalyzer('nl')``, one combined stored text field."""
    from whoosh import index
    from whoosh.analysis import LanguageAnalyzer
    from whoosh.fields import ID, TEXT, Schema

    directory.mkdir(parents=True)
    ix = index.create_in(str(directory), Schema(id=ID(stored=True, unique=True),
                                                text=TEXT(analyzer=LanguageAnalyzer("nl"), stored=True)))  # fmt: skip
    started = time.perf_counter()
    with ix.writer() as writer:
        for r in records:
            parts = [r.get("title") if with_title else None, r.get("question"), r.get("answer")]
            writer.add_document(id=r["id"], text="\n\n".join(p for p in parts if p))
    return ix, time.perf_counter() - started


def plain_whoosh_run(ix, queries, operator: str, limit: int, highlight: bool = False):
    from whoosh import qparser

    group = qparser.OrGroup if operator == "or" else qparser.AndGroup
    parser = qparser.QueryParser("text", ix.schema, group=group)
    run, latencies = {}, []
    with ix.searcher() as searcher:
        for qid, text in queries:
            started = time.perf_counter()
            results = searcher.search(parser.parse(normalize_query(text)), limit=limit)
            hits = [(hit["id"], hit.score) for hit in results]
            if highlight:
                for hit in results[:10]:
                    hit.highlights("text", top=2)
            latencies.append(time.perf_counter() - started)
            run[qid] = hits
    return run, latencies


def parlzoek_build(corpus: Path, directory: Path, stemmer: str, procs: int = 1):
    home = IndexHome(directory)
    summary = update_index(home, [corpus], rebuild=True, stemmer=stemmer, procs=procs)
    return home, summary.seconds


def parlzoek_run(
    home: IndexHome, queries, operator: str, limit: int, *, passages: int = 0, ranking: Ranking = DEFAULT_RANKING
):
    """``operator`` "or", "and", or "expand" (OR with ``ranking``'s pseudo-relevance feedback turned on)."""
    run, latencies, failures = {}, [], 0
    if operator == "expand":
        ranking = ranking.with_feedback()
    with SearchEngine(home, operator="and" if operator == "and" else "or", ranking=ranking) as engine:
        for qid, text in queries:
            started = time.perf_counter()
            try:
                results = engine.search(text, limit=limit, passages=passages, suggest=False)
            except Exception:
                failures += 1
                continue
            latencies.append(time.perf_counter() - started)
            run[qid] = [(hit.document.id, hit.score) for hit in results.hits]
    return run, latencies, failures


def passage_index_build(corpus: Path, directory: Path):
    """The alternative design: every passage a Whoosh document (with its document's title), grouped by parent."""
    from whoosh import index
    from whoosh.fields import ID, NUMERIC, TEXT, Schema

    from parlzoek.analysis.dutch import dutch_analyzer
    from parlzoek.corpus import load

    analyzer = dutch_analyzer()
    schema = Schema(parent=ID(stored=True, sortable=True), n=NUMERIC(stored=True),
                    title=TEXT(analyzer=analyzer, field_boost=2.0), question=TEXT(analyzer=analyzer, stored=True),
                    answer=TEXT(analyzer=analyzer, stored=True))  # fmt: skip
    directory.mkdir(parents=True)
    ix = index.create_in(str(directory), schema)
    started = time.perf_counter()
    with ix.writer(limitmb=256) as writer:
        for document in load([corpus]).documents:
            for passage in document.passages:
                writer.add_document(parent=document.id, n=passage.n, title=document.title or "",
                                    question=passage.question, answer=passage.answer or "")  # fmt: skip
    return ix, time.perf_counter() - started


def passage_index_run(ix, queries, limit: int, highlight: bool = False):
    """Documents ranked by their best passage (Whoosh's collapse keeps one passage per parent)."""
    from whoosh import qparser

    parser = qparser.MultifieldParser(["title", "question", "answer"], ix.schema, group=qparser.OrGroup)
    run, latencies = {}, []
    with ix.searcher() as searcher:
        for qid, text in queries:
            started = time.perf_counter()
            results = searcher.search(parser.parse(normalize_query(text)), limit=limit, collapse="parent")
            hits = [(hit["parent"], hit.score) for hit in results]
            if highlight:
                for hit in results[:10]:
                    hit.highlights("question")
                    hit.highlights("answer")
            latencies.append(time.perf_counter() - started)
            run[qid] = hits
    return run, latencies


def relevance_rows(records, tmp: Path, topics, titles) -> list[dict]:
    topic_corpus = write_variant(records, tmp / "no-themes.jsonl", ["themes"])
    title_corpus = write_variant(records, tmp / "no-themes-no-titles.jsonl", ["themes", "title"])
    rows = []
    for operator in ("and", "or"):
        ix_t, _ = plain_whoosh_build(records, tmp / f"plain-t-{operator}", with_title=True)
        ix_k, _ = plain_whoosh_build([{**r, "title": None} for r in records], tmp / f"plain-k-{operator}", True)
        topic = evaluate(plain_whoosh_run(ix_t, topics, operator, 100)[0], "dev-topics")
        known = evaluate(plain_whoosh_run(ix_k, titles, operator, 100)[0], "dev-titles")
        rows.append(
            {"system": f"plain Whoosh LanguageAnalyzer('nl'), {operator.upper()}", "topic": topic, "known": known}
        )
    ix_pt, _ = passage_index_build(topic_corpus, tmp / "passages-t")
    ix_pk, _ = passage_index_build(title_corpus, tmp / "passages-k")
    rows.append({
        "system": "alternative: passages as Whoosh documents, dutch, OR",
        "topic": evaluate(passage_index_run(ix_pt, topics, 100)[0], "dev-topics"),
        "known": evaluate(passage_index_run(ix_pk, titles, 100)[0], "dev-titles"),
    })  # fmt: skip
    for stemmer in ("dutch", "dutch_porter"):
        home_t, _ = parlzoek_build(topic_corpus, tmp / f"pz-t-{stemmer}", stemmer)
        home_k, _ = parlzoek_build(title_corpus, tmp / f"pz-k-{stemmer}", stemmer)
        for operator in ("and", "or"):
            topic_run, _, failed_t = parlzoek_run(home_t, topics, operator, 100, passages=0)
            known_run, _, failed_k = parlzoek_run(home_k, titles, operator, 100, passages=0)
            rows.append({
                "system": f"parlzoek {stemmer}, {operator.upper()}",
                "topic": evaluate(topic_run, "dev-topics"),
                "known": evaluate(known_run, "dev-titles"),
                "failed_queries": failed_t + failed_k,
            })  # fmt: skip
    return rows


def performance(records, tmp: Path, topics) -> dict:
    corpus = write_variant(records, tmp / "full.jsonl", [])
    perf: dict[str, dict] = {}
    ix, plain_seconds = plain_whoosh_build(records, tmp / "plain-perf", with_title=True)
    _, plain_lat = plain_whoosh_run(ix, topics, "or", 10, highlight=True)
    _, plain_batch = plain_whoosh_run(ix, topics, "or", 100)
    perf["plain Whoosh"] = {
        "build_s": plain_seconds, "docs_per_s": len(records) / plain_seconds,
        "size_mb": directory_size(tmp / "plain-perf") / 1e6, **latency_summary(plain_lat),
        "batch_qps": len(topics) / sum(plain_batch),
    }  # fmt: skip
    ix_p, passage_seconds = passage_index_build(corpus, tmp / "passages-perf")
    _, passage_lat = passage_index_run(ix_p, topics, 10, highlight=True)
    perf["alternative: passages as documents"] = {
        "build_s": passage_seconds, "docs_per_s": len(records) / passage_seconds,
        "size_mb": directory_size(tmp / "passages-perf") / 1e6, **latency_summary(passage_lat),
    }  # fmt: skip
    for procs in (2, 1):  # queries on the 1-process index: one segment (2 processes write one each)
        home, seconds = parlzoek_build(corpus, tmp / f"pz-perf-{procs}", "dutch", procs=procs)
        perf[f"parlzoek build, {procs} proc"] = {"build_s": seconds, "docs_per_s": len(records) / seconds}
    _, latencies, _ = parlzoek_run(home, topics, "or", 10, passages=2)
    started = time.perf_counter()
    parlzoek_run(home, topics, "or", 100, passages=1)
    batch_seconds = time.perf_counter() - started
    perf["parlzoek"] = {
        "size_mb": directory_size(home.path) / 1e6, **latency_summary(latencies),
        "batch_qps": len(topics) / batch_seconds,
    }  # fmt: skip
    return perf


def markdown(rows: list[dict], perf: dict, meta: dict) -> str:
    lines = [f"# Engine benchmark (Chamber dev corpus, {meta['documents']} documents)", "",
             f"{meta['stamp']}", "", "## Relevance (all queries averaged; no-result queries count 0)", "",
             "| system | topic nDCG@10 | topic MAP | known-item MRR@10 |", "|---|---|---|---|"]  # fmt: skip
    for row in rows:
        lines.append(f"| {row['system']} | {row['topic']['nDCG@10']:.3f} | {row['topic']['AP']:.3f} | "
                     f"{row['known']['RR@10']:.3f} |")  # fmt: skip
    lines += ["", "## Speed and size", "", "| setup | build s | docs/s | size MB | p50 ms | p95 ms | batch q/s |",
              "|---|---|---|---|---|---|---|"]  # fmt: skip
    for name, p in perf.items():
        cells = [p.get(k) for k in ("build_s", "docs_per_s", "size_mb", "p50_ms", "p95_ms", "batch_qps")]
        lines.append(f"| {name} | " + " | ".join("" if c is None else f"{c:,.1f}" for c in cells) + " |")
    lines += ["", "Latency: topic queries, top 10, with highlighted passages/snippets (plain Whoosh: `hit.highlights`)."
              " Batch: top 100 per query (parlzoek with its best passage, as `batch --format jsonl`)."]  # fmt: skip
    return "\n".join(lines) + "\n"


def main() -> None:
    records = read_records()
    topics, titles = read_queries("dev-topics"), read_queries("dev-titles")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        rows = relevance_rows(records, tmp, topics, titles)
        perf = performance(records, tmp, topics)
    meta = {"documents": len(records), "stamp": ", ".join(f"{k} {v}" for k, v in stamp().items())}
    write_results("engine", {"meta": meta, "relevance": rows, "performance": perf}, markdown(rows, perf, meta))


if __name__ == "__main__":
    main()
