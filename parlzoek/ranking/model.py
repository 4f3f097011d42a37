"""How parlzoek ranks, as one value: field weights, the extras, the grams, the IDF rule, feedback.

A ``Ranking`` is passed to the search service (``SearchEngine(home, ranking=...)``), which hands
its parts to the parser (field weights), the extras (``ranking.extras``), the weighting (the IDF
rule) and feedback. Nothing reads a ranking from a module global, so a benchmark or a test
builds a variant (``DEFAULT_RANKING.with_grams(weight=0.0)``) instead of patching one, and two
rankings can be searched side by side in one process. The defaults were measured on the
Chamber dev data (``bench/relevance.py``, ``docs/ranking.md``), never per query.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

DEFAULT_FIELD_WEIGHTS = {"body": 1.0, "title": 0.5, "question": 0.2, "parts": 0.3, "meta": 0.5}


@dataclass(frozen=True)
class GramSettings:
    """The character 4-grams of the query's words (``analysis.grams``, ``ranking.held_grams``)."""

    weight: float = 0.4  # each gram of the query's words in a document's title and question
    held_share: float = 0.5  # times this where the document holds the word the gram was cut from
    share: float = 0.5  # of the query's grams, what a document found by its grams alone must hold
    common: float = 0.2  # a gram in more than this share of the documents is left out of a query,
    costly: int = 1_000  # where that share is more documents than this (fewer cost nothing to read)

    def needed(self, count: int) -> int:
        """How many of a query's ``count`` grams a document found by its grams alone must hold."""
        return max(1, math.ceil(self.share * count))


@dataclass(frozen=True)
class FeedbackSettings:
    """Pseudo-relevance feedback (``ranking.feedback``): off unless a ranking carries these."""

    documents: int = 10  # the first-pass top documents the words are drawn from
    terms: int = 10  # the strongest words added
    weight: float = 0.3  # an added word's weight at most, relative to a query word
    max_document_share: float = 0.2  # words in more of all documents carry no signal


@dataclass(frozen=True)
class Ranking:
    """Everything that decides a score; the default is ``DEFAULT_RANKING``.

    ``field_weights``: a query word's matches per field, relative to the whole text (``body``);
    the parser searches exactly these fields. ``query_part_weight``: a part of a compound in the
    query (``fraude`` of ``belastingfraude``); ``pair_weight``: two query words next to each
    other in the text; ``abbreviation_weight``: an abbreviation's full form or the reverse; a
    weight of 0 leaves that extra out. ``probabilistic_idf_fields``: fields scored with BM25's
    IDF instead of Whoosh's (``ranking.weighting``). ``feedback``: ``None`` for none.
    """

    field_weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_FIELD_WEIGHTS))
    query_part_weight: float = 0.2
    pair_weight: float = 0.1
    abbreviation_weight: float = 0.5
    grams: GramSettings = GramSettings()
    probabilistic_idf_fields: frozenset[str] = frozenset({"grams"})
    feedback: FeedbackSettings | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "field_weights", MappingProxyType(dict(self.field_weights)))
        object.__setattr__(self, "probabilistic_idf_fields", frozenset(self.probabilistic_idf_fields))

    def __getstate__(self) -> dict:
        """Picklable (a batch's worker processes get their ranking so): the weights as a plain dict."""
        return {**self.__dict__, "field_weights": dict(self.field_weights)}

    def __setstate__(self, state: dict) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        self.__post_init__()

    def with_grams(self, **changes: float) -> Ranking:
        """This ranking with some gram settings changed (``weight=0.0`` turns the grams off)."""
        return replace(self, grams=replace(self.grams, **changes))

    def with_feedback(self, settings: FeedbackSettings | None = None) -> Ranking:
        """This ranking with pseudo-relevance feedback (``--expand``), by default its default settings."""
        return replace(self, feedback=settings or FeedbackSettings())


DEFAULT_RANKING = Ranking()
