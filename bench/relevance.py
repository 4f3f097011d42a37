"""Relevance on the Chamber dev half: the peers of issue 4 and parlzoek's ranking steps, in one run.

Peers index one combined text field (title, question, answer) with their own BM25 defaults and
get queries lower-cased with non-word characters turned into spaces. parlzoek gets the queries
as written, through its own query language. Topic queries (descriptors) run on an index without
``themes``, known-item queries (titles) on one without ``title``; every judged query counts.

    pip install -e '.[bench]'      # tantivy, bm25s, PyStemmer
    python bench/relevance.py      # writes bench/results/relevance.{md,json}

parlzoek's steps are switched on one at a time through the query weights (an index always has
its ``body`` and ``parts`` fields), plus separate indexes for the other stemmer and for no
protected stems.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import evaluate, normalize_query, read_queries, read_records, stamp, write_results, write_variant
from engine import parlzoek_build, parlzoek_run, plain_whoosh_build, plain_whoosh_run

from parlzoek.analysis import dutch as analysis
from parlzoek.ranking.model import DEFAULT_RANKING, GramSettings, Ranking

Queries = list[tuple[str, str]]
Records = list[dict]


def combined(record: dict) -> str:
    return "\n\n".join(record.get(k) or "" for k in ("title", "question", "answer"))


def snowball_dutch(word: str) -> str:
    """A module-level function, so Whoosh can pickle the analyzer that uses it."""
    return analysis._snowball("dutch").stemWord(word)


def whoosh_snowball(records: Records, directory: Path, queries: Queries) -> dict:
    from whoosh import index, qparser
    from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
    from whoosh.fields import ID, TEXT, Schema

    analyzer = RegexTokenizer() | LowercaseFilter() | StopFilter(stoplist=analysis.STOP_WORDS) | StemFilter(
        stemfn=snowball_dutch)  # fmt: skip
    directory.mkdir(parents=True)
    ix = index.create_in(str(directory), Schema(id=ID(stored=True), text=TEXT(analyzer=analyzer)))
    with ix.writer() as writer:
        for r in records:
            writer.add_document(id=r["id"], text=combined(r))
    parser = qparser.QueryParser("text", ix.schema, group=qparser.OrGroup)
    with ix.searcher() as searcher:
        return {qid: [(h["id"], h.score) for h in searcher.search(parser.parse(normalize_query(text)), limit=100)]
                for qid, text in queries}  # fmt: skip


def sqlite_fts5(records: Records, directory: Path, queries: Queries) -> dict:
    stemmer = analysis._snowball("dutch")

    def stemmed(text: str) -> list[str]:
        return stemmer.stemWords(normalize_query(text).split())

    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, text)")
    db.executemany("INSERT INTO docs VALUES (?, ?)", ((r["id"], " ".join(stemmed(combined(r)))) for r in records))
    run = {}
    for qid, text in queries:
        terms = [t for t in stemmed(text) if t]
        if not terms:
            continue
        match = " OR ".join('"' + t.replace('"', "") + '"' for t in terms)
        rows = db.execute("SELECT id, bm25(docs) FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 100", (match,))
        run[qid] = [(doc_id, -score) for doc_id, score in rows]
    return run


def tantivy_dutch(records: Records, directory: Path, queries: Queries) -> dict:
    import tantivy

    analyzer = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(tantivy.Filter.lowercase())
                .filter(tantivy.Filter.stemmer("dutch")).build())  # fmt: skip
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("text", tokenizer_name="nl")
    directory.mkdir(parents=True)
    index = tantivy.Index(builder.build(), path=str(directory))
    index.register_tokenizer("nl", analyzer)
    writer = index.writer()
    for r in records:
        writer.add_document(tantivy.Document(id=r["id"], text=combined(r)))
    writer.commit()
    index.reload()
    searcher = index.searcher()
    run = {}
    for qid, text in queries:
        if not normalize_query(text):
            continue
        found = searcher.search(index.parse_query(normalize_query(text), ["text"]), 100).hits
        run[qid] = [(searcher.doc(address)["id"][0], score) for score, address in found]
    return run


def bm25s_pystemmer(records: Records, directory: Path, queries: Queries) -> dict:
    import bm25s
    import Stemmer

    stemmer = Stemmer.Stemmer("dutch")
    stop = sorted(analysis.STOP_WORDS)
    retriever = bm25s.BM25()
    corpus = bm25s.tokenize([combined(r) for r in records], stopwords=stop, stemmer=stemmer, show_progress=False)
    retriever.index(corpus, show_progress=False)
    run = {}
    for qid, text in queries:
        tokens = bm25s.tokenize([normalize_query(text)], stopwords=stop, stemmer=stemmer, show_progress=False)
        if not tokens.ids[0]:
            continue
        docs, scores = retriever.retrieve(tokens, k=100, show_progress=False)
        run[qid] = [(records[i]["id"], float(s)) for i, s in zip(docs[0], scores[0], strict=True) if s > 0]
    return run


def peer_rows(records: Records, tmp: Path, topics: Queries, titles: Queries) -> list[dict]:
    untitled = [{**r, "title": None} for r in records]
    rows = []
    for operator in ("and", "or"):
        ix_t, _ = plain_whoosh_build(records, tmp / f"plain-t-{operator}", with_title=True)
        ix_k, _ = plain_whoosh_build(untitled, tmp / f"plain-k-{operator}", with_title=True)
        topic_run = plain_whoosh_run(ix_t, topics, operator, 100)[0]
        known_run = plain_whoosh_run(ix_k, titles, operator, 100)[0]
        rows.append(row(f"Whoosh LanguageAnalyzer('nl'), {operator.upper()}", topic_run, known_run))
    peers: dict[str, Callable] = {"Whoosh + snowballstemmer dutch, OR": whoosh_snowball,
                                  "SQLite FTS5 over snowball-stemmed text": sqlite_fts5,
                                  "tantivy with its Dutch stemmer": tantivy_dutch,
                                  "bm25s + PyStemmer dutch": bm25s_pystemmer}  # fmt: skip
    for name, peer in peers.items():
        slug = name.split()[0].lower()
        rows.append(row(name, peer(records, tmp / f"{slug}-t", topics), peer(untitled, tmp / f"{slug}-k", titles)))
    return rows


def row(system: str, topic_run: dict, known_run: dict, failed: int = 0) -> dict:
    if failed:
        raise RuntimeError(f"{system}: {failed} queries raised; the figures would be wrong")
    return {"system": system, "topic": evaluate(topic_run, "dev-topics"), "known": evaluate(known_run, "dev-titles")}


DEFAULT = dict(DEFAULT_RANKING.field_weights)
# the grams: (weight, share where the document holds the word, BM25's IDF rather than Whoosh's)
NO_GRAMS, FIRST_GRAMS, IDF_GRAMS = (0.0, 1.0, True), (0.3, 1.0, False), (0.3, 1.0, True)
GRAMS = (DEFAULT_RANKING.grams.weight, DEFAULT_RANKING.grams.held_share, True)
STEPS = [  # (name, field weights, query-part, word-pair, abbreviation, grams, operator)
    ("title, question, answer as separate fields (BM25F)", {"title": 1.0, "question": 1.0, "answer": 1.0, "meta": 0.5},
     0.0, 0.0, 0.0, NO_GRAMS, "or"),
    ("one body field", {"body": 1.0, "meta": 0.5}, 0.0, 0.0, 0.0, NO_GRAMS, "or"),
    ("+ title 0.5, question 0.2", {"body": 1.0, "title": 0.5, "question": 0.2, "meta": 0.5}, 0.0, 0.0, 0.0, NO_GRAMS,
     "or"),
    ("+ compound parts field 0.3", DEFAULT, 0.0, 0.0, 0.0, NO_GRAMS, "or"),
    ("+ query compound parts 0.2", DEFAULT, 0.2, 0.0, 0.0, NO_GRAMS, "or"),
    ("+ word pairs 0.1", DEFAULT, 0.2, 0.1, 0.0, NO_GRAMS, "or"),
    ("+ abbreviations 0.5", DEFAULT, 0.2, 0.1, 0.5, NO_GRAMS, "or"),
    ("+ character 4-grams of title and question 0.3 (Whoosh's IDF)", DEFAULT, 0.2, 0.1, 0.5, FIRST_GRAMS, "or"),
    ("+ BM25's IDF for the grams", DEFAULT, 0.2, 0.1, 0.5, IDF_GRAMS, "or"),
    (f"+ grams {GRAMS[0]}, {GRAMS[1]} of that where the document holds their word (default)", DEFAULT, 0.2, 0.1, 0.5,
     GRAMS, "or"),
    ("default, implicit AND", DEFAULT, 0.2, 0.1, 0.5, GRAMS, "and"),
    ("default + pseudo-relevance feedback (--expand)", DEFAULT, 0.2, 0.1, 0.5, GRAMS, "expand"),
]  # fmt: skip


def step_ranking(weights: dict, part: float, pair: float, abbreviation: float, grams: tuple) -> Ranking:
    """One step of the table as a ranking: the default with these weights."""
    weight, held_share, probabilistic = grams
    return Ranking(
        field_weights=weights, query_part_weight=part, pair_weight=pair, abbreviation_weight=abbreviation,
        grams=GramSettings(weight=weight, held_share=held_share),
        probabilistic_idf_fields=frozenset({"grams"} if probabilistic else ()),
    )  # fmt: skip


def parlzoek_rows(records: Records, tmp: Path, topics: Queries, titles: Queries) -> list[dict]:
    topic_corpus = write_variant(records, tmp / "no-themes.jsonl", ["themes"])
    title_corpus = write_variant(records, tmp / "no-titles.jsonl", ["themes", "title"])

    def measured(name: str, home_t, home_k, operator: str = "or", ranking: Ranking = DEFAULT_RANKING) -> dict:
        topic_run, _, failed_t = parlzoek_run(home_t, topics, operator, 100, ranking=ranking)
        known_run, _, failed_k = parlzoek_run(home_k, titles, operator, 100, ranking=ranking)
        return row(f"parlzoek: {name}", topic_run, known_run, failed_t + failed_k)

    home_t, _ = parlzoek_build(topic_corpus, tmp / "pz-t", "dutch")
    home_k, _ = parlzoek_build(title_corpus, tmp / "pz-k", "dutch")
    rows = []
    for name, weights, part, pair, abbreviation, grams, operator in STEPS:
        rows.append(measured(name, home_t, home_k, operator, step_ranking(weights, part, pair, abbreviation, grams)))
    porter_t, _ = parlzoek_build(topic_corpus, tmp / "porter-t", "dutch_porter")
    porter_k, _ = parlzoek_build(title_corpus, tmp / "porter-k", "dutch_porter")
    rows.append(measured("default, dutch_porter stemmer", porter_t, porter_k))
    protected = dict(analysis.PROTECTED_STEMS)
    analysis.PROTECTED_STEMS.clear()
    try:
        bare_t, _ = parlzoek_build(topic_corpus, tmp / "bare-t", "dutch")
        bare_k, _ = parlzoek_build(title_corpus, tmp / "bare-k", "dutch")
        rows.append(measured("default without protected stems", bare_t, bare_k))  # opened with the same analyzer
    finally:
        analysis.PROTECTED_STEMS.update(protected)
    return rows


def markdown(rows: list[dict], meta: dict) -> str:
    lines = [f"# Relevance on the Chamber dev half ({meta['documents']} documents)", "", meta["stamp"], "",
             "| system | topic nDCG@10 | topic MAP | known-item MRR@10 |", "|---|---|---|---|"]  # fmt: skip
    lines += [f"| {r['system']} | {r['topic']['nDCG@10']:.3f} | {r['topic']['AP']:.3f} | {r['known']['RR@10']:.3f} |"
              for r in rows]  # fmt: skip
    return "\n".join(lines) + "\n"


def main() -> None:
    records = read_records()
    topics, titles = read_queries("dev-topics"), read_queries("dev-titles")
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        rows = peer_rows(records, tmp, topics, titles) + parlzoek_rows(records, tmp, topics, titles)
    meta = {"documents": len(records), "stamp": ", ".join(f"{k} {v}" for k, v in stamp().items())}
    write_results("relevance", {"meta": meta, "rows": rows}, markdown(rows, meta))


if __name__ == "__main__":
    main()
