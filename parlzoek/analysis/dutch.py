"""Dutch analysis: one chain, used at index and at query time, composed the Whoosh way.

tokenize → lowercase → drop stop words → split hyphenated words (keeping the joined form) →
fold diacritics → stem with snowballstemmer, domain words protected.

Folding comes *before* stemming on purpose: the Chamber's data lost its diacritics
(``financiele``), and only when both spellings reach the stemmer as the same string do they
get the same stem (``financiële`` alone would stem to ``financieel``, ``financiele`` to
``financiel``).

Everything here is module level, because Whoosh pickles the analyzer into the index and into
the writer's subprocesses.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import snowballstemmer
from whoosh.analysis import (
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    Token,
)
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.lang import stopwords_for_language
from whoosh.support.charset import accent_map

from parlzoek.analysis.compounds import compound_parts

# Numbers with separators stay whole (18.412, 66,6); words keep inner hyphens for HyphenFilter.
TOKEN_PATTERN = r"\d+(?:[.,]\d+)+|\w+(?:[-‐]\w+)*"
_TOKEN = re.compile(TOKEN_PATTERN)
_WORD = re.compile(r"\w+")
STEMMERS = ("dutch", "dutch_porter")
DEFAULT_STEMMER = "dutch"
STOP_WORDS = frozenset(stopwords_for_language("nl"))

# Words whose stems collide with unrelated words, or split one concept in two. Each maps every
# listed surface form (folded, lower case) to one stem, whatever the algorithm. Chosen from the
# vocabulary of parliamentary questions, not from any query or judgement.
PROTECTED_STEMS: dict[str, str] = {
    **dict.fromkeys(["minister", "ministers"], "minister"),
    **dict.fromkeys(["gemeente", "gemeenten", "gemeentes"], "gemeente"),
    **dict.fromkeys(["gezondheid"], "gezondheid"),
    **dict.fromkeys(["vlaams", "vlaamse"], "vlaams"),
    **dict.fromkeys(["vlaanderen"], "vlaanderen"),
    **dict.fromkeys(["mening", "meningen"], "mening"),
    **dict.fromkeys(["regering", "regeringen"], "regering"),
    **dict.fromkeys(["politie", "politiezone", "politiezones"], "politie"),
    **dict.fromkeys(["europa", "europese"], "europ"),
    **dict.fromkeys(["belgie", "belgische", "belgisch"], "belgi"),
}


_STEMMERS = threading.local()


def _snowball(algorithm: str) -> snowballstemmer.stemmer:
    """This thread's snowball stemmer for ``algorithm``: a stemmer keeps the word it works on in
    itself, so one shared by the threads of ``parlzoek serve`` tore (wrong stems, IndexError)."""
    stemmers = _STEMMERS.__dict__
    if algorithm not in stemmers:
        stemmers[algorithm] = snowballstemmer.stemmer(algorithm)
    return stemmers[algorithm]


def stem_dutch(word: str) -> str:
    return PROTECTED_STEMS.get(word) or _snowball("dutch").stemWord(word)


def stem_dutch_porter(word: str) -> str:
    return PROTECTED_STEMS.get(word) or _snowball("dutch_porter").stemWord(word)


STEM_FUNCTIONS = {"dutch": stem_dutch, "dutch_porter": stem_dutch_porter}


class HyphenFilter(Filter):
    """Index ``ESF-tender`` as ``ESF``, ``tender`` and ``ESFtender``.

    The parts let ``tender`` find it; the joined form lets ``esftender``, or a document that
    wrote ``samenwerkings-verband``, meet the unhyphenated word. The joined token shares the
    first part's position and is emitted at index time only, so a phrase query holding a
    hyphenated word (analysed into its parts) still lines up with the document. Later tokens'
    positions are shifted to follow the parts. (Whoosh's IntraWordFilter would do this, but
    fails on Python 3.11 in whoosh 2.7.4.)
    """

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        shift = 0
        for token in tokens:
            if hasattr(token, "pos"):
                token.pos += shift
            text = token.text.replace("‐", "-")
            if "-" not in text:
                yield token
                continue
            shift += text.count("-")
            yield from self._split(token, text)

    @staticmethod
    def _split(token: Token, text: str) -> Iterator[Token]:
        start, pos = getattr(token, "startchar", 0), getattr(token, "pos", 0)
        whole_end = getattr(token, "endchar", start + len(text))
        offset = 0
        for i, part in enumerate(text.split("-")):
            if part:
                token.text, token.pos = part, pos + i
                token.startchar, token.endchar = start + offset, start + offset + len(part)
                yield token
            offset += len(part) + 1
        if getattr(token, "mode", "") != "query":
            token.text, token.pos = text.replace("-", ""), pos
            token.startchar, token.endchar = start, whole_end
            yield token


IndexTerms = list[tuple[str, int]]
PART_SEPARATOR = "\n\n"  # between the texts of a joined field: no token spans it


@dataclass(frozen=True, slots=True)
class Analysed:
    """A text's index terms, and what it takes to number on after it when texts are joined:
    its number of tokens (stop words too), the place of its first kept one, and the position
    the next kept token would take."""

    terms: IndexTerms
    places: int
    first: int | None
    next_at: int


Analyse = Callable[[str, Callable[[str], str]], Analysed]


class FastAnalyzer(CompositeAnalyzer):
    """A chain with a fast path for indexing: ``index_terms`` gives the (term, position) pairs the
    chain would, computed in one loop without Whoosh's per-token objects and generators. Query
    parsing and highlighting use the chain itself; property tests hold the two to the same output.

    ``index_terms`` also takes a tuple of texts, indexed as if joined by ``PART_SEPARATOR``: a
    document's ``body`` is its title, question and answer, each also a field of its own, and each
    analysed once for both (the last few results are remembered, by the text object itself)."""

    analyse: Analyse

    def index_terms(self, text: str | tuple[str, ...]) -> IndexTerms:
        stem = stem_function(self)
        if isinstance(text, tuple):
            return joined_terms([_remembered(type(self).analyse, part, stem) for part in text])
        return _remembered(type(self).analyse, text, stem).terms

    def unstemmed_words(self, text: str) -> set[str]:
        """The distinct words the chain yields with ``no_morph`` (stemming skipped): what Whoosh
        keeps for spelling suggestions."""
        return {term for term, _ in type(self).analyse(text, _unchanged).terms}


def _unchanged(word: str) -> str:
    return word


_RECENT: dict[tuple[Analyse, Callable[[str], str], int], tuple[str, Analysed]] = {}
_RECENT_SIZE = 16  # a document's fields twice over


def _remembered(analyse: Analyse, text: str, stem: Callable[[str], str]) -> Analysed:
    key = (analyse, stem, id(text))
    found = _RECENT.get(key)
    if found is not None and found[0] is text:
        return found[1]
    if len(_RECENT) >= _RECENT_SIZE:
        _RECENT.clear()
    result = _RECENT[key] = (text, analyse(text, stem))
    return result[1]


def joined_terms(parts: list[Analysed]) -> IndexTerms:
    """The terms of texts joined by ``PART_SEPARATOR``, numbered as the joined text's would be: up
    to the first kept token positions count every token before it; after it, each text's kept
    tokens number on from where the previous one stopped."""
    terms: IndexTerms = []
    places, next_at = 0, None
    for part in parts:
        if part.first is not None:
            offset = places if next_at is None else next_at - part.first
            terms.extend((term, at + offset) for term, at in part.terms)
            next_at = part.next_at + offset
        places += part.places
    return terms


def analyse_dutch(text: str, stem: Callable[[str], str]) -> Analysed:
    """(term, position) of each token ``dutch_analyzer`` yields at index time, and where a text
    joined after this one numbers on.

    As the chain does: stop words are dropped and the rest numbered on from the first kept
    word's place; a hyphenated word gives its parts at successive positions and its joined form
    at the first part's, and pushes later words back by its number of hyphens. What a word
    becomes is worked out once per build (``_dutch_word``); the text is lower-cased once, where
    that keeps every word as it was (see ``term_spans``).
    """
    words = _lowered_words(text, _TOKEN)
    memo = _memo(_dutch_word, stem)
    terms: IndexTerms = []
    pos, shift, first = None, 0, None
    for place, word in enumerate(words):
        found = memo.get(word, _UNSEEN)
        if found is _UNSEEN:
            found = memo[word] = _dutch_word(word, stem)
        if found is None:
            continue
        if pos is None:
            pos = first = place
        else:
            pos += 1
        if type(found) is str:
            terms.append((found, pos + shift))
            continue
        pieces, hyphens = found
        terms.extend((term, pos + shift + i) for term, i in pieces)
        shift += hyphens
    return Analysed(terms, len(words), first, (pos or 0) + 1 + shift)


def _dutch_word(word: str, stem: Callable[[str], str]) -> str | tuple[tuple[tuple[str, int], ...], int] | None:
    """A lower-cased word's term; a hyphenated word's (term, offset) pairs, the joined form
    last, and its number of hyphens; ``None`` for a stop word."""
    if word in STOP_WORDS:
        return None
    word = word.replace("‐", "-")
    if "-" not in word:
        return stem(word.translate(accent_map))
    pieces = word.split("-")
    terms = [(stem(piece.translate(accent_map)), i) for i, piece in enumerate(pieces) if piece]
    terms.append((stem(word.replace("-", "").translate(accent_map)), 0))
    return tuple(terms), len(pieces) - 1


_UNSEEN = object()
_MEMO_SIZE = 500_000  # distinct words per kind of analysis; a build's vocabulary rarely fills it
_MEMOS: dict[tuple[Callable, Callable], dict] = {}


def _memo(kind: Callable, stem: Callable[[str], str]) -> dict:
    """What each word became, for one kind of analysis with one stemmer: most words of a
    document have been seen before, and a look-up costs less than folding and a cached stem."""
    memo = _MEMOS.setdefault((kind, stem), {})
    if len(memo) > _MEMO_SIZE:
        memo.clear()
    return memo


def _lowered_words(text: str, pattern: re.Pattern[str]) -> list[str]:
    """The text's tokens, lower-cased: the text at once where lower-casing keeps its length (so
    every character its place), else word by word as the chain does."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return pattern.findall(lowered)
    return [word.lower() for word in pattern.findall(text)]


class DutchAnalyzer(FastAnalyzer):
    analyse = staticmethod(analyse_dutch)


def dutch_analyzer(stemmer: str = DEFAULT_STEMMER, cachesize: int = 100_000) -> DutchAnalyzer:
    """The analysis chain for question and answer text.

    >>> [t.text for t in dutch_analyzer()("De ESF-tender voor Financiën en gemeenten")]
    ['esf', 'tender', 'esftender', 'financien', 'gemeente']
    """
    if stemmer not in STEM_FUNCTIONS:
        raise ValueError(f"unknown stemmer {stemmer!r}; choose one of {', '.join(STEMMERS)}")
    return DutchAnalyzer(
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | StopFilter(stoplist=STOP_WORDS, minsize=1)
        | HyphenFilter()
        | CharsetFilter(accent_map)
        | StemFilter(stemfn=STEM_FUNCTIONS[stemmer], cachesize=cachesize)
    )


def stem_function(analyzer) -> Callable[[str], str]:
    """The stemming function inside a chain built by ``dutch_analyzer``, with a cache of its own."""
    for item in getattr(analyzer, "items", ()):
        if isinstance(item, StemFilter):
            return _cached(item.stemfn)
    raise ValueError("not a parlzoek text analyzer: it has no stemming step")


@functools.cache
def _cached(stemfn: Callable[[str], str]) -> Callable[[str], str]:
    return functools.lru_cache(maxsize=200_000)(stemfn)


def term_spans(text: str, stem: Callable[[str], str]) -> Iterator[tuple[int, int, str]]:
    """(start, end, term) of each token ``dutch_analyzer`` yields in query mode, stop words left out.

    The same steps without Whoosh's per-token objects: highlighting runs over the whole text of
    every result shown, and there the chain's overhead was most of a query's time. The text is
    lower-cased and folded once, and words are sliced out of it, wherever that keeps every
    character in its place (it almost always does). A property test holds this to the chain.
    """
    lowered = text.lower()
    folded = lowered.translate(accent_map) if len(lowered) == len(text) else ""
    if len(folded) != len(text):
        yield from _term_spans_word_by_word(text, stem)
        return
    for match in _TOKEN.finditer(lowered):
        word = match.group()
        if word in STOP_WORDS:
            continue
        start, end = match.span()
        if "-" in word or "‐" in word:
            yield from _hyphenated_spans(word, start, stem)
        else:
            yield start, end, stem(folded[start:end])


def _term_spans_word_by_word(text: str, stem: Callable[[str], str]) -> Iterator[tuple[int, int, str]]:
    for match in _TOKEN.finditer(text):
        word = match.group().lower()
        if word not in STOP_WORDS:
            yield from _hyphenated_spans(word, match.start(), stem)


def _hyphenated_spans(word: str, start: int, stem: Callable[[str], str]) -> Iterator[tuple[int, int, str]]:
    for part in word.replace("‐", "-").split("-"):
        if part:
            yield start, start + len(part), stem(part.translate(accent_map))
        start += len(part) + 1


class CompoundPartsFilter(Filter):
    """For the parts field: at index time a compound's known parts take its place (a plain word
    leaves nothing); at query time the word passes as it is, to meet the parts of documents."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            if getattr(token, "mode", "") == "query":
                yield token
                continue
            for part in compound_parts(token.text):
                token.text = part
                yield token


def analyse_parts(text: str, stem: Callable[[str], str]) -> Analysed:
    """(term, position) of each token ``parts_analyzer`` yields at index time: the parts of each
    compound at the compound's place, numbered on from the first kept part as the chain does."""
    words = _lowered_words(text, _WORD)
    memo = _memo(_word_parts, stem)
    terms: IndexTerms = []
    pos, first = None, None
    for place, word in enumerate(words):
        parts = memo.get(word)
        if parts is None:
            parts = memo[word] = _word_parts(word, stem)
        for part in parts:
            if pos is None:
                pos = first = place
            else:
                pos += 1
            terms.append((part, pos))
    return Analysed(terms, len(words), first, (pos or 0) + 1)


def _word_parts(word: str, stem: Callable[[str], str]) -> tuple[str, ...]:
    """A lower-cased word's compound parts, stop words left out, stemmed."""
    return tuple(stem(part) for part in compound_parts(word.translate(accent_map)) if part not in STOP_WORDS)


class PartsAnalyzer(FastAnalyzer):
    analyse = staticmethod(analyse_parts)


def parts_analyzer(stemmer: str = DEFAULT_STEMMER, cachesize: int = 100_000) -> PartsAnalyzer:
    """The compound-parts field: ``accijnstarieven`` is indexed as ``accijns``, ``tarief``.

    >>> [t.text for t in parts_analyzer()("De accijnstarieven stijgen")]
    ['accijn', 'tarief']
    """
    return PartsAnalyzer(
        RegexTokenizer(r"\w+")
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | CompoundPartsFilter()
        | StopFilter(stoplist=STOP_WORDS, minsize=1)
        | StemFilter(stemfn=STEM_FUNCTIONS[stemmer], cachesize=cachesize)
    )


def name_analyzer():
    """Names and functions: whole words, lower case, folded, no stemming (``minister:Homans``)."""
    return RegexTokenizer(r"\w+") | LowercaseFilter() | CharsetFilter(accent_map)
