"""A character gram that knows the query words it was cut from, and adds less where a document
holds one of them.

The grams are there for what the stems miss: ``hypothecaire`` for ``hypotheek``, the parts of
compounds, forms the stemmer keeps apart (``beurzen`` and ``beurs``). Where a document holds the
word itself, its stem has scored it already; at full weight its grams counted it a second time,
with a weight growing with the word's length. So a gram adds ``held_share`` of its score to a
document holding one of its words' stems in ``body``, and all of it elsewhere, which ranks
better on the dev half (``bench/grams.py``, ``bench/relevance.py``; ``docs/ranking.md``). The
engine knows this as a ``ConditionalWeight``: the gram's term, the stems as its condition.
"""

from __future__ import annotations

from whoosh.query import Term

from parlzoek.engine.nodes import ConditionalWeight

WORD_FIELD = "body"  # where a gram's words are looked for


class WordGram(ConditionalWeight):
    """A gram in the ``grams`` field, with the ``body`` stems of the query words it was cut from."""

    def __init__(self, text: str, stems, held_share: float, boost: float = 1.0) -> None:
        super().__init__(Term("grams", text, boost=boost), WORD_FIELD, stems, held_share)

    @property
    def text(self) -> str:
        """The gram."""
        return self.child.text

    @property
    def stems(self) -> tuple[str, ...]:
        return self.texts

    @property
    def held_share(self) -> float:
        return self.share

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.text!r}, {self.stems!r}, {self.share!r}, boost={self.child.boost!r})"
