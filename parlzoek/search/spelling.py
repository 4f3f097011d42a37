"""Spelling suggestions from a field's words, as Whoosh's ``ReaderCorrector`` makes them, faster.

Whoosh finds the words within an edit distance of a misspelt word by computing the distance, in
Python, to every word of the field: a second or more per word on a parliament's vocabulary, for
each query that asks "did you mean". Here the words are held once per open index, grouped by
length: only words whose length is within the distance can be near (each edit changes the length
by one at most), and their distances are computed together, one column of letters at a time.
The words found and their scores are exactly ``ReaderCorrector``'s.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from whoosh.spelling import Corrector


@dataclass(frozen=True, slots=True)
class _SameLength:
    words: list[str]
    letters: np.ndarray  # (length, words): the code point of each word's i-th letter in row i


def _grouped(words: list[str]) -> dict[int, _SameLength]:
    by_length: dict[int, list[str]] = defaultdict(list)
    for word in words:
        by_length[len(word)].append(word)
    return {
        length: _SameLength(group, np.array([[ord(c) for c in word] for word in group], dtype=np.int32).T.copy())
        for length, group in by_length.items()
    }


def within_distance(letters: np.ndarray, text: str, maxdist: int) -> np.ndarray:
    """For each column of ``letters`` (a word of the same length, one letter per row), whether its
    Damerau-Levenshtein distance to ``text`` (adjacent transpositions count one, no substring
    edited twice: Whoosh's ``damerau_levenshtein``) is at most ``maxdist``.

    Distances are capped at ``maxdist + 1``: every step of the recurrence is a minimum of sums of
    non-negative costs, so the capped table gives the capped distance, and a cell more than
    ``maxdist`` off the diagonal (at least that many insertions or deletions) is the cap."""
    length, count = letters.shape
    target = [ord(c) for c in text]
    cap = maxdist + 1
    previous2 = None
    previous = np.minimum(np.arange(len(target) + 1, dtype=np.int32), cap)[:, None].repeat(count, axis=1)
    for i in range(1, length + 1):
        row = np.full_like(previous, cap)
        row[0] = min(i, cap)
        own = letters[i - 1]
        for j in range(max(1, i - maxdist), min(len(target), i + maxdist) + 1):
            differs = own != target[j - 1]
            best = np.minimum(previous[j] + 1, row[j - 1] + 1)
            np.minimum(best, previous[j - 1] + differs, out=best)
            if i > 1 and j > 1:
                swapped = differs & (own == target[j - 2]) & (letters[i - 2] == target[j - 1])
                np.minimum(best, np.where(swapped, previous2[j - 2] + 1, cap), out=best)
            np.minimum(best, cap, out=row[j])
        previous2, previous = previous, row
    return previous[len(target)] <= maxdist


class LexiconCorrector(Corrector):
    """``ReaderCorrector(reader, fieldname)``'s suggestions: the words of the field's spelling
    field within ``maxdist`` of the text, scored by Whoosh's formula. The reader's words are read
    once, on the first suggestion; the reader must not change (a searcher's does not)."""

    def __init__(self, reader, fieldname: str) -> None:
        self.reader, self.fieldname = reader, fieldname
        self._groups: dict[int, _SameLength] | None = None

    def _words(self) -> dict[int, _SameLength]:
        if self._groups is None:
            field = self.reader.schema[self.fieldname]
            spelled = field.spelling_fieldname(self.fieldname)
            decode = self.reader.schema[spelled].from_bytes
            self._groups = _grouped([decode(term) for term in self.reader.lexicon(spelled)])
        return self._groups

    def _suggestions(self, text, maxdist, prefix):
        groups, start = self._words(), text[:prefix]
        for length in range(max(0, len(text) - maxdist), len(text) + maxdist + 1):
            group = groups.get(length)
            if group is None:
                continue
            for n in np.flatnonzero(within_distance(group.letters, text, maxdist)):
                word = group.words[n]
                if word.startswith(start):
                    frequency = self.reader.frequency(self.fieldname, word) or 1
                    yield 0 - (maxdist + (1.0 / frequency * 0.5)), word
