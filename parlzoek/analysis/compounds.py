"""Split Dutch compounds into known words: ``belastingfraude`` → ``belasting``, ``fraude``.

Dutch writes compounds as one word, so a document about ``accijnstarieven`` never says
``accijns`` on its own. The parts go into a lower-weighted field (and a query's own compounds
add their parts as optional terms), so both ``accijns`` and ``tarieven`` reach it while the
whole word still counts most. Parts come from the OpenTaal word list (see
``tools/make_wordlist.py``), not from any corpus: the split holds for documents not yet seen.

A split must leave two known words of at least four letters each, possibly joined by a linking
``s`` or ``en`` (``arbeid-s-markt``); of several splits the most balanced wins
(``maatwerk|bedrijven``, not ``maat|werkbedrijven``), and long parts are split again. Words
shorter than nine letters are left whole: among them false splits (``mini|ster``) outnumber
real ones.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
from importlib.resources import files

MIN_WORD = 9
MIN_PART = 4
RESPLIT_FROM = 10
LINKS = ("", "s", "en")


def _lexicon_bytes() -> bytes:
    return files("parlzoek.analysis").joinpath("data/nl-words.txt.gz").read_bytes()


@functools.cache
def lexicon() -> frozenset[str]:
    return frozenset(gzip.decompress(_lexicon_bytes()).decode("utf-8").split("\n"))


@functools.cache
def lexicon_digest() -> str:
    """Recorded with an index: a changed word list changes the parts, so the index must be rebuilt."""
    return hashlib.sha256(_lexicon_bytes()).hexdigest()[:16]


def _best_split(word: str, words: frozenset[str]) -> tuple[str, str] | None:
    best: tuple[int, str, str] | None = None
    for i in range(MIN_PART, len(word) - MIN_PART + 1):
        tail = word[i:]
        if tail not in words:
            continue
        head = word[:i]
        for link in LINKS:
            stem = head[: len(head) - len(link)]
            if head.endswith(link) and len(stem) >= MIN_PART and stem in words:
                if best is None or min(len(stem), len(tail)) > best[0]:
                    best = (min(len(stem), len(tail)), stem, tail)
                break
    return (best[1], best[2]) if best else None


@functools.lru_cache(maxsize=200_000)
def compound_parts(word: str) -> tuple[str, ...]:
    """The known words ``word`` is made of (lower case, folded), or ``()`` if it is not a compound we know.

    >>> compound_parts("belastingfraude"), compound_parts("arbeidsmarkt"), compound_parts("minister")
    (('belasting', 'fraude'), ('arbeid', 'markt'), ())
    """
    if len(word) < MIN_WORD or not word.isalpha():
        return ()
    split = _best_split(word, lexicon())
    if split is None:
        return ()
    parts = list(split)
    for part in split:
        if len(part) >= RESPLIT_FROM:
            parts.extend(compound_parts(part))
    return tuple(dict.fromkeys(parts))
