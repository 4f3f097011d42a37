"""A character gram that knows the query words it was cut from, and adds less where a document
holds one of them.

The grams are there for what the stems miss: ``hypothecaire`` for ``hypotheek``, the parts of
compounds, forms the stemmer keeps apart (``beurzen`` and ``beurs``). Where a document holds the
word itself, its stem has scored it already; at full weight its grams counted it a second time,
with a weight growing with the word's length. So a gram adds ``held_share`` of its score to a
document holding one of its words' stems in ``body``, and all of it elsewhere, which ranks
better on the dev half (``bench/grams.py``, ``bench/relevance.py``; ``docs/ranking.md``).
"""

from __future__ import annotations

from whoosh.matching import NullMatcherClass
from whoosh.matching.wrappers import WrappingMatcher
from whoosh.query import Term

WORD_FIELD = "body"  # where a gram's words are looked for


class WordGram(Term):
    """A gram in the ``grams`` field, with the ``body`` stems of the query words it was cut from."""

    def __init__(self, text: str, stems, held_share: float, boost: float = 1.0) -> None:
        super().__init__("grams", text, boost=boost)
        self.stems, self.held_share = tuple(stems), held_share

    def __eq__(self, other) -> bool:
        return super().__eq__(other) and (self.stems, self.held_share) == (other.stems, other.held_share)

    def __hash__(self) -> int:
        return super().__hash__() ^ hash((self.stems, self.held_share))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.text!r}, {self.stems!r}, {self.held_share!r}, boost={self.boost!r})"

    def matcher(self, searcher, context=None):
        matcher = super().matcher(searcher, context)
        if type(matcher) is NullMatcherClass or self.held_share == 1.0:
            return matcher
        terms = held_terms(searcher, self.stems)
        return HeldWordShare(matcher, searcher.reader(), terms, self.held_share) if terms else matcher


def held_terms(searcher, stems) -> tuple[bytes, ...]:
    """The stems as ``body`` terms, those the searcher's reader has."""
    field, reader = searcher.schema[WORD_FIELD], searcher.reader()
    terms = (field.to_bytes(stem) for stem in stems)
    return tuple(term for term in terms if (WORD_FIELD, term) in reader)


class HeldWordShare(WrappingMatcher):
    """A gram's postings, each score times ``share`` where the document holds one of ``terms``
    (Whoosh's way, a document at a time; ``plans.HeldWordPart`` gives the same floats whole)."""

    def __init__(
        self, child, reader, terms: tuple[bytes, ...], share: float, held: frozenset[int] | None = None
    ) -> None:
        super().__init__(child)
        self.reader, self.terms, self.share, self._held = reader, terms, share, held

    def copy(self) -> HeldWordShare:
        return self._replacement(self.child.copy())

    def _replacement(self, newchild) -> HeldWordShare:
        return HeldWordShare(newchild, self.reader, self.terms, self.share, self._held)

    def held(self) -> frozenset[int]:
        if self._held is None:
            postings = (self.reader.postings(WORD_FIELD, term) for term in self.terms)
            self._held = frozenset(docnum for matcher in postings for docnum in matcher.all_ids())
        return self._held

    def score(self) -> float:
        score = self.child.score()
        return score * self.share if self.child.id() in self.held() else score
