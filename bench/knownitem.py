"""Known-item ranking ideas tried offline (issue 4), each against the same base, in one run.

    python bench/knownitem.py        # writes bench/results/knownitem.{md,json}

The Chamber dev documents without their titles; the 1,947 titles as queries (one relevant
document each); every field turned into stems by parlzoek's own analyzer. Each variant scores
all documents for every query with numpy and is measured by MRR@10 (ties: document order). The
base, BM25 over question and answer with the question's own BM25 added at 0.3, is parlzoek's
ranking without its extras (compound parts, word pairs, abbreviations), which add about 0.01.
None of the variants beat it by that much; docs/ranking.md says what was kept.
"""

from __future__ import annotations

import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DEKAMER, read_queries, read_records, stamp, write_results

Postings = dict[str, dict[int, int]]
Scorer = Callable[[list[str], list[str]], np.ndarray]  # (query stems, query words) -> scores


class Field:
    """A field's postings and lengths, and BM25 over them."""

    def __init__(self, docs: list[list[str]]) -> None:
        self.postings: Postings = defaultdict(dict)
        for docnum, terms in enumerate(docs):
            for term, count in Counter(terms).items():
                self.postings[term][docnum] = count
        self.lengths = np.array([len(terms) for terms in docs], dtype=float)
        self.size = len(docs)

    def idf(self, term: str) -> float:
        n = len(self.postings.get(term, ()))
        return math.log(1 + (self.size - n + 0.5) / (n + 0.5))

    def tf(self, term: str) -> np.ndarray:
        found = np.zeros(self.size)
        hits = self.postings.get(term, {})
        found[list(hits)] = list(hits.values())
        return found

    def bm25(self, terms: list[str], k1: float = 1.2, b: float = 0.75, idf_power: float = 1.0) -> np.ndarray:
        norm = k1 * (1 - b + b * self.lengths / self.lengths.mean())
        scores = np.zeros(self.size)
        for term in terms:
            if term in self.postings:
                tf = self.tf(term)
                scores += self.idf(term) ** idf_power * tf * (k1 + 1) / (tf + norm)
        return scores


def load():
    from whoosh.support.charset import accent_map

    from parlzoek.analysis.dutch import STOP_WORDS, dutch_analyzer

    analyzer = dutch_analyzer()

    def stems(text, mode="index"):
        return [token.text for token in analyzer(text or "", mode=mode)]

    def words(text):
        return [w for w in re.findall(r"\w+", (text or "").lower().translate(accent_map)) if w not in STOP_WORDS]

    records = read_records()
    fields = {
        "question": [stems(r["question"]) for r in records],
        "answer": [stems(r["answer"]) for r in records],
        "question words": [words(r["question"]) for r in records],
        "answer words": [words(r["answer"]) for r in records],
    }
    sentences, owner = [], []
    for docnum, record in enumerate(records):
        for sentence in re.split(r"(?<=[.?!])\s*|\s(?=\d+\.\s)", record["question"] or ""):
            if found := stems(sentence):
                sentences.append(found)
                owner.append(docnum)
    position = {r["id"]: n for n, r in enumerate(records)}
    relevant = {}
    for line in (DEKAMER / "dev-titles.qrels").read_text(encoding="utf-8").splitlines():
        qid, _, doc_id, _ = line.split()
        relevant[qid] = position[doc_id]
    queries = [(qid, stems(text, "query"), words(text)) for qid, text in read_queries("dev-titles")]
    return fields, (sentences, np.array(owner)), queries, relevant


def mrr(scorer: Scorer, queries, relevant) -> float:
    total = 0.0
    for qid, terms, words in queries:
        scores, target = scorer(terms, words), relevant[qid]
        better = int(np.sum(scores > scores[target]) + np.sum(scores[:target] == scores[target]))
        if scores[target] > 0 and better < 10:
            total += 1 / (better + 1)
    return total / len(queries)


def variants(fields, sentence_data) -> dict[str, Scorer]:
    body = Field([q + a for q, a in zip(fields["question"], fields["answer"], strict=True)])
    question, answer = Field(fields["question"]), Field(fields["answer"])
    words = Field([q + a for q, a in zip(fields["question words"], fields["answer words"], strict=True)])
    sentences, owner = Field(sentence_data[0]), sentence_data[1]

    def base(terms, _words):
        return body.bm25(terms) + 0.3 * question.bm25(terms)

    def best_sentence(terms):
        best = np.zeros(body.size)
        np.maximum.at(best, owner, sentences.bm25(terms))
        return best

    found: dict[str, Scorer] = {
        "BM25, question and answer as one field": lambda t, w: body.bm25(t),
        "base: + the question's own BM25 at 0.3": base,
    }
    for mu in (100, 300, 1000, 2000):
        found[f"query likelihood, Dirichlet μ={mu}"] = _dirichlet(body, mu)
    for weight in (1.5, 2.0, 3.0):
        found[f"BM25F, question tf ×{weight}"] = _bm25f(question, answer, body, weight)
    for weight in (0.2, 0.5):
        found[f"base + unstemmed words at {weight}"] = lambda t, w, x=weight: base(t, w) + x * words.bm25(w)
    for power in (1.25, 1.5, 2.0):
        found[f"base with idf^{power}"] = lambda t, w, p=power: body.bm25(t, idf_power=p) + 0.3 * question.bm25(
            t, idf_power=p)  # fmt: skip
    for weight in (0.1, 0.3):
        found[f"base + best question sentence at {weight}"] = lambda t, w, x=weight: base(t, w) + x * best_sentence(t)
    found["base + LSA (300 dimensions) fused into the top 100"] = _lsa(body, base)
    return found


def _dirichlet(body: Field, mu: float) -> Scorer:
    total = body.lengths.sum()
    counts = {term: sum(hits.values()) for term, hits in body.postings.items()}

    def score(terms, _words):
        scores, matched = np.zeros(body.size), np.zeros(body.size, dtype=bool)
        for term in terms:
            if term in body.postings:
                tf = body.tf(term)
                matched |= tf > 0
                scores += np.log((tf + mu * counts[term] / total) / (body.lengths + mu))
        return np.where(matched, scores - scores.min() + 1e-9, 0.0)

    return score


def _bm25f(question: Field, answer: Field, body: Field, weight: float, *, k1: float = 1.2, b: float = 0.75) -> Scorer:
    norms = [1 - b + b * f.lengths / f.lengths.mean() for f in (question, answer)]

    def score(terms, _words):
        scores = np.zeros(body.size)
        for term in terms:
            if term in body.postings:
                tf = weight * question.tf(term) / norms[0] + answer.tf(term) / norms[1]
                scores += body.idf(term) * tf * (k1 + 1) / (tf + k1)
        return scores

    return score


def _lsa(body: Field, base: Scorer, dimensions: int = 300, weight: float = 0.5) -> Scorer:
    vocabulary = [term for term, hits in body.postings.items() if len(hits) >= 2]
    column = {term: n for n, term in enumerate(vocabulary)}
    matrix = np.zeros((body.size, len(vocabulary)), dtype=np.float32)
    for term in vocabulary:
        for docnum, count in body.postings[term].items():
            matrix[docnum, column[term]] = (1 + math.log(count)) * body.idf(term)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True) + 1e-9
    values, vectors = np.linalg.eigh(matrix @ matrix.T)
    top = np.argsort(values)[::-1][:dimensions]
    strength = np.sqrt(np.maximum(values[top], 1e-9))
    terms_space = (matrix.T @ vectors[:, top]) / strength
    documents = vectors[:, top] * strength
    documents /= np.linalg.norm(documents, axis=1, keepdims=True) + 1e-9

    def score(terms, words):
        scores = base(terms, words)
        query = np.zeros(len(vocabulary), dtype=np.float32)
        for term in terms:
            if term in column:
                query[column[term]] += body.idf(term)
        folded = query @ terms_space
        folded /= np.linalg.norm(folded) + 1e-9
        best = np.argsort(-scores)[:100]
        fused = np.zeros(body.size)
        fused[best] = scores[best] + weight * (documents[best] @ folded) * scores.max() / 10
        return fused

    return score


def main() -> None:
    fields, sentences, queries, relevant = load()
    results = {name: mrr(scorer, queries, relevant) for name, scorer in variants(fields, sentences).items()}
    lines = ["# Known-item ranking ideas (offline)", "", ", ".join(f"{k} {v}" for k, v in stamp().items()), "",
             "| variant | known-item MRR@10 |", "|---|---|"]  # fmt: skip
    lines += [f"| {name} | {value:.4f} |" for name, value in results.items()]
    write_results("knownitem", {"stamp": stamp(), "mrr@10": results}, "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
