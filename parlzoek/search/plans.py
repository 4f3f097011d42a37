"""The parts of an OR query, each able to add its scores for all of its documents or only for some.

An OR adds up its parts' scores per document (``AccumulatingOr``). Scoring every part in full is
what the general matchers do; to rank only the best documents of a long query (``pruning``), a
part must also tell the most it can add to any document (its ``bound``) and add its scores for a
given set of candidates alone, reading only the blocks of postings that hold one. Either way a
document's score is the same float: the same operations in the same order, per document.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator

from whoosh.matching.combo import CombinationMatcher

from parlzoek.search.blockscore import (
    Block,
    DecodedPostings,
    SegmentTables,
    add_bm25_scores,
    block_ids,
    pair_scores,
)


class Candidates:
    """The documents still in the running, sorted (for skipping blocks) and as a set."""

    def __init__(self, docnums: Iterable[int]) -> None:
        self.order = sorted(docnums)
        self.members = frozenset(self.order)

    def __len__(self) -> int:
        return len(self.order)


class TermPart:
    """A word in one field, scored by BM25F block by block."""

    def __init__(self, postings, term_boost: float, tables: SegmentTables, decoded: DecodedPostings) -> None:
        self.postings, self.term_boost, self.tables, self.decoded = postings, term_boost, tables, decoded
        self.lengths = tables.lengths(postings.term()[0])
        self.bound = postings.scorer.max_quality() * term_boost if term_boost >= 0 else math.inf

    keep = False  # whether its decoded postings are kept for word pairs read after it (``pruning``)

    def add(self, scores: dict[int, float], boost: float) -> None:
        read = self.decoded.shared if self.keep else self.decoded.last
        blocks = read(self.tables.reader, self.postings)
        add_bm25_scores(scores, self.postings, blocks, term_boost=self.term_boost, lengths=self.lengths, boost=boost)

    def add_for(self, scores: dict[int, float], boost: float, candidates: Candidates, matched: set[int]) -> None:
        blocks = candidate_blocks(self.postings, candidates, matched)
        add_bm25_scores(scores, self.postings, blocks, term_boost=self.term_boost, lengths=self.lengths, boost=boost)


class PairPart:
    """Two words next to each other (``AdjacentPair``), scored as Whoosh scores the phrase.

    ``counted``: the first word is a part of the same query in the same field, so the pair's
    documents are counted with it and it need not read the blocks without candidates."""

    def __init__(self, words, boost: float, tables: SegmentTables, decoded: DecodedPostings, decode) -> None:
        self.words, self.boost, self.tables, self.decoded, self.decode = words, boost, tables, decoded, decode
        self.lengths = tables.lengths(words[0].term()[0])
        self.counted = False
        self._table: dict[int, float] | None = None
        bound = (words[0].scorer.max_quality() + words[1].scorer.max_quality()) * boost
        self.bound = bound if boost >= 0 else math.inf

    def table(self) -> dict[int, float]:
        if self._table is None:
            reader, (first, second) = self.tables.reader, self.words
            blocks = (self.decoded.shared(reader, first), self.decoded.shared(reader, second))
            scores = pair_scores(self.words, blocks, lengths=self.lengths, decode=self.decode, boost=self.boost)
            self._table = without(scores, self.tables.deleted)
        return self._table

    def add(self, scores: dict[int, float], boost: float) -> None:
        add_table(scores, self.table(), boost)

    def add_for(self, scores: dict[int, float], boost: float, candidates: Candidates, matched: set[int]) -> None:
        if not self.counted:
            table = self.table()
            matched.update(table)
            add_table(scores, {docnum: table[docnum] for docnum in candidates.order if docnum in table}, boost)
            return
        blocks = tuple(self._candidate_blocks(postings, candidates) for postings in self.words)
        table = pair_scores(self.words, blocks, lengths=self.lengths, decode=self.decode, boost=self.boost)
        add_table(scores, table, boost)

    def _candidate_blocks(self, postings, candidates: Candidates) -> Iterator[Block]:
        kept = self.decoded.kept(self.tables.reader, postings)
        return candidate_blocks(postings, candidates, None) if kept is None else kept_candidate_blocks(kept, candidates)


class OrPart:
    """Parts whose scores add up, times ``boost``: what ``AccumulatingOr`` matches."""

    def __init__(self, parts: list, boost: float, tables: SegmentTables, matchers=()) -> None:
        self.parts, self.boost, self.tables, self.matchers = parts, boost, tables, list(matchers)
        self._table: dict[int, float] | None = None
        self.bound = sum(part.bound for part in parts) * boost if boost >= 0 else math.inf

    def table(self) -> dict[int, float]:
        """Read in full. Nested ORs and pairs are read first, as Whoosh builds matchers: a pair keeps
        the postings it decodes for its words, which take them over (one decoding, not two)."""
        if self._table is None:
            for part in self.parts:
                if isinstance(part, OrPart | PairPart):
                    part.table()
            scores: dict[int, float] = {}
            for part in self.parts:
                part.add(scores, self.boost)
            self._table = without(scores, self.tables.deleted)
        return self._table

    def add(self, scores: dict[int, float], boost: float) -> None:
        add_table(scores, self.table(), boost)

    def add_for(self, scores: dict[int, float], boost: float, candidates: Candidates, matched: set[int]) -> None:
        table: dict[int, float] = {}
        for part in self.parts:
            part.add_for(table, self.boost, candidates, matched)
        add_table(scores, table, boost)

    def leaves(self) -> Iterator:
        for part in self.parts:
            yield from part.leaves() if isinstance(part, OrPart) else (part,)


class MatcherPart:
    """Any other matcher, matched in full: it cannot tell how much it adds (no bound)."""

    bound = math.inf

    def __init__(self, matcher, scored: bool) -> None:
        self.matcher, self.scored = matcher, scored

    def add(self, scores: dict[int, float], boost: float) -> None:
        if self.scored and type(self.matcher) is ScoreTable:
            add_table(scores, self.matcher._scores, boost)
        else:
            add_matches(scores, self.matcher, boost, self.scored)

    def add_for(self, scores, boost, candidates, matched) -> None:
        raise AssertionError("a part without a bound is always matched in full")


def mark_counted_pairs(plan: OrPart) -> None:
    """Pairs whose first word is a part of the plan in the same field."""
    leaves = list(plan.leaves())
    terms = {leaf.postings.term() for leaf in leaves if isinstance(leaf, TermPart)}
    for leaf in leaves:
        if isinstance(leaf, PairPart):
            leaf.counted = leaf.words[0].term() in terms


def candidate_blocks(postings, candidates: Candidates, matched: set[int] | None) -> Iterator[Block]:
    """The blocks holding a candidate, with only the candidates' postings. Blocks without one
    are skipped by their header unless ``matched`` is given: it collects every document read."""
    order, members = candidates.order, candidates.members
    start = 0
    postings.reset()
    while postings.is_active() and (start < len(order) or matched is not None):
        end = bisect_right(order, postings._maxid, start)
        if end > start or matched is not None:
            ids = block_ids(postings)
            if matched is not None:
                matched.update(ids)
            if end > start:
                postings._read_weights()
                postings._read_values()
                yield _chosen(ids, postings._weights, postings._values, members)
        start = end
        postings._next_block()


def kept_candidate_blocks(blocks: list[Block], candidates: Candidates) -> Iterator[Block]:
    """``candidate_blocks`` of postings decoded before."""
    order, members = candidates.order, candidates.members
    start = 0
    for ids, weights, values in blocks:
        end = bisect_right(order, ids[-1], start)
        if end > start:
            yield _chosen(ids, weights, values, members)
        start = end


def _chosen(ids, weights, values, members: frozenset[int]) -> Block:
    chosen = [i for i, docnum in enumerate(ids) if docnum in members]
    return tuple(ids[i] for i in chosen), [weights[i] for i in chosen], tuple(values[i] for i in chosen)


def add_table(scores: dict[int, float], table: dict[int, float], boost: float) -> None:
    get = scores.get
    for docnum, score in table.items():
        scores[docnum] = get(docnum, 0.0) + score * boost


def add_matches(scores: dict[int, float], matcher, boost: float, scored: bool) -> None:
    get = scores.get
    while matcher.is_active():
        docnum = matcher.id()
        scores[docnum] = get(docnum, 0.0) + (matcher.score() * boost if scored else boost)
        matcher.next()


def without(scores: dict[int, float], deleted: frozenset[int]) -> dict[int, float]:
    for docnum in deleted:
        scores.pop(docnum, None)
    return scores


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
