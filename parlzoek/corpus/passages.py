"""Cut a question and its answer into passages: sub-question k with answer k.

Pairing is by number when both sides are numbered (or the question is, and there is no
answer). The preamble before the first sub-question, and any introduction before the first
numbered answer, belong to passage 1. A combined answer (``1 en 2.``) serves each of its
sub-questions. Where numbering cannot be paired, passage 1 holds the whole question with the
first answer paragraph and every later paragraph is a passage of its own: text is never lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from parlzoek.corpus.markers import Marker, find_markers
from parlzoek.corpus.models import Passage

# A paragraph boundary: a blank line, or a sentence glued to the next (``…uitgevoerd.In uw…``)
# as the Chamber's records have them.
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|(?<=[^\W\d_]{2}[.?!])(?=[A-Z][a-z])")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int

    def trimmed(self, text: str) -> Span:
        start, end = self.start, self.end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return Span(start, end)


EMPTY = Span(0, 0)


def _numbered_items(text: str, markers: list[Marker]) -> dict[int, Span]:
    """Number → span of that item's text, without its marker; item 1 also takes the preamble."""
    items: dict[int, Span] = {}
    for i, marker in enumerate(markers):
        end = markers[i + 1].start if i + 1 < len(markers) else len(text)
        start = 0 if i == 0 else marker.end
        if i == 0 and not text[: marker.start].strip():
            start = marker.end
        for number in marker.numbers:
            items[number] = Span(start, end).trimmed(text)
    return items


def _paragraphs(text: str) -> list[Span]:
    boundaries = [0]
    for match in _PARAGRAPH_BREAK.finditer(text):
        boundaries.append(match.start())
    boundaries.append(len(text))
    spans = [Span(a, b).trimmed(text) for a, b in pairwise(boundaries)]
    return [span for span in spans if span.end > span.start]


def _paired(question: str, answer: str) -> list[tuple[int, Span, Span]] | None:
    q_markers = find_markers(question)
    a_markers = find_markers(answer)
    if not q_markers or (answer.strip() and not a_markers):
        return None
    q_items = _numbered_items(question, q_markers)
    a_items = _numbered_items(answer, a_markers)
    numbers = sorted({*q_items, *a_items})
    return [(n, q_items.get(n, EMPTY), a_items.get(n, EMPTY)) for n in numbers]


def _by_paragraph(question: str, answer: str) -> list[tuple[int, Span, Span]]:
    whole_question = Span(0, len(question)).trimmed(question)
    answer_paragraphs = _paragraphs(answer)
    if not answer_paragraphs:
        pairs = [(span, EMPTY) for span in _paragraphs(question)] or [(whole_question, EMPTY)]
    else:
        first, *rest = answer_paragraphs
        pairs = [(whole_question, first)] + [(EMPTY, span) for span in rest]
    return [(n, q, a) for n, (q, a) in enumerate(pairs, start=1)]


def split_passages(doc_id: str, question: str, answer: str | None) -> tuple[Passage, ...]:
    """The passages of one document, numbered from 1.

    >>> [(p.n, p.question, p.answer) for p in split_passages("d", "Vraag. 1. Wie?2. Wat?", "1. Ik. 2. Idem.")]
    [(1, 'Vraag. 1. Wie?', 'Ik.'), (2, 'Wat?', 'Idem.')]
    """
    answer = answer or ""
    pairs = _paired(question, answer) or _by_paragraph(question, answer)
    return tuple(
        Passage(
            doc_id=doc_id,
            n=n,
            question=question[q.start : q.end],
            answer=answer[a.start : a.end],
            question_start=q.start,
            question_end=q.end,
            answer_start=a.start,
            answer_end=a.end,
        )
        for n, q, a in pairs
    )
