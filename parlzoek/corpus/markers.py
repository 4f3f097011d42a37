"""Find the numbering of sub-questions and answers (``1.``, ``2)``, ``1., 2. en 3.``, ``1 tot 3.``).

Numbers in parliamentary prose are everywhere (``nr. 97``, ``66,6 %``, ``2015-2017.``), so a
candidate only counts where a new item can start (start of text, line or sentence — Chamber
records glue them: ``…hoe?2. Zou…``) and only as part of a run 1, 2, 3, … .
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUM = r"(?<!\d)\d{1,2}"
_SEP = r"\s*(?:,|&|\ben\b|\btot\s+en\s+met\b|\btot\b|t\.e\.m\.?|-|–|\ba\b|à)\s*"
_SUB_LETTER = r"(?:\s*[a-z]\))?"  # "3. b), 3. c) en 4." names parts of items inside a combined marker
_MARKER = re.compile(
    rf"(?:\b(?:Ad|Vraag|Antwoord)\s+)?(?P<body>{_NUM}(?:[.)]?{_SUB_LETTER}{_SEP}{_NUM})*)[.):](?![\d.])"
)
_RANGE_SEP = re.compile(r"tot|t\.e\.m|-|–|\ba\b|à")
_ITEM_CAN_START_AFTER = set("\n.?!:;")
_CLOSING_QUOTES = "\"'”’»)"


@dataclass(frozen=True, slots=True)
class Marker:
    """A numbering marker: the numbers it stands for and where it sits in the text."""

    numbers: tuple[int, ...]
    start: int
    end: int


def _numbers(body: str) -> tuple[int, ...] | None:
    """The item numbers a marker stands for; ``None`` when they do not ascend (not a marker)."""
    parts = re.split(r"(\d+)", body)  # ['', '1', ' en ', '4', ' a ', '6', '']
    values, separators = [int(v) for v in parts[1::2]], parts[2:-1:2]
    if values != sorted(values):
        return None
    numbers = values[:1]
    for separator, value in zip(separators, values[1:], strict=True):
        is_range = _RANGE_SEP.search(re.sub(r"[a-z]\)", "", separator))  # "1. a), 3." is no range
        start = numbers[-1] + 1 if is_range else value
        numbers.extend(range(start, value + 1))
    return tuple(dict.fromkeys(numbers))


def _can_start_item(text: str, start: int) -> bool:
    if start and text[start - 1] == ")":
        return True  # glued after a closing parenthesis, as Chamber records have it: "…9ter)5. Op…"
    before = text[:start].rstrip(" \t").rstrip(_CLOSING_QUOTES)
    return not before or before[-1] in _ITEM_CAN_START_AFTER


def find_markers(text: str) -> list[Marker]:
    """The markers of the numbered run 1, 2, 3, … in ``text``; empty when there is no such run of two or more.

    >>> [m.numbers for m in find_markers("Inleiding. 1. Hoeveel?2. Waarom in 2016. Zie nr. 97.")]
    [(1,), (2,)]
    """
    expected, found = 1, []
    for match in _MARKER.finditer(text):
        numbers = _numbers(match.group("body"))
        if not numbers or numbers[0] != expected:
            continue
        if not _can_start_item(text, match.start()):
            continue
        found.append(Marker(numbers, match.start(), match.end()))
        expected = numbers[-1] + 1
    return found if expected > 2 else []


def starts_with_marker(line: str) -> bool:
    """Whether a line opens a numbered item, so that unwrapping starts a new paragraph there."""
    match = _MARKER.match(line)
    return bool(match) and line[match.end() : match.end() + 1] in ("", " ", "\t")


def marker_at_line_start(text: str, n: int) -> Marker | None:
    """The first marker of item ``n`` that opens a line (where a preamble puts passage 1's own
    marker, or the start of the text, where a lone item ``1.`` keeps it: one marker is no run, so
    the splitter leaves it in), or ``None``.

    >>> marker_at_line_start("Inleiding met nr. 1.\\nen meer.\\n\\n1. Hoeveel?", 1)
    Marker(numbers=(1,), start=31, end=33)
    >>> marker_at_line_start("1. Hoeveel ton afval?", 1)
    Marker(numbers=(1,), start=0, end=2)
    """
    for match in _MARKER.finditer(text):
        numbers = _numbers(match.group("body"))
        if numbers and numbers[0] == n and (match.start() == 0 or text[match.start() - 1] == "\n"):
            return Marker(numbers, match.start(), match.end())
    return None
