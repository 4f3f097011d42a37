"""The parts of an OR query, each able to tell its documents and scores.

An OR adds up its parts' scores per document (``AccumulatingOr``). Here a word in a field is
scored whole, all its documents at once with numpy, from the segment's flat postings; word pairs
need positions, which only Whoosh's blocks hold, and can be read for a few candidate documents
alone (``pruning``), for which a pair tells the most it can add to a score (its ``bound``).
Either way a document's score is the same float. Against Whoosh's matchers, the same documents
and scores within rounding: the parts are added up in the query's order, not along Whoosh's
tree of matchers.
"""

from __future__ import annotations

import functools
import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from typing import NamedTuple

import numpy as np
from whoosh.matching.combo import CombinationMatcher

from parlzoek.engine.reading.block_scores import (
    Block,
    DecodedPostings,
    SegmentTables,
    block_ids,
    bm25_values,
    pair_scores,
    phrase_scores,
    term_arrays,
)


class Scored(NamedTuple):
    """A part's documents (distinct numbers) and what each adds, before the boost of the OR above."""

    docnums: object  # numpy integer array
    scores: object  # numpy float64 array


class Candidates:
    """The documents still in the running, sorted (for skipping blocks) and as a set."""

    def __init__(self, docnums: list[int]) -> None:
        self.order = sorted(docnums)
        self.members = frozenset(self.order)


class TermPart:
    """A word in one field, scored by BM25F all at once."""

    def __init__(self, postings, term_boost: float, tables: SegmentTables, decoded: DecodedPostings) -> None:
        self.postings, self.term_boost, self.tables, self.decoded = postings, term_boost, tables, decoded
        self._scored: Scored | None = None

    def scored(self) -> Scored:
        if self._scored is None:
            docnums, tfs = term_arrays(self.postings, self.tables, self.decoded)
            lengths = self.tables.length_array(self.postings.term()[0])
            self._scored = Scored(docnums, bm25_values(self.postings, docnums, tfs, lengths) * self.term_boost)
        return self._scored


class ConditionalPart:
    """A ``ConditionalWeight`` read whole: its part's scores, times ``share`` for the documents
    holding the condition (``held``, a mask the size of the segment)."""

    def __init__(self, part, held: Callable[[], object], share: float) -> None:
        self.part, self.held, self.share = part, held, share
        self._scored: Scored | None = None

    def scored(self) -> Scored:
        if self._scored is None:
            docnums, scores = self.part.scored()
            self._scored = Scored(docnums, np.where(self.held()[docnums], scores * self.share, scores))
        return self._scored


class PairPart:
    """Two words next to each other (``AdjacentPair``), scored as Whoosh scores the phrase.

    ``counted``: the first word is a part of the same query in the same field, so the pair's
    documents are counted with it. ``chosen``: the pair's scores for some documents only, set by
    ``pruning``, given instead of all of them."""

    def __init__(self, words, boost: float, tables: SegmentTables, decoded: DecodedPostings, decode) -> None:
        self.words, self.boost, self.tables, self.decoded, self.decode = words, boost, tables, decoded, decode
        self.lengths = tables.lengths(words[0].term()[0])
        self.counted = False
        self.chosen: Scored | None = None
        self._table: dict[int, float] | None = None
        bound = (words[0].scorer.max_quality() + words[1].scorer.max_quality()) * boost
        self.bound = bound if boost >= 0 else math.inf

    def table(self) -> dict[int, float]:
        if self._table is None:
            sums = self.decoded.pair(self.tables.reader, self.words, self._sums)
            boost = self.boost  # (a + b) * boost, as pair_scores computes it: the same float
            self._table = {docnum: total * boost for docnum, total in sums.items()}
        return self._table

    def _sums(self) -> dict[int, float]:
        """Both words' scores added, unboosted, for every live document with the pair."""
        reader, (first, second) = self.tables.reader, self.words
        # the pairs of a query go word by word (a-b, b-c): the next pair needs the second word again
        blocks = (self.decoded.last(reader, first), self.decoded.shared(reader, second))
        sums = pair_scores(self.words, blocks, lengths=self.lengths, decode=self.decode, boost=1.0)
        for docnum in self.tables.deleted:
            sums.pop(docnum, None)
        return sums

    def scored(self) -> Scored:
        return self.chosen if self.chosen is not None else as_scored(self.table())

    def for_candidates(self, candidates: Candidates) -> Scored:
        """The pair's scores for the candidates, reading only the blocks of postings holding one."""
        blocks = tuple(candidate_blocks(postings, candidates) for postings in self.words)
        return as_scored(pair_scores(self.words, blocks, lengths=self.lengths, decode=self.decode, boost=self.boost))


class PhrasePart:
    """Three words or more one after another (``AdjacentWords``), scored as Whoosh scores the
    phrase; read whole, each word's postings once."""

    def __init__(self, words, boost: float, tables: SegmentTables, decode) -> None:
        self.words, self.boost, self.tables, self.decode = words, boost, tables, decode
        self._table: dict[int, float] | None = None

    def table(self) -> dict[int, float]:
        if self._table is None:
            lengths = self.tables.lengths(self.words[0].term()[0])
            # first the documents holding every word, from the flat postings; positions only there
            read = [term_arrays(postings, self.tables, DecodedPostings())[0] for postings in self.words]
            candidates = Candidates(functools.reduce(np.intersect1d, read).tolist())
            blocks = [list(candidate_blocks(postings, candidates)) for postings in self.words]
            table = phrase_scores(self.words, blocks, lengths=lengths, decode=self.decode, boost=self.boost)
            for docnum in self.tables.deleted:
                table.pop(docnum, None)
            self._table = table
        return self._table

    def scored(self) -> Scored:
        return as_scored(self.table())


class OrPart:
    """Parts whose scores add up, times ``boost``: what ``AccumulatingOr`` matches. A document
    matches where at least ``minimum`` parts match it, and every part adds where it is
    (``MinimumMatchOr``)."""

    def __init__(self, parts: list, boost: float, tables: SegmentTables, matchers=(), minimum: int = 1) -> None:
        self.parts, self.boost, self.tables, self.matchers = parts, boost, tables, list(matchers)
        self.minimum = minimum

    def dense(self):
        """Every document's score and whether it matched, as two arrays the size of the segment
        (deleted documents still in)."""
        scores, matched, _ = self.accumulated()
        return scores, matched

    def accumulated(self):
        """Scores, matches, and where any part added to a score, as arrays the size of the segment:
        a part may add to documents it does not match (a nested OR with a ``minimum``), and
        with a ``minimum`` above 1 so may this OR. Nested ORs and pairs are read first, as
        Whoosh builds matchers: a pair keeps the postings it decodes, which its words take over."""
        read_first = [None if isinstance(part, TermPart) else contribution(part) for part in self.parts]
        size, counting = self.tables.size, self.minimum > 1
        scores = np.zeros(size)
        matched = np.zeros(size, dtype=np.int32 if counting else bool)  # how many parts match, or whether any
        touched = None
        for part, done in zip(self.parts, read_first, strict=True):
            docnums, values, matching = contribution(part) if done is None else done
            scores[docnums] += values * self.boost
            if counting:
                matched[matching] += 1
            else:
                matched[matching] = True
            if matching is not docnums:
                touched = np.zeros(size, dtype=bool) if touched is None else touched
                touched[docnums] = True
        if counting:
            held = matched > 0
            return scores, matched >= self.minimum, held if touched is None else touched | held
        return scores, matched, matched if touched is None else touched | matched

    def contribution(self):
        """The live documents this OR adds to, what it adds, and those of them it matches."""
        scores, matched, touched = self.accumulated()
        docnums = self.tables.live_docnums(touched)
        return docnums, scores[docnums], docnums if touched is matched else self.tables.live_docnums(matched)

    def scored(self) -> Scored:
        scores, matched, _ = self.accumulated()
        docnums = self.tables.live_docnums(matched)
        return Scored(docnums, scores[docnums])

    def table(self) -> dict[int, float]:
        docnums, scores = self.scored()
        return dict(zip(docnums.tolist(), scores.tolist(), strict=True))

    def leaves(self) -> Iterator:
        for part in self.parts:
            yield from part.leaves() if isinstance(part, OrPart) else (part,)


def contribution(part):
    """(documents added to, what is added, documents matched) of any part of an OR."""
    if isinstance(part, OrPart):
        return part.contribution()
    docnums, scores = part.scored()
    return docnums, scores, docnums


class MatcherPart:
    """Any other matcher, read through as Whoosh's matchers are: a fuzzy or prefix word's
    expansion, an AND NOT, a phrase with a slop, a query scored another way. Each has matching
    rules of its own that Whoosh's matchers already keep, and none is a large part of a ranking
    query's time, so they are not written a second time with arrays."""

    def __init__(self, matcher, scored: bool) -> None:
        self.matcher, self.is_scored = matcher, scored
        self._scored: Scored | None = None

    def scored(self) -> Scored:
        if self._scored is None:
            if type(self.matcher) is ScoreTable:
                table = self.matcher._scores if self.is_scored else dict.fromkeys(self.matcher._scores, 1.0)
            else:
                table = {}
                add_matches(table, self.matcher, 1.0, self.is_scored)
            self._scored = as_scored(table)
        return self._scored


def as_scored(table: dict[int, float]) -> Scored:
    return Scored(np.fromiter(table, np.int64, len(table)), np.fromiter(table.values(), np.float64, len(table)))


def as_dense(part: Scored, size: int):
    """A part's scores and matches as two arrays the size of the segment (0.0 and False elsewhere)."""
    scores, matched = np.zeros(size), np.zeros(size, dtype=bool)
    scores[part.docnums], matched[part.docnums] = part.scores, True
    return scores, matched


def mark_counted_pairs(plan: OrPart) -> None:
    """Pairs whose first word is a part of the plan in the same field."""
    leaves = list(plan.leaves())
    terms = {leaf.postings.term() for leaf in leaves if isinstance(leaf, TermPart)}
    for leaf in leaves:
        if isinstance(leaf, PairPart):
            leaf.counted = leaf.words[0].term() in terms


def candidate_blocks(postings, candidates: Candidates) -> Iterator[Block]:
    """The blocks holding a candidate, with only the candidates' postings; blocks without one are
    skipped by their header, never decoded."""
    order, members = candidates.order, candidates.members
    start = 0
    postings.reset()
    while postings.is_active() and start < len(order):
        end = bisect_right(order, postings._maxid, start)
        if end > start:
            ids = block_ids(postings)
            postings._read_weights()
            postings._read_values()
            chosen = [i for i, docnum in enumerate(ids) if docnum in members]
            weights, values = postings._weights, postings._values
            yield tuple(ids[i] for i in chosen), [weights[i] for i in chosen], tuple(values[i] for i in chosen)
        start = end
        postings._next_block()


def add_matches(scores: dict[int, float], matcher, boost: float, scored: bool) -> None:
    get = scores.get
    while matcher.is_active():
        docnum = matcher.id()
        scores[docnum] = get(docnum, 0.0) + (matcher.score() * boost if scored else boost)
        matcher.next()


class ScoreTable(CombinationMatcher):
    """The documents of a table of scores, in order: a matcher whose work is done."""

    def __init__(self, scores: dict[int, float], submatchers=()) -> None:
        super().__init__(list(submatchers))
        self._scores, self._ids, self._at = scores, sorted(scores), 0

    def is_active(self) -> bool:
        return self._at < len(self._ids)

    def id(self) -> int:
        return self._ids[self._at]

    def score(self) -> float:
        return self._scores[self._ids[self._at]]

    def next(self) -> bool:
        self._at += 1
        return False

    def skip_to(self, docnum: int) -> None:
        self._at = bisect_left(self._ids, docnum, self._at)

    def all_ids(self):
        return iter(self._ids[self._at :])

    def reset(self) -> None:
        self._at = 0

    def copy(self) -> ScoreTable:
        twin = object.__new__(ScoreTable)
        twin.__dict__.update(self.__dict__)
        return twin

    def supports(self, astype) -> bool:
        return False

    def supports_block_quality(self) -> bool:
        return False

    def max_quality(self) -> float:
        return max(self._scores.values(), default=0.0)
