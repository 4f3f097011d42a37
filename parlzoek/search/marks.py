"""What made a document match, as marks in its text, and whether it is a hit or a near match.

A query's own words are marked wherever a document holds them: their stems (prefix and fuzzy
words as the index expanded them), a document's compounds holding one as a part (``fraude``
marks *belastingfraude*), and a quoted phrase only where its words stand together (``"8 juni
2017"`` leaves the 2017 of another date alone). The ranking's extras are marked too, each with
the query word it came from: a part of a query compound (*fraude* for ``belastingfraude``), an
abbreviation's full form or the reverse (*openbaar centrum voor maatschappelijk welzijn* for
``ocmw``), a word spelt much like a query word (its character grams: *kernuitrustingen* for
``kernuitstap``).

A document holding none of the query's own words, nor an abbreviation of one, was found only
through a compound's part or a similar spelling: it is a *near match*, and says on what. Marks
are presentation: they never change which documents match or how they rank.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from whoosh.query import AndMaybe, AndNot, Not, Phrase
from whoosh.support.charset import accent_map

from parlzoek.analysis.abbreviations import abbreviation_forms
from parlzoek.analysis.compounds import compound_parts
from parlzoek.analysis.dutch import STOP_WORDS, stem_function, term_spans
from parlzoek.analysis.grams import grams_analyzer
from parlzoek.corpus.models import Document
from parlzoek.fields import PARTS, WORD_FIELDS
from parlzoek.index.schema import meta_text
from parlzoek.query.language import plain_words
from parlzoek.ranking.extras import RankingExtras
from parlzoek.ranking.model import DEFAULT_RANKING, Ranking

OWN = -1  # the origin of a mark made by the query's own words; extras are numbered from 0

Span = tuple[int, int]
MarkedSpan = tuple[int, int, int]  # start, end, origin


@dataclass(frozen=True, slots=True)
class Extra:
    """A way the ranking's extras find a query word's documents, and what marks it in a text."""

    kind: str  # "compound part", "abbreviation", "similar spelling"
    of: str  # the query word (or full form) it came from
    terms: frozenset[str] = frozenset()
    phrases: tuple[tuple[str, ...], ...] = ()
    grams: frozenset[str] = frozenset()
    needed: int = 1  # of ``grams``, what a word spelt much like ``of`` holds (the ranking's share)
    near: bool = True  # a document found only this way is a near match (not so for an abbreviation)
    stems: frozenset[str] = frozenset()  # of ``of``: a document holding them all needs no such marks


@dataclass(frozen=True, slots=True)
class Marks:
    """What to mark for a query: its own words' stems, the parts its words are as parts of a
    document's compound, its phrases, and the extras. ``words``: the query's words as typed, for
    messages; ``held``: whether any document holds one of them at all."""

    terms: frozenset[str] = frozenset()
    parts: frozenset[str] = frozenset()
    phrases: tuple[tuple[str, ...], ...] = ()
    extras: tuple[Extra, ...] = ()
    words: tuple[str, ...] = ()
    held: bool = True

    @property
    def asks_words(self) -> bool:
        return bool(self.words)

    @property
    def marks_anything(self) -> bool:
        """Whether a text can hold a mark: the query asks words, or a field's words
        (``titel:domiciliefraude`` asks no plain word, yet its word stands in the title)."""
        return self.asks_words or bool(self.terms or self.parts or self.phrases)

    def within(self, held: set[str]) -> Marks:
        """The marks for a document holding the terms ``held``: where it holds a query word
        itself, that word made it match, and what the extras find for it is left unmarked
        (``samenwerkingsverband`` does not mark every *werken*)."""
        extras = tuple(e for e in self.extras if not (e.stems and e.stems <= held))
        return self if len(extras) == len(self.extras) else replace(self, extras=extras)


@dataclass(frozen=True, slots=True)
class Near:
    """Why a near match was found: ``kind`` of match, the query word it came from (``of``), and
    the words of the document it matched (``found``; empty where no single word can be marked)."""

    kind: str
    of: str
    found: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "of": self.of, "found": list(self.found)}

    def shown(self, most: int = 4) -> list[str]:
        """The words it matched as a label shows them: the first ``most``, then "…" where there are more."""
        return list(self.found[:most]) + (["…"] if len(self.found) > most else [])

    def said(self) -> str:
        """The reason in English words: ``compound part of 'belastingfraude': fraude``."""
        found = self.shown()
        return f"{self.kind} of {self.of!r}" + (f": {', '.join(found)}" if found else "")


NO_MARKS = Marks()


def _own_leaves(node) -> Iterator:
    """The leaves of the query's own words: not what it excludes, not the ranking's extras."""
    if isinstance(node, Not | RankingExtras):
        return
    if isinstance(node, AndNot | AndMaybe):
        yield from _own_leaves(node.a)
        if isinstance(node, AndMaybe):
            yield from _own_leaves(node.b)
    elif node.is_leaf():
        yield node
    else:
        for child in node.children():
            yield from _own_leaves(child)


def _text(value) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def marks_of(query, text: str, reader, schema, ranking: Ranking = DEFAULT_RANKING) -> Marks:
    """The marks of ``query`` (parsed from ``text``) in an index open with ``reader``, the extras
    those of ``ranking``."""
    terms: set[str] = set()
    parts: set[str] = set()
    phrases: list[tuple[str, ...]] = []
    asks = held = False
    for leaf in _own_leaves(query):
        field = leaf.field() if hasattr(leaf, "field") else None
        if field not in WORD_FIELDS and field != PARTS:
            continue
        asks = True
        existing = [(f, _text(term)) for f, term in leaf.existing_terms(reader, phrases=True, expand=True)]
        held = held or bool(existing)
        if isinstance(leaf, Phrase) and len(leaf.words) > 1:
            if field in WORD_FIELDS:  # marked only where its words stand together
                phrases.append(tuple(leaf.words))
            continue
        terms.update(term for f, term in existing if f in WORD_FIELDS)
        parts.update(term for f, term in existing if f == PARTS)
    if not asks:
        return NO_MARKS
    own = frozenset(terms)
    extras = _extras(plain_words(text), schema, own, ranking)
    return Marks(own, frozenset(parts), tuple(dict.fromkeys(phrases)), extras, _typed_words(text), held)


def _typed_words(text: str) -> tuple[str, ...]:
    """The query's words as typed, for messages: plain words, quoted phrases, fuzzy and prefix words."""
    quoted = [
        f'"{phrase.strip()}"' for phrase in re.findall(r'(?<!:)"([^"]+)"', text) if phrase.strip()
    ]  # a field's value filters
    unquoted = re.sub(r'"[^"]*"?', " ", text)
    slips = re.findall(r"(?<![\w:])([^\W_][\w-]*[~*?][\w~*?]*)", unquoted)
    return tuple(dict.fromkeys(plain_words(unquoted) + quoted + slips))


def _extras(words: list[str], schema, own: frozenset[str], ranking: Ranking) -> tuple[Extra, ...]:
    """The extras ``ranking.extras.ranking_extras`` looks for, each with the query word it came from."""
    analyzer = schema["body"].analyzer
    stem = stem_function(analyzer)

    def stems(text: str) -> frozenset[str]:
        return frozenset(token.text for token in analyzer(text, mode="query"))

    extras: list[Extra] = []
    for word in dict.fromkeys(words) if ranking.query_part_weight else ():
        folded = word.lower().translate(accent_map)
        part_stems = frozenset(stem(part) for part in compound_parts(folded) if part not in STOP_WORDS) - own
        if part_stems:
            extras.append(Extra("compound part", word, terms=part_stems, stems=stems(word)))
    for form, other, full in abbreviation_forms(words, stem) if ranking.abbreviation_weight else ():
        found = {"phrases": (other,)} if full else {"terms": frozenset(other)}  # the same thing: no near match
        extras.append(Extra("abbreviation", form, near=False, stems=stems(form), **found))
    if "grams" in schema and ranking.grams.weight:
        for word in dict.fromkeys(words):
            grams = frozenset(token.text for token in schema["grams"].analyzer(word, mode="query"))
            if grams:
                needed = ranking.grams.needed(len(grams))
                extras.append(Extra("similar spelling", word, grams=grams, needed=needed, stems=stems(word)))
    return tuple(extras)


@functools.cache
def _grams_chain():
    return grams_analyzer()


@functools.lru_cache(maxsize=100_000)
def _word_grams(word: str) -> frozenset[str]:
    return frozenset(token.text for token in _grams_chain()(word, mode="query"))


@functools.lru_cache(maxsize=100_000)
def _part_stems(word: str, stem: Callable[[str], str]) -> frozenset[str]:
    return frozenset(stem(part) for part in compound_parts(word) if part not in STOP_WORDS)


def marked_spans(text: str, marks: Marks, stem: Callable[[str], str], spans=None) -> list[MarkedSpan]:
    """(start, end, origin) of every mark in ``text``: ``OWN`` for the query's own words, else the
    number of the extra that made it (the first that marks the word, where several do); ``spans``:
    the text's ``term_spans``, if found already."""
    spans = list(term_spans(text, stem)) if spans is None else spans
    origin: dict[int, int] = {}
    words = _FoldedWords(text, spans)
    for i, (_, _, term) in enumerate(spans):
        if term in marks.terms or (marks.parts and marks.parts & _part_stems(words[i], stem)):
            origin[i] = OWN
    _mark_phrases(spans, marks.phrases, origin, OWN)
    if marks.extras:
        _mark_extras(spans, words, marks.extras, origin)
    return [(spans[i][0], spans[i][1], mark) for i, mark in sorted(origin.items())]


def _mark_extras(spans, words: _FoldedWords, extras: tuple[Extra, ...], origin: dict[int, int]) -> None:
    """Each word not marked yet gets the first extra that marks it, by its term, its spelling or a
    phrase it is part of. What an extra makes of a word depends on the word alone, so that is
    worked out once per distinct word: a text repeats its words, and a query has an extra for
    each of its words."""
    spelling = any(extra.grams for extra in extras)
    first: dict[tuple[str, str], int | None] = {}
    for i, (start, end, term) in enumerate(spans):
        if i in origin:
            continue
        word = words[i] if spelling else ""
        if (key := (term, word)) not in first:
            first[key] = next(
                (n for n, extra in enumerate(extras) if _marks_word(extra, term, word, end - start)), None
            )
        if (number := first[key]) is not None:
            origin[i] = number
    for number, extra in enumerate(extras):
        _mark_phrases(spans, extra.phrases, origin, number)


def _marks_word(extra: Extra, term: str, word: str, length: int) -> bool:
    # a word of n letters has n - 1 grams: a shorter word cannot share enough
    return term in extra.terms or bool(
        extra.grams and length > extra.needed and _shares(word, extra.grams, extra.needed)
    )


class _FoldedWords:
    """The folded word of each span, made when first asked for (once, however many extras look)."""

    def __init__(self, text: str, spans) -> None:
        self.text, self.spans, self.made = text, spans, {}

    def __getitem__(self, i: int) -> str:
        if (word := self.made.get(i)) is None:
            start, end, _ = self.spans[i]
            word = self.made[i] = _folded(self.text, start, end)
        return word


def _folded(text: str, start: int, end: int) -> str:
    return text[start:end].lower().translate(accent_map)


def _shares(word: str, grams: frozenset[str], needed: int) -> bool:
    """A word spelt much like the query word: it holds as many of its grams as a document found
    by its grams alone must (``GramSettings.needed``)."""
    return len(_word_grams(word) & grams) >= needed


def _mark_phrases(spans, phrases, origin: dict[int, int], mark: int) -> None:
    """Mark each run of terms that is one of ``phrases`` with ``mark``, word by word, where no
    earlier mark (the query's own, or a lower-numbered extra) is."""
    terms = [term for _, _, term in spans]
    for phrase in phrases:
        size = len(phrase)
        for i in range(len(terms) - size + 1):
            if tuple(terms[i : i + size]) == phrase:
                for j in range(i, i + size):
                    if origin.get(j, mark) >= mark:  # OWN is the lowest mark: never replaced
                        origin[j] = mark


class MarkedDocument:
    """One document's texts (title, question, answer, metadata as people write it), each analysed
    once, and the marks of one query in them: what passages are chosen and marked by, and what
    tells a hit from a near match."""

    def __init__(self, document: Document, marks: Marks, stem: Callable[[str], str]) -> None:
        self.document = document
        texts = (document.title or "", document.question, document.answer or "", meta_text(document))
        self.texts = dict(zip(("title", "question", "answer", "meta"), texts, strict=True))
        self.spans = {
            name: list(term_spans(text, stem)) if marks.marks_anything else [] for name, text in self.texts.items()
        }
        if marks.extras:
            marks = marks.within({term for spans in self.spans.values() for _, _, term in spans})
        self.marks = marks
        self.marked = {name: marked_spans(text, marks, stem, self.spans[name]) for name, text in self.texts.items()}

    def spans_of(self, name: str) -> tuple[tuple[int, int], ...]:
        """(start, end) of each mark in text ``name`` ("title", "question", "answer", "meta")."""
        return tuple((start, end) for start, end, _ in self.marked[name])

    def near(self) -> tuple[Near, ...] | None:
        """``None`` for a hit: the document holds a word of the query, or an abbreviation of one.
        Else why it is a near match: each extra that marks something, with the words it marks;
        where none does, the similar spellings that found it (its grams spread over words)."""
        if not self.marks.asks_words:
            return None
        extras = self.marks.extras
        found: dict[int, list[str]] = {}
        for name, marked in self.marked.items():
            for start, end, origin in marked:
                if origin == OWN or not extras[origin].near:
                    return None
                found.setdefault(origin, []).append(self.texts[name][start:end].lower())
        if found:
            return tuple(
                Near(extras[n].kind, extras[n].of, tuple(dict.fromkeys(words))) for n, words in sorted(found.items())
            )
        spelling = tuple(Near(e.kind, e.of, ()) for e in extras if e.kind == "similar spelling")
        return spelling or (Near("metadata", " ".join(self.marks.words), ()),)


def words_nowhere(text: str, reader, schema) -> tuple[str, ...]:
    """The query's plain words that no document holds in any form (``xyzzyq`` in ``fraude
    xyzzyq``), so the reader learns that one word found nothing even where others did."""
    analyzer = schema["body"].analyzer
    missing = []
    for word in dict.fromkeys(plain_words(text)):
        stems = [token.text for token in analyzer(word, mode="query")]
        if stems and not any(reader.doc_frequency("body", stem) for stem in stems):
            missing.append(word)
    return tuple(missing)


def near_reasons(document: MarkedDocument, marks: Marks, stem: Callable[[str], str]) -> tuple[Near, ...]:
    """Why ``document``, a match that is no hit (``hits.strict_query``), was found: its text is
    marked with ``marks`` where it was not yet (no passages asked). Where its text shows a word of
    the query after all (a form its index terms do not hold), the extras that find near matches."""
    if marks.asks_words and not document.marks.asks_words:
        document = MarkedDocument(document.document, marks, stem)
    near = document.near()
    if near is not None:
        return near
    extras = tuple(dict.fromkeys(Near(e.kind, e.of, ()) for e in marks.extras if e.near))
    return extras or (Near("metadata", " ".join(marks.words), ()),)
