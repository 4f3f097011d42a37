"""Pick each result's best passages and mark the hits in them, at search time.

The index holds whole documents; passages are chosen here from the stored text, by the query's
own words each holds (distinct words first, then occurrences), then by what the ranking's extras
found there (``marks``), only for the results shown. Hits are found with the index's own
analyzer, so a query for ``maatwerkbedrijf`` marks ``maatwerkbedrijven``: both stem to the same
term.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass

from whoosh.analysis import Token
from whoosh.highlight import (
    BasicFragmentScorer,
    ContextFragmenter,
    WholeFragmenter,
    highlight,
)

from parlzoek.corpus.models import Passage
from parlzoek.engine.snippet_formatter import MarkFormatter
from parlzoek.search.marks import OWN, MarkedDocument
from parlzoek.textsafety import strip_controls

Span = tuple[int, int]
SNIPPET_CHARS = 400


@dataclass(frozen=True, slots=True)
class PassageHit:
    """A passage as shown for a result: its text, where the hits are, and an HTML snippet."""

    n: int
    question: str
    answer: str
    question_hits: tuple[Span, ...]
    answer_hits: tuple[Span, ...]
    snippet: str

    @property
    def matched(self) -> bool:
        return bool(self.question_hits or self.answer_hits)


class EarliestOnTies(BasicFragmentScorer):
    """Whoosh's fragment score, with ties going to the earlier fragment: Whoosh itself breaks them
    by the fragments' memory addresses, so the same passage could get another snippet each run.
    Scores are multiples of 100 (hits × distinct terms × 100); the bonus stays below 1."""

    def __call__(self, fragment) -> float:
        return super().__call__(fragment) + 1 / (2 + fragment.startchar)


class _SpanTokens:
    """What Whoosh's highlighter asks of an analyzer (tokens with character offsets), served from
    spans already found, so that a snippet costs no second analysis of its text."""

    def __init__(self, spans: list[tuple[int, int, str]]) -> None:
        self.spans = spans

    def __call__(self, _text: str, **_options) -> Iterator[Token]:
        token = Token(positions=False, chars=True, removestops=False, mode="query")
        for start, end, term in self.spans:
            token.text, token.startchar, token.endchar, token.stopped, token.boost = term, start, end, False, 1.0
            yield token


def html_snippet(text: str, terms: frozenset[str], spans: list[tuple[int, int, str]], matched: bool) -> str:
    """The passage, or fragments of it around the hits, as escaped HTML with ``<mark>`` hits.

    ``spans`` are all the terms of ``text`` (as ``term_spans`` gives them), hits or not: Whoosh's
    fragmenter takes its context from the words around the hits."""
    if matched:
        fragmenter = WholeFragmenter() if len(text) <= SNIPPET_CHARS else ContextFragmenter(SNIPPET_CHARS, 80)
        tokens = _SpanTokens(spans)
        snippet = highlight(text, terms, tokens, fragmenter, MarkFormatter(), top=3, scorer=EarliestOnTies())
        if snippet:
            return snippet
    head = text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    return html.escape(strip_controls(head), quote=False)


def _within(spans: list[tuple[int, int, str]], start: int, end: int) -> list[tuple[int, int, str]]:
    return [(s - start, e - start, t) for s, e, t in spans if s >= start and e <= end]


MARKED = "\x00marked"  # the term a snippet gives a marked span: only those are highlighted


class _Marker:
    """The terms of one document, found once (only when the query has words), then assigned to its
    passages by offset: the marks (``marks.marked_spans``) rank and mark the passages, all terms
    feed the snippets."""

    def __init__(self, marked: MarkedDocument, with_snippets: bool) -> None:
        self.with_snippets = with_snippets
        self.q_all, self.a_all = marked.spans["question"], marked.spans["answer"]
        self.q_hits = _named(marked.marked["question"], self.q_all)
        self.a_hits = _named(marked.marked["answer"], self.a_all)

    def rank(self, p: Passage) -> tuple[int, int, int, int, int]:
        """The query's own words first (distinct ones, then all), then what the extras found."""
        spans = _within(self.q_hits, p.question_start, p.question_end) + _within(
            self.a_hits, p.answer_start, p.answer_end
        )
        own = [term for _, _, (origin, term) in spans if origin == OWN]
        extra = {term for _, _, (origin, term) in spans if origin != OWN}
        return (-len(set(own)), -len(own), -len(extra), -len(spans), p.n)

    def hit(self, p: Passage) -> PassageHit:
        question_hits = tuple((s, e) for s, e, _ in _within(self.q_hits, p.question_start, p.question_end))
        answer_hits = tuple((s, e) for s, e, _ in _within(self.a_hits, p.answer_start, p.answer_end))
        matched = bool(question_hits or answer_hits)
        snippet = self._snippet(p, matched, question_hits, answer_hits) if self.with_snippets else ""
        return PassageHit(p.n, p.question, p.answer, question_hits, answer_hits, snippet)

    def _snippet(self, p: Passage, matched: bool, question_hits, answer_hits) -> str:
        """Question and answer of the passage joined by a blank line, their terms shifted to match."""
        text = "\n\n".join(part for part in (p.question, p.answer) if part)
        answer_at = len(p.question) + 2 if p.question else 0
        marked = set(question_hits) | {(s + answer_at, e + answer_at) for s, e in answer_hits}
        spans = _within(self.q_all, p.question_start, p.question_end) + [
            (s + answer_at, e + answer_at, t) for s, e, t in _within(self.a_all, p.answer_start, p.answer_end)
        ]
        spans = [(s, e, MARKED if (s, e) in marked else t) for s, e, t in spans]
        return html_snippet(text, frozenset({MARKED}), spans, matched)


def _named(marked: list[tuple[int, int, int]], spans: list[tuple[int, int, str]]) -> list[tuple[int, int, tuple]]:
    """Marked spans with (origin, term): a passage's distinct terms are counted by the term."""
    terms = {start: term for start, _, term in spans}
    return [(start, end, (origin, terms.get(start, ""))) for start, end, origin in marked]


def best_passages(marked: MarkedDocument, limit: int, with_snippets: bool = True) -> list[PassageHit]:
    """Up to ``limit`` passages holding marks, best first; the first passage when the hit is elsewhere."""
    marker = _Marker(marked, with_snippets)
    ranked = sorted(((marker.rank(p), p) for p in marked.document.passages), key=lambda pair: pair[0])
    chosen = [p for rank, p in ranked if rank[3] < 0][:limit] or [p for _, p in ranked[:1]]
    return [marker.hit(p) for p in chosen]


def mark_passages(marked: MarkedDocument) -> list[PassageHit]:
    """Every passage in order, hits marked: for reading a whole document."""
    marker = _Marker(marked, with_snippets=False)
    return [marker.hit(p) for p in marked.document.passages]
