"""A passage's question and answer as a result shows them: each cut to a window around its first
hit, without the passage's own number where a preamble put it mid-text (the label carries it).
The terminal and the web page mark the same windows, each in its own markup."""

from __future__ import annotations

from typing import NamedTuple

from parlzoek.corpus.markers import marker_at_line_start

EXCERPT_CHARS = 360

Spans = tuple[tuple[int, int], ...]


class Excerpt(NamedTuple):
    """A part of a passage to show: its label (``V:``, ``A:``), its text and hits, and whether
    text was cut before or after it (say so with "…")."""

    label: str
    text: str
    spans: Spans
    cut_before: bool = False
    cut_after: bool = False


def excerpt(text: str, spans: Spans, max_chars: int = EXCERPT_CHARS) -> tuple[str, Spans, bool, bool]:
    """A window of ``text`` around its first hit, with the spans moved into it."""
    if len(text) <= max_chars:
        return text, spans, False, False
    first = spans[0][0] if spans else 0
    start = max(0, min(first - max_chars // 4, len(text) - max_chars))
    start = text.rfind(" ", 0, start) + 1 if start else 0
    end = min(len(text), start + max_chars)
    end = text.rfind(" ", start, end) if end < len(text) and " " in text[start:end] else end
    moved = tuple((s - start, e - start) for s, e in spans if s >= start and e <= end)
    return text[start:end], moved, start > 0, end < len(text)


def without_own_marker(text: str, spans: Spans, n: int) -> tuple[str, Spans]:
    """A passage's question or answer without its own marker where a preamble puts it mid-text (passage 1:
    ``Inleiding. 1. Hoeveel?`` over two paragraphs): the label ``1. V:`` carries it; spans moved to match.

    >>> without_own_marker("Inleiding.\\n\\n1. Hoeveel?\\n\\n2. Niet hier.", ((15, 22),), 1)
    ('Inleiding.\\n\\nHoeveel?\\n\\n2. Niet hier.', ((12, 19),))
    """
    own = marker_at_line_start(text, n)
    if own is None:
        return text, spans
    end = own.end + (1 if text[own.end : own.end + 1] == " " else 0)
    cut = end - own.start
    moved = tuple((s, e) if e <= own.start else (s - cut, e - cut) for s, e in spans if e <= own.start or s >= end)
    return text[: own.start] + text[end:], moved


def passage_excerpts(passage, shorten: bool = True) -> list[Excerpt]:
    """A passage's question and answer (``search.passages.PassageHit``), those with text, each as
    shown: the first carries the passage's number (``1. V:``), so an answer without a question
    part still says which sub-question it is."""
    parts = []
    for label, whole, hits in (("V:", passage.question, passage.question_hits),
                               ("A:", passage.answer, passage.answer_hits)):  # fmt: skip
        if not (whole and whole.strip()):
            continue
        text, spans = without_own_marker(whole, hits, passage.n)
        shown = excerpt(text, spans) if shorten else (text, spans, False, False)
        parts.append(Excerpt(f"{passage.n}. {label}" if not parts else label, *shown))
    return parts
