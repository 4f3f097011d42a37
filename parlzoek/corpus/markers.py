"""Find the numbering of sub-questions and answers (``1.``, ``2)``, ``1., 2. en 3.``, ``1 tot 3.``).

Numbers in parliamentary prose are everywhere (``nr. 97``, ``66,6 %``, ``2015-2017.``), so a
candidate only counts where a new item can start (start of text, line or sentence — Chamber
records glue them: ``…hoe?2. Zou…``) and only as part of a run 1, 2, 3, … .
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUM = r"(?<!\d)\d{1,2}"
_SEP = r"\s*(?:,|&|\ben\b|\btot\s+en\s+met\b|\btot\b|t\.e\.m\.?|-|–)\s*"
_MARKER = re.compile(rf"(?:\b(?:Ad|Vraag|Antwoord)\s+)?(?P<body>{_NUM}(?:[.)]?{_SEP}{_NUM})*)[.):](?![\d.])")
_RANGE_SEP = re.compile(r"tot|t\.e\.m|-|–")
_ITEM_CAN_START_AFTER = set("\n.?!:;")
_CLOSING_QUOTES = "\"'”’»)"


@dataclass(frozen=True, slots=True)
class Marker:
    """A numbering marker: the numbers it stands for and where it sits in the text."""

    numbers: tuple[int, ...]
    start: int
    end: int


def _numbers(body: str) -> tuple[int, ...]:
    values = [int(v) for v in re.findall(r"\d+", body)]
    if len(values) == 2 and _RANGE_SEP.search(body) and values[0] < values[1]:
        return tuple(range(values[0], values[1] + 1))
    return tuple(values)


def _can_start_item(text: str, start: int) -> bool:
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
        if numbers[0] != expected or list(numbers) != sorted(set(numbers)):
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
