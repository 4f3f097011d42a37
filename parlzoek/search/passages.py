"""Pick each result's best passages and mark the hits in them, at search time.

The index holds whole documents; passages are chosen here from the stored text, by the query
terms each holds (distinct terms first, then occurrences), only for the results shown. Hits
are found with the index's own analyzer, so a query for ``maatwerkbedrijf`` marks
``maatwerkbedrijven``: both stem to the same term.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass

from whoosh.analysis import Token
from whoosh.highlight import (
    BasicFragmentScorer,
    ContextFragmenter,
    Formatter,
    WholeFragmenter,
    get_text,
    highlight,
)
from whoosh.query import AndMaybe, AndNot, Not

from parlzoek.corpus.models import Document, Passage
from parlzoek.indexer.analysis import stem_function, term_spans
from parlzoek.search.query import TEXT_FIELDS, RankingExtras
from parlzoek.textsafety import strip_controls

HIGHLIGHTED_FIELDS = frozenset({*TEXT_FIELDS, "body"})

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


def positive_terms(query, reader) -> frozenset[str]:
    """The stemmed text terms a query looks for (prefixes and fuzzy terms expanded), not those it
    excludes, nor the optional ranking extras (compound parts, word pairs) that only lift scores."""

    def leaves(node) -> Iterator:
        if isinstance(node, Not | RankingExtras):
            return
        if isinstance(node, AndNot | AndMaybe):
            yield from leaves(node.a)
        elif node.is_leaf():
            yield node
        else:
            for child in node.children():
                yield from leaves(child)

    terms: set[str] = set()
    for leaf in leaves(query):
        for fieldname, text in leaf.existing_terms(reader, phrases=True, expand=True):
            if fieldname in HIGHLIGHTED_FIELDS:
                terms.add(text.decode("utf-8") if isinstance(text, bytes) else text)
    return frozenset(terms)


class MarkFormatter(Formatter):
    """Whoosh formatter for snippets: text HTML-escaped (and free of control characters), hits in ``<mark>``."""

    between = " … "

    def _text(self, text: str) -> str:
        return html.escape(strip_controls(text), quote=False)

    def format_token(self, text: str, token, replace: bool = False) -> str:
        return f"<mark>{self._text(get_text(text, token, replace))}</mark>"


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


class _Marker:
    """The terms of one document, found once (only when the query has terms), then assigned to
    its passages by offset: the hits rank and mark the passages, all terms feed the snippets."""

    def __init__(self, document: Document, terms: frozenset[str], analyzer, with_snippets: bool) -> None:
        self.terms, self.with_snippets = terms, with_snippets
        stem = stem_function(analyzer)
        self.q_all = list(term_spans(document.question, stem)) if terms else []
        self.a_all = list(term_spans(document.answer or "", stem)) if terms else []
        self.q_hits = [span for span in self.q_all if span[2] in terms]
        self.a_hits = [span for span in self.a_all if span[2] in terms]

    def rank(self, p: Passage) -> tuple[int, int, int]:
        spans = _within(self.q_hits, p.question_start, p.question_end) + _within(
            self.a_hits, p.answer_start, p.answer_end
        )
        return (-len({t for _, _, t in spans}), -len(spans), p.n)

    def hit(self, p: Passage) -> PassageHit:
        question_hits = tuple((s, e) for s, e, _ in _within(self.q_hits, p.question_start, p.question_end))
        answer_hits = tuple((s, e) for s, e, _ in _within(self.a_hits, p.answer_start, p.answer_end))
        matched = bool(question_hits or answer_hits)
        snippet = self._snippet(p, matched) if self.with_snippets else ""
        return PassageHit(p.n, p.question, p.answer, question_hits, answer_hits, snippet)

    def _snippet(self, p: Passage, matched: bool) -> str:
        """Question and answer of the passage joined by a blank line, their terms shifted to match."""
        text = "\n\n".join(part for part in (p.question, p.answer) if part)
        answer_at = len(p.question) + 2 if p.question else 0
        spans = _within(self.q_all, p.question_start, p.question_end) + [
            (s + answer_at, e + answer_at, t) for s, e, t in _within(self.a_all, p.answer_start, p.answer_end)
        ]
        return html_snippet(text, self.terms, spans, matched)


def best_passages(
    document: Document, terms: frozenset[str], analyzer, limit: int, with_snippets: bool = True
) -> list[PassageHit]:
    """Up to ``limit`` passages holding hits, best first; the first passage when the hit is elsewhere."""
    marker = _Marker(document, terms, analyzer, with_snippets)
    ranked = sorted(((marker.rank(p), p) for p in document.passages), key=lambda pair: pair[0])
    chosen = [p for rank, p in ranked if rank[0] < 0][:limit] or [p for _, p in ranked[:1]]
    return [marker.hit(p) for p in chosen]


def mark_passages(document: Document, terms: frozenset[str], analyzer) -> list[PassageHit]:
    """Every passage in order, hits marked: for reading a whole document."""
    marker = _Marker(document, terms, analyzer, with_snippets=False)
    return [marker.hit(p) for p in document.passages]
