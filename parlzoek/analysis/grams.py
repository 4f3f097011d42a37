"""Character 4-grams of the title and question: evidence for words that share most of their
letters without sharing a stem.

Stemming and the compound lexicon miss much of Dutch word formation: ``accijns`` stems apart from
``accijnzen``, ``hypotheek`` from ``hypothecaire``, ``kledingstuk`` and ``beursnotering`` are
not in the lexicon as compounds. Overlapping 4-grams of each word, with its edges marked
(``_acc``, ``ccij``, …, ``ns_``), meet all of these, and BM25 over them adds up partial matches
as it does for words. Title and question, 4-grams, marked edges and counts, because on the
Chamber dev data that ranks best of the variants tried (``bench/grams.py``; figures in
``docs/ranking.md``).
How a query uses them: ``ranking.extras._gram_extras`` (an ``engine.nodes.MinimumMatchOr``),
``ranking.held_grams``, ``ranking.weighting``.
"""

from __future__ import annotations

import functools
from collections import Counter
from itertools import chain

from whoosh.analysis import (
    CharsetFilter,
    Filter,
    LowercaseFilter,
    NgramFilter,
    RegexTokenizer,
    StopFilter,
)
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.support.charset import accent_map
from whoosh.system import pack_uint

from parlzoek.analysis.dutch import _UNSEEN, _WORD, STOP_WORDS, _lowered_words, _memo, _unchanged

GRAM_SIZE = 4
EDGE = "_"


class WordEdgesFilter(Filter):
    """Mark where a word starts and ends (``_word_``), so its first and last letters make grams of
    their own: ``_bed`` says more than ``bed`` inside any word."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = f"{EDGE}{token.text}{EDGE}"
            yield token


class GramAnalyzer(CompositeAnalyzer):
    """The chain, with a fast path for indexing: ``index_counts`` gives each gram's count as the
    chain would, without a token object per gram (a question yields about a thousand)."""

    def index_counts(self, text: str | tuple[str, ...]) -> Counter[str]:
        texts = text if isinstance(text, tuple) else (text,)
        memo = _memo(_word_grams, _unchanged)
        found: list[tuple[str, ...]] = []
        for part in texts:
            for word in _lowered_words(part, _WORD):
                grams = memo.get(word, _UNSEEN)
                if grams is _UNSEEN:
                    grams = memo[word] = _word_grams(word, _unchanged)
                found.append(grams)
        return Counter(chain.from_iterable(found))


def _word_grams(word: str, _stem) -> tuple[str, ...]:
    """A lower-cased word's grams; none for a stop word or a word of one letter."""
    if word in STOP_WORDS:
        return ()
    marked = f"{EDGE}{word.translate(accent_map)}{EDGE}"
    return tuple(marked[i : i + GRAM_SIZE] for i in range(len(marked) - GRAM_SIZE + 1))


def grams_analyzer() -> GramAnalyzer:
    """The grams field: words lower-cased, stop words dropped, folded, edges marked, cut in 4-grams.

    >>> [t.text for t in grams_analyzer()("De accijnzen")]
    ['_acc', 'acci', 'ccij', 'cijn', 'ijnz', 'jnze', 'nzen', 'zen_']
    """
    return GramAnalyzer(
        RegexTokenizer(_WORD.pattern)
        | LowercaseFilter()
        | StopFilter(stoplist=STOP_WORDS, minsize=1)
        | CharsetFilter(accent_map)
        | WordEdgesFilter()
        | NgramFilter(GRAM_SIZE, GRAM_SIZE)
    )


@functools.lru_cache(maxsize=256)
def packed_count(count: int) -> bytes:
    """Whoosh's ``Frequency`` value for a count; a few small counts make nearly all postings."""
    return pack_uint(count)
