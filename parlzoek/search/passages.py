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
from whoosh.highlight import ContextFragmenter, Formatter, WholeFragmenter, get_text, highlight
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


def hit_spans(text: str, terms: frozenset[str], analyzer) -> list[tuple[int, int, str]]:
    """(start, end, term) of every token in ``text`` that analyses to one of ``terms``."""
    if not terms or not text:
        return []
    return [span for span in term_spans(text, stem_function(analyzer)) if span[2] in terms]


class MarkFormatter(Formatter):
    """Whoosh formatter for snippets: text HTML-escaped (and free of control characters), hits in ``<mark>``."""

    between = " … "

    def _text(self, text: str) -> str:
        return html.escape(strip_controls(text), quote=False)

    def format_token(self, text: str, token, replace: bool = False) -> str:
        return f"<mark>{self._text(get_text(text, token, replace))}</mark>"


class _SpanTokens:
    """What Whoosh's highlighter asks of an analyzer (tokens with character offsets), served from
    ``term_spans`` so that snippets do not pay for the full chain a second time."""

    def __init__(self, stem) -> None:
        self.stem = stem

    def __call__(self, text: str, **_options) -> Iterator[Token]:
        token = Token(positions=False, chars=True, removestops=False, mode="query")
        for start, end, term in term_spans(text, self.stem):
            token.text, token.startchar, token.endchar, token.stopped, token.boost = term, start, end, False, 1.0
            yield token


def html_snippet(text: str, terms: frozenset[str], analyzer, matched: bool) -> str:
    """The passage, or fragments of it around the hits, as escaped HTML with ``<mark>`` hits."""
    if matched:
        fragmenter = WholeFragmenter() if len(text) <= SNIPPET_CHARS else ContextFragmenter(SNIPPET_CHARS, 80)
        tokens = _SpanTokens(stem_function(analyzer))
        snippet = highlight(text, terms, tokens, fragmenter, MarkFormatter(), top=3, mode="query")
        if snippet:
            return snippet
    head = text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    return html.escape(strip_controls(head), quote=False)


def _within(spans: list[tuple[int, int, str]], start: int, end: int) -> list[tuple[int, int, str]]:
    return [(s - start, e - start, t) for s, e, t in spans if s >= start and e <= end]


class _Marker:
    """The hits of one document, found once, then assigned to its passages by offset."""

    def __init__(self, document: Document, terms: frozenset[str], analyzer, with_snippets: bool) -> None:
        self.terms, self.analyzer, self.with_snippets = terms, analyzer, with_snippets
        self.q_spans = hit_spans(document.question, terms, analyzer)
        self.a_spans = hit_spans(document.answer or "", terms, analyzer)

    def spans(self, p: Passage) -> list[tuple[int, int, str]]:
        return _within(self.q_spans, p.question_start, p.question_end) + _within(
            self.a_spans, p.answer_start, p.answer_end
        )

    def rank(self, p: Passage) -> tuple[int, int, int]:
        spans = self.spans(p)
        return (-len({t for _, _, t in spans}), -len(spans), p.n)

    def hit(self, p: Passage) -> PassageHit:
        question_hits = tuple((s, e) for s, e, _ in _within(self.q_spans, p.question_start, p.question_end))
        answer_hits = tuple((s, e) for s, e, _ in _within(self.a_spans, p.answer_start, p.answer_end))
        matched = bool(question_hits or answer_hits)
        text = "\n\n".join(part for part in (p.question, p.answer) if part)
        snippet = html_snippet(text, self.terms, self.analyzer, matched) if self.with_snippets else ""
        return PassageHit(p.n, p.question, p.answer, question_hits, answer_hits, snippet)


def best_passages(
    document: Document, terms: frozenset[str], analyzer, limit: int, with_snippets: bool = True
) -> list[PassageHit]:
    """Up to ``limit`` passages holding hits, best first; the first passage when the hit is elsewhere."""
    marker = _Marker(document, terms, analyzer, with_snippets)
    ordered = sorted(document.passages, key=marker.rank)
    chosen = [p for p in ordered if marker.rank(p)[0] < 0][:limit] or ordered[:1]
    return [marker.hit(p) for p in chosen]


def mark_passages(document: Document, terms: frozenset[str], analyzer) -> list[PassageHit]:
    """Every passage in order, hits marked: for reading a whole document."""
    marker = _Marker(document, terms, analyzer, with_snippets=False)
    return [marker.hit(p) for p in document.passages]
