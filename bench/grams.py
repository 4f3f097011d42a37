"""Character n-gram variants for issue 4, tried offline on top of parlzoek's own ranking, in one run.

    python bench/grams.py        # writes bench/results/grams.{md,json}; about four minutes

parlzoek builds the two dev indexes (topics without ``themes``, known items without ``title``)
and runs every dev query with its grams turned off (``DEFAULT_RANKING.with_grams(weight=0.0)``), keeping every matching
document's score. Each variant then adds, with numpy, ``weight`` × BM25 (k1 1.2, b 0.75, BM25's
IDF, as parlzoek weighs its grams) over a gram field built here, for all documents, and is
measured with the same ``evaluate`` as ``bench/relevance.py``. A gram adds ``held`` of its score
to a document holding the stem of a query word it was cut from. The default (4-grams with marked
edges of the title and question, weight 0.4, 0.5 of that where the document holds the word, half
of the query's grams needed by a document they alone bring) is the first row;
``bench/relevance.py`` measures parlzoek itself with it, which scores with Whoosh's BM25F and so
differs in the last decimals.
"""

from __future__ import annotations

import math
import re
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import evaluate, read_queries, read_records, stamp, write_results, write_variant
from engine import parlzoek_build, parlzoek_run

Grams = Callable[[str], list[str]]
TEXT = ("title", "question", "answer")


def gram_function(size: int = 4, edges: bool = True) -> Grams:
    """Overlapping ``size``-grams of each word (stop words left out), its edges marked or not."""
    from whoosh.support.charset import accent_map

    from parlzoek.analysis.dutch import _WORD, STOP_WORDS, _lowered_words

    def grams(text: str) -> list[str]:
        found = []
        for word in _lowered_words(text or "", _WORD):
            if word in STOP_WORDS:
                continue
            cut = f"_{word.translate(accent_map)}_" if edges else word.translate(accent_map)
            found.extend(cut[i : i + size] for i in range(len(cut) - size + 1))
        return found

    return grams


class GramField:
    """A gram field's postings and lengths, and BM25 with a count of the query grams each document holds."""

    def __init__(self, docs: list[list[str]], binary: bool = False) -> None:
        self.postings: dict[str, dict[int, int]] = defaultdict(dict)
        for docnum, grams in enumerate(docs):
            for gram, count in Counter(grams).items():
                self.postings[gram][docnum] = 1 if binary else count
        self.lengths = np.array([len(grams) for grams in docs], dtype=float)

    def bm25(self, held: dict[str, np.ndarray], share: float, k1: float = 1.2, b: float = 0.75):
        """The grams' summed scores (``share`` of each where its word is held), and how many each document holds."""
        size = len(self.lengths)
        norm = k1 * (1 - b + b * self.lengths / self.lengths.mean())
        scores, count = np.zeros(size), np.zeros(size)
        for gram, holding in held.items():
            hits = self.postings.get(gram)
            if not hits:
                continue
            tf = np.zeros(size)
            tf[list(hits)] = list(hits.values())
            idf = math.log(1 + (size - len(hits) + 0.5) / (len(hits) + 0.5))
            scores += np.where(holding, share, 1.0) * idf * tf * (k1 + 1) / (tf + norm)
            count += tf > 0
        return scores, count


TQ = ("title", "question")
VARIANTS = {  # name: (gram size, edges marked, fields, counts not presence, weight, share needed, held)
    "4-grams, edges marked, title + question, weight 0.4, 0.5 where the word is held, half needed (default)":
        (4, True, TQ, True, 0.4, 0.5, 0.5),
    "the same, full weight where the word is held": (4, True, TQ, True, 0.4, 0.5, 1.0),
    "the same, weight 0.3, full weight where the word is held": (4, True, TQ, True, 0.3, 0.5, 1.0),
    "the same, 0.3 where the word is held": (4, True, TQ, True, 0.4, 0.5, 0.3),
    "the same, 0.7 where the word is held": (4, True, TQ, True, 0.4, 0.5, 0.7),
    "the same, nothing where the word is held": (4, True, TQ, True, 0.4, 0.5, 0.0),
    "the same, no share needed": (4, True, TQ, True, 0.4, 0.0, 0.5),
    "the same, weight 0.3": (4, True, TQ, True, 0.3, 0.5, 0.5),
    "the same, weight 0.5": (4, True, TQ, True, 0.5, 0.5, 0.5),
    "3-grams": (3, True, TQ, True, 0.4, 0.5, 0.5),
    "5-grams": (5, True, TQ, True, 0.4, 0.5, 0.5),
    "4-grams, edges not marked": (4, False, TQ, True, 0.4, 0.5, 0.5),
    "4-grams of title, question and answer": (4, True, ("title", "question", "answer"), True, 0.4, 0.5, 0.5),
    "4-grams, presence instead of counts": (4, True, TQ, False, 0.4, 0.5, 0.5),
}  # fmt: skip


class WordDocuments:
    """Which documents hold each stem, as parlzoek's ``body`` analyses their text."""

    def __init__(self, texts: list[str]) -> None:
        from parlzoek.analysis.dutch import dutch_analyzer

        self.analyzer, self.size = dutch_analyzer(), len(texts)
        self.holding: dict[str, list[int]] = defaultdict(list)
        for docnum, text in enumerate(texts):
            for stem in {token.text for token in self.analyzer(text)}:
                self.holding[stem].append(docnum)

    def held_by_gram(self, text: str, grams: Grams) -> dict[str, np.ndarray]:
        """Each query gram, and which documents hold a query word it was cut from."""
        held: dict[str, np.ndarray] = {}
        for word in re.findall(r"[^\W_]+(?:-[^\W_]+)*", text):
            mask = np.zeros(self.size, dtype=bool)
            for token in self.analyzer(word, mode="query"):
                mask[self.holding.get(token.text, [])] = True
            for gram in grams(word):
                held[gram] = held[gram] | mask if gram in held else mask
        return held


def base_runs(records: list[dict], tmp: Path) -> dict[str, dict]:
    """parlzoek's runs of both query sets without grams, every matching document kept."""
    from parlzoek.ranking.model import DEFAULT_RANKING

    topic_corpus = write_variant(records, tmp / "no-themes.jsonl", ["themes"])
    title_corpus = write_variant(records, tmp / "no-titles.jsonl", ["themes", "title"])
    homes = {"topics": parlzoek_build(topic_corpus, tmp / "t", "dutch")[0],
             "titles": parlzoek_build(title_corpus, tmp / "k", "dutch")[0]}  # fmt: skip
    queries = {"topics": read_queries("dev-topics"), "titles": read_queries("dev-titles")}
    without = DEFAULT_RANKING.with_grams(weight=0.0)
    return {name: parlzoek_run(homes[name], queries[name], "or", len(records), ranking=without)[0] for name in homes}


def measured(variant: tuple, records: list[dict], runs: dict[str, dict]) -> dict[str, float]:
    size, edges, fields, counts, weight, share, held_share = variant
    grams = gram_function(size, edges)
    position = {record["id"]: n for n, record in enumerate(records)}
    figures = {}
    for name, qrels, dropped in (("topics", "dev-topics", ()), ("titles", "dev-titles", ("title",))):
        field = GramField(
            [grams("\n\n".join(r.get(f) or "" for f in fields if f not in dropped)) for r in records], not counts
        )
        words = WordDocuments(["\n\n".join(r.get(f) or "" for f in TEXT if f not in dropped) for r in records])
        fused = {}
        for qid, text in read_queries(qrels):
            base, matched = np.zeros(len(records)), np.zeros(len(records), dtype=bool)
            for doc_id, score in runs[name].get(qid, []):
                base[position[doc_id]], matched[position[doc_id]] = score, True
            held = words.held_by_gram(text, grams)
            scores, count = field.bm25(held, held_share)
            found = matched | (count >= max(1, math.ceil(share * len(held))))
            total = np.where(found, base + weight * scores, 0.0)
            best = np.argsort(-total, kind="stable")[:100]
            fused[qid] = [(records[i]["id"], float(total[i])) for i in best if total[i] > 0]
        figures.update({f"{name} {k}": v for k, v in evaluate(fused, qrels).items()})
    return figures


def main() -> None:
    records = read_records()
    with tempfile.TemporaryDirectory() as name:
        runs = base_runs(records, Path(name))
    none = {"no grams (parlzoek's default otherwise)": (4, True, TQ, True, 0.0, 0.0, 1.0)}
    results = {label: measured(variant, records, runs) for label, variant in {**none, **VARIANTS}.items()}
    lines = ["# Character n-grams (offline, on parlzoek's runs without grams)", "",
             ", ".join(f"{k} {v}" for k, v in stamp().items()), "",
             "| variant | topic nDCG@10 | topic MAP | known-item MRR@10 |", "|---|---|---|---|"]  # fmt: skip
    lines += [f"| {label} | {f['topics nDCG@10']:.3f} | {f['topics AP']:.3f} | {f['titles RR@10']:.3f} |"
              for label, f in results.items()]  # fmt: skip
    write_results("grams", {"stamp": stamp(), "results": results}, "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
