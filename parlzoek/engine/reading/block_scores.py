"""BM25 scores for all of a term's documents at once, as Whoosh's matchers compute them one by one.

Whoosh scores a posting through some ten Python calls, five of them to look up the document's
field length. Here a term's documents and frequencies come whole from the segment's flat
postings (or, for a segment without them, from Whoosh's blocks), and its scores from the
segment's field length bytes (the logarithmic approximation that is all Whoosh keeps of a
length), with 256 length factors precomputed per field, computed by numpy. Every formula is
Whoosh's ``bm25()``; a term's own scores are Whoosh's floats, and the sums of a query's parts
equal Whoosh's within rounding (``tests/reference.py``: 1e-9 relative).

It reads Whoosh's W3 postings matcher (``_startoffset``, ``_data``, ``_weights``, ``_values``,
``_next_block``) and its per-document lengths column; Whoosh 2.7.4 is its last release, and the
tests compare every score with Whoosh's own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from itertools import accumulate
from typing import ClassVar
from weakref import WeakKeyDictionary

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher, WrappingMatcher
from whoosh.scoring import BM25FScorer
from whoosh.util.numeric import byte_to_length

from parlzoek.engine.flat_postings import FlatPostings, open_flat_postings
from parlzoek.engine.whoosh_internals import column_bytes, length_column_name


class SegmentTables:
    """What block scoring needs of one segment: its field length bytes, its deleted documents and
    its flat postings, read once per reader (every OR node and word pair of every search asks)
    and kept as long as the reader lives."""

    _cache: ClassVar[WeakKeyDictionary] = WeakKeyDictionary()

    def __init__(self, reader) -> None:
        self.reader = reader
        self.size = reader.doc_count_all()
        self._perdoc = getattr(reader, "_perdoc", None)
        try:
            kept = self._cache.get(reader)
            if kept is None:
                kept = self._cache[reader] = _Kept(self._read_deleted())
        except TypeError:  # a reader that cannot be weakly referenced: nothing kept, no length tables
            kept = _Kept(self._read_deleted(), keeps_lengths=False)
        self._kept = kept
        self.deleted: frozenset[int] = kept.deleted

    def lengths(self, fieldname: str) -> bytes | None:
        """One byte per document, or ``None`` where the reader has no such column (then no block scoring)."""
        lengths = self._kept.lengths
        if lengths is None:
            return None
        if fieldname not in lengths:
            lengths[fieldname] = self._read_lengths(fieldname)
        return lengths[fieldname]

    def length_array(self, fieldname: str):
        """``lengths`` as a numpy array (a view of the same bytes)."""
        return self.kept_array(fieldname, lambda: np.frombuffer(self.lengths(fieldname), np.uint8))

    def kept_array(self, key, read: Callable[[], object]):
        """An array derived from the segment (a column, say), read once per reader."""
        arrays = self._kept.arrays
        if key not in arrays:
            arrays[key] = read()
        return arrays[key]

    def live(self):
        """Which documents are not deleted, as a numpy mask, or ``None`` for all of them."""
        if self.deleted and self._kept.live is None:
            live = np.ones(self.size, dtype=bool)
            live[np.fromiter(self.deleted, np.int64, len(self.deleted))] = False
            self._kept.live = live
        return self._kept.live

    def live_docnums(self, mask):
        """The numbers of the documents ``mask`` holds that are not deleted."""
        live = self.live()
        return np.flatnonzero(mask if live is None else mask & live)

    def flat(self) -> FlatPostings | None:
        if self._kept.flat is _UNREAD:
            self._kept.flat = open_flat_postings(self.reader)
        return self._kept.flat

    def _read_deleted(self) -> frozenset[int]:
        if self._perdoc is None or not self.reader.has_deletions():
            return frozenset()
        return frozenset(self._perdoc.deleted_docs())

    def _read_lengths(self, fieldname: str) -> bytes | None:
        column = self._perdoc._cached_reader(length_column_name(fieldname), LENGTHS_COLUMN) if self._perdoc else None
        if column is None:
            return None
        stored = column_bytes(column)
        return bytes(stored) + bytes(max(0, self.size - len(stored)))


_UNREAD = object()


class _Kept:
    """A segment's tables, kept per reader; nothing in it refers to the reader."""

    def __init__(self, deleted: frozenset[int], keeps_lengths: bool = True) -> None:
        self.deleted = deleted
        self.lengths: dict[str, bytes | None] | None = {} if keeps_lengths else None
        self.arrays: dict = {}
        self.live = None
        self.flat = _UNREAD


def bm25_postings(matcher, deleted: frozenset[int]):
    """A term's own postings scored by BM25F, under at most one boost and the reader's filter of
    deleted documents (which the caller drops afterwards): (postings, boost); ``None`` for
    anything else, which is scored the general way."""
    boost = 1.0
    if type(matcher) is WrappingMatcher:
        matcher, boost = matcher.child, matcher.boost
    matcher = unfiltered(matcher, deleted)
    return (matcher, boost) if bm25_scored(matcher) else None


def unfiltered(matcher, deleted: frozenset[int]):
    if type(matcher) is FilterMatcher and matcher._exclude and matcher.boost == 1.0 and matcher._ids == deleted:
        return matcher.child
    return matcher


def bm25_scored(matcher) -> bool:
    """Whether block scoring can read this matcher: a W3 postings list scored by BM25F."""
    return type(matcher) is W3LeafMatcher and type(matcher.scorer) is BM25FScorer


@lru_cache(maxsize=256)
def _length_factors(k1: float, b: float, average: float) -> tuple[float, ...]:
    """BM25's length normalisation for each of the 256 lengths a field length byte stands for."""
    return tuple(k1 * ((1 - b) + b * byte_to_length(byte) / average) for byte in range(256))


Block = tuple[tuple[int, ...], Sequence[float], tuple[bytes, ...]]  # ids, weights (term frequencies), positions


class DecodedPostings:
    """The postings a search has decoded from Whoosh's blocks, by segment and term, for as long as
    another part of the search still needs them.

    The word pairs of a query go word by word (a-b, b-c, …): each word but the first and last is
    read by two pairs, and decoding its positions is most of what a read costs. A pair keeps what
    it decodes of its second word; the next pair takes it over and lets it go. All of a term's
    postings are given, from the first, the reader's deleted documents included."""

    def __init__(self) -> None:
        self._kept: dict[tuple[int, tuple[str, bytes]], list[Block]] = {}
        self._pairs: dict[tuple, dict[int, float]] = {}
        self._holding: dict[tuple, object] = {}

    def holding(self, tables: SegmentTables, terms: tuple[bytes, ...], fieldname: str):
        """Which of the segment's documents hold any of ``terms``, as a mask, made once per search
        (the grams of one query word all ask for that word's)."""
        key = (id(tables.reader), fieldname, terms)
        if key not in self._holding:
            mask = np.zeros(tables.size, dtype=bool)
            for term in terms:
                postings = unfiltered(tables.reader.postings(fieldname, term), tables.deleted)
                mask[term_arrays(postings, tables, DecodedPostings())[0]] = True
            self._holding[key] = mask
        return self._holding[key]

    def pair(self, reader, words, compute: Callable[[], dict[int, float]]) -> dict[int, float]:
        """A word pair's unboosted scores, computed once per search and segment: a quoted phrase
        and the word-pair extras of its words ask for the same pair at different weights."""
        key = _pair_key(reader, words)
        if key not in self._pairs:
            self._pairs[key] = compute()
        return self._pairs[key]

    def has_pair(self, reader, words) -> bool:
        return _pair_key(reader, words) in self._pairs

    def shared(self, reader, postings) -> list[Block]:
        """For a reader after which the same postings will be read again (a word pair)."""
        key = (id(reader), postings.term())
        if key not in self._kept:
            self._kept[key] = list(read_blocks(postings))
        return self._kept[key]

    def forget(self, reader) -> None:
        """Let go of everything kept for ``reader`` (a segment whose search is done)."""
        for kept in (self._kept, self._pairs, self._holding):
            for key in [key for key in kept if key[0] == id(reader)]:
                del kept[key]

    def last(self, reader, postings) -> Iterable[Block]:
        """For the last reader of these postings: kept blocks are handed over and forgotten, any
        others decoded as they are read, never held."""
        kept = self._kept.pop((id(reader), postings.term()), None)
        return kept if kept is not None else read_blocks(postings)


def _pair_key(reader, words) -> tuple:
    return id(reader), words[0].term(), words[1].term()


def read_blocks(postings):
    postings.reset()
    while postings.is_active():
        ids = block_ids(postings)
        postings._read_weights()
        postings._read_values()
        yield ids, postings._weights, postings._values
        postings._next_block()


def block_ids(postings) -> tuple[int, ...]:
    """The document numbers of the current block: Whoosh's ``_read_ids``, with the deltas added up
    by ``accumulate`` rather than a Python generator (a tenth of a long query's time)."""
    if postings._data is None:
        postings._read_data()
    ids = postings._data[0]
    postings._ids = ids = ids if postings._byteids else tuple(accumulate(ids))
    return ids


def _bm25_terms(postings) -> tuple[float, float, tuple[float, ...]]:
    """The constants of Whoosh's ``bm25()`` for one term: idf, k1 + 1, and the length factor per byte."""
    scorer = postings.scorer
    return scorer.idf, scorer.K1 + 1, _length_factors(scorer.K1, scorer.B, scorer.avgfl)


def term_arrays(postings, tables: SegmentTables, decoded: DecodedPostings):
    """A term's document numbers and frequencies (float64), deleted documents included: from the
    segment's flat postings, or else decoded from Whoosh's blocks."""
    flat = tables.flat()
    found = flat.get(postings._startoffset) if flat is not None else None
    if found is not None:
        return found
    blocks = list(decoded.last(tables.reader, postings))
    docnums = np.fromiter((docnum for ids, _, _ in blocks for docnum in ids), np.int64)
    return docnums, np.fromiter((tf for _, weights, _ in blocks for tf in weights), np.float64, len(docnums))


def bm25_values(postings, docnums, tfs, lengths):
    """Whoosh's ``bm25()`` for each of the term's documents (numpy's operations are IEEE's, one by
    one, in the formula's order: Whoosh's floats)."""
    idf, k1_plus_1, factors = _bm25_terms(postings)
    return idf * ((tfs * k1_plus_1) / (tfs + _factor_array(factors)[lengths[docnums]]))


@lru_cache(maxsize=256)
def _factor_array(factors: tuple[float, ...]):
    return np.array(factors, dtype=np.float64)


def pair_scores(words, blocks: tuple[Iterable[Block], Iterable[Block]], *, lengths: bytes, decode,
                boost: float) -> dict[int, float]:  # fmt: skip
    """The documents where ``second`` directly follows ``first`` (in the given blocks of each word's
    postings), scored as Whoosh scores the two-word phrase: both words' scores added, times ``boost``."""
    first, second = words
    earlier: dict[int, tuple[float, bytes]] = {}
    for ids, weights, values in blocks[0]:
        earlier.update(zip(ids, zip(weights, values, strict=True), strict=True))
    idf1, k1_plus_1_1, factors1 = _bm25_terms(first)
    idf2, k1_plus_1_2, factors2 = _bm25_terms(second)
    scores: dict[int, float] = {}
    for ids, weights, values in blocks[1]:
        for docnum, tf, value in zip(ids, weights, values, strict=True):
            found = earlier.get(docnum)
            if found and not set(decode(value)).isdisjoint([p + 1 for p in decode(found[1])]):
                tf1 = found[0]
                score1 = idf1 * ((tf1 * k1_plus_1_1) / (tf1 + factors1[lengths[docnum]]))
                score2 = idf2 * ((tf * k1_plus_1_2) / (tf + factors2[lengths[docnum]]))
                scores[docnum] = (score1 + score2) * boost
    return scores


def phrase_scores(
    words, blocks: Sequence[Iterable[Block]], *, lengths: bytes, decode, boost: float
) -> dict[int, float]:
    """The documents where ``words`` (three or more) follow one another, each at the position
    after the last, scored as Whoosh scores the phrase: the words' scores added up, times
    ``boost``. Positions are decoded only for documents holding every word."""
    tables: list[dict[int, tuple[float, bytes]]] = []
    common: set[int] | None = None
    for word_blocks in blocks:
        table = {
            docnum: (tf, value)
            for ids, weights, values in word_blocks
            for docnum, tf, value in zip(ids, weights, values, strict=True)
            if common is None or docnum in common
        }
        tables.append(table)
        common = set(table) if common is None else common & table.keys()
    terms = [_bm25_terms(word) for word in words]
    scores: dict[int, float] = {}
    for docnum in sorted(common or ()):
        if _follow_one_another([decode(table[docnum][1]) for table in tables]):
            byte, found = lengths[docnum], []
            for (idf, k1_plus_1, factors), table in zip(terms, tables, strict=True):
                tf = table[docnum][0]
                found.append(idf * ((tf * k1_plus_1) / (tf + factors[byte])))
            scores[docnum] = sum(found) * boost
    return scores


def _follow_one_another(positions: list) -> bool:
    ends = set(positions[0])
    for following in positions[1:]:
        ends = {position for position in following if position - 1 in ends}
        if not ends:
            return False
    return True
