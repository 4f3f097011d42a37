"""BM25F as Whoosh computes it, except for the IDF of the character grams.

Whoosh's IDF, ``log(N / (df + 1)) + 1``, never falls below 1: a gram that half of the documents
hold (``_ver``, ``ing_``) still weighs 1.7, a fifth of what the rarest weigh at 2,000 documents.
A word query has a few terms, but its grams are some thirty, most of them common, and their
floor adds up for every document. For the ``grams`` field the IDF is BM25's own,
``log(1 + (N - df + 0.5) / (df + 0.5))``, which goes to 0 for a gram every document holds. The
words keep Whoosh's: BM25's changes their ranking too little to matter (``docs/ranking.md``).
"""

from __future__ import annotations

import math

from whoosh import scoring


class SearchWeighting(scoring.BM25F):
    """Whoosh's ``BM25F`` with BM25's probabilistic IDF for ``probabilistic_idf_fields`` (the
    ranking's, ``Ranking.probabilistic_idf_fields``)."""

    def __init__(self, probabilistic_idf_fields: frozenset[str] = frozenset(), **bm25_options) -> None:
        super().__init__(**bm25_options)
        self.probabilistic_idf_fields = probabilistic_idf_fields

    def idf(self, searcher, fieldname, text):
        if fieldname not in self.probabilistic_idf_fields:
            return super().idf(searcher, fieldname, text)
        found, total = searcher.doc_frequency(fieldname, text), searcher.doc_count_all()
        return math.log(1 + (total - found + 0.5) / (found + 0.5))
