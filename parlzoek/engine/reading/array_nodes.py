"""Our query nodes: ORs and phrases that read their postings whole with arrays, ranges read as
arrays (``ranges``), and an AND NOT that leaves out every excluded document.

``collect`` puts them in place of Whoosh's ``Or`` (and the engine's ``MinimumMatchOr``),
``Phrase``, ``NumericRange`` and ``AndNot`` for the length of one search (``accumulating``); each
can still give Whoosh a matcher, so any query shape works.
"""

from __future__ import annotations

import functools

from whoosh.matching import AndNotMatcher, NullMatcher, NullMatcherClass
from whoosh.query import AndNot, NumericRange, Or, Phrase

from parlzoek.engine.nodes import ConditionalWeightMatcher, MinimumMatchOr
from parlzoek.engine.reading.array_ranges import ArrayRange
from parlzoek.engine.reading.block_scores import DecodedPostings, SegmentTables, bm25_postings, bm25_scored, unfiltered
from parlzoek.engine.reading.or_parts import (
    ConditionalPart,
    MatcherPart,
    OrPart,
    PairPart,
    PhrasePart,
    ScoreTable,
    TermPart,
)


def accumulating(node, decoded: DecodedPostings):
    if isinstance(node, NumericRange) and node.constantscore:
        return ArrayRange.of(node)
    if type(node) is AndNot:
        return Excluding(node.a, node.b)
    if isinstance(node, Or):
        minimum = node.minimum if isinstance(node, MinimumMatchOr) else 1
        node = AccumulatingOr(node.subqueries, minimum, boost=node.boost)
    elif type(node) is Phrase and node.slop == 1 and len(node.words) >= 2:
        kind = AdjacentPair if len(node.words) == 2 else AdjacentWords
        node = kind(node.fieldname, node.words, boost=node.boost, char_ranges=node.char_ranges)
    else:
        return node
    node.decoded = decoded
    return node


class AccumulatingOr(MinimumMatchOr):
    """An OR matched part at a time: each part's documents and scores are read whole (a word in a
    field from the flat postings, with numpy) and added up in arrays the size of the segment. The
    same documents as Whoosh's tree of union matchers and the same scores within rounding (tests
    hold them to it); Whoosh steps every posting through a dozen calls and rebuilds its tree every
    ten matches, most of a long query's time. With a ``minimum`` above 1, a document matches
    where that many parts match it, but every part adds where it is (``MinimumMatchOr``)."""

    decoded: DecodedPostings | None = None  # shared by the nodes of one search (see ``collect``)

    def matcher(self, searcher, context=None):
        """The table of scores, also for an OR of one part (whose boost Whoosh's ``Or`` would drop)."""
        if not self.subqueries:
            return NullMatcher()
        plan = self.plan(searcher, context)
        return ScoreTable(plan.table(), plan.matchers)

    def plan(self, searcher, context) -> OrPart:
        """The parts of this OR in one segment, not yet read."""
        scored = context.weighting is not None if context else True
        tables, decoded = SegmentTables(searcher.reader()), self.decoded or DecodedPostings()
        parts, matchers = [], []
        for sub in self.subqueries:
            part = planned(sub, searcher, context) if scored else None
            if part is None:
                matcher = sub.matcher(searcher, context)
                matchers.append(matcher)
                part = part_of(matcher, scored, tables, decoded)
            if part is not None:
                parts.append(part)
        return OrPart(parts, self.boost, tables, matchers, self.minimum)


def planned(sub, searcher, context):
    if isinstance(sub, AccumulatingOr | AdjacentPair):
        return sub.plan(searcher, context)
    return None


def is_or(query) -> bool:
    """One of our ORs, read whole: ``plan`` tells its parts."""
    return isinstance(query, AccumulatingOr)


def part_of(matcher, scored: bool, tables: SegmentTables, decoded: DecodedPostings):
    """A term scored whole (BM25F), nothing for a term this segment lacks, else the matcher itself."""
    if scored and type(matcher) is ConditionalWeightMatcher:
        part = part_of(matcher.child, scored, tables, decoded)
        if part is None:
            return None
        held = functools.partial(decoded.holding, tables, matcher.terms, matcher.fieldname)
        return ConditionalPart(part, held, matcher.share)
    postings = bm25_postings(matcher, tables.deleted) if scored else None
    if postings and tables.lengths(postings[0].term()[0]) is not None:
        return TermPart(postings[0], postings[1], tables, decoded)
    if type(matcher) is NullMatcherClass:
        return None
    return MatcherPart(matcher, scored)


class AdjacentPair(Phrase):
    """Two words next to each other, as Whoosh's ``Phrase`` finds and scores them (the sum of both
    words' scores), found by reading each word's postings once and checking positions only where
    both occur. Whoosh steps an intersection of the two, document by document, in a dozen calls
    each, which would make the word pairs a large part of a query's time."""

    decoded: DecodedPostings | None = None  # shared by the nodes of one search (see ``collect``)

    def matcher(self, searcher, context=None):
        plan = self.plan(searcher, context) if self.fieldname in searcher.schema else None
        return ScoreTable(plan.table()) if plan is not None else super().matcher(searcher, context)

    def plan(self, searcher, context) -> PairPart | None:
        """Both words' postings in one segment, not yet read; ``None`` where only Whoosh's phrase
        matcher can do (another scoring, a word missing)."""
        found = self._postings(searcher, context)
        return self._part(*found) if found is not None else None

    def _part(self, postings, tables: SegmentTables, decode):
        return PairPart(postings, self.boost, tables, self.decoded or DecodedPostings(), decode)

    def _postings(self, searcher, context):
        weighting = context.weighting if context else searcher.weighting
        field, reader = searcher.schema[self.fieldname], searcher.reader()
        words = [field.to_bytes(word) for word in self.words]
        tables = SegmentTables(reader)
        if weighting is None or tables.lengths(self.fieldname) is None:
            return None
        if not all((self.fieldname, word) in reader for word in words):
            return None
        postings = [
            unfiltered(searcher.postings(self.fieldname, word, weighting=weighting), tables.deleted) for word in words
        ]
        if not all(bm25_scored(p) for p in postings):
            return None
        return postings, tables, field.format.decoder("positions")


class AdjacentWords(AdjacentPair):
    """Three words or more one after another (a quoted phrase), as Whoosh's ``Phrase`` finds and
    scores them: each word's postings read once, positions decoded only where all occur. Whoosh
    steps its spans document by document, slow on a large index."""

    def _part(self, postings, tables: SegmentTables, decode):
        return PhrasePart(postings, self.boost, tables, decode)


class Excluding(AndNot):
    """``a -b`` matched with ``ExcludingMatcher``: Whoosh's own kept a document it should leave out."""

    def matcher(self, searcher, context=None):
        wanted = self.a.matcher(searcher, context)
        unwanted = self.b.matcher(searcher, searcher.boolean_context())
        return ExcludingMatcher(wanted, unwanted)


class ExcludingMatcher(AndNotMatcher):
    """Whoosh 2.7.4's ``AndNotMatcher`` checks its first match against the excluded documents only
    when both sides start on the same document, so ``a -b`` kept a segment's first ``a`` document
    whenever a ``b`` document came before it. Here the first match is checked like every other."""

    def _find_first(self):
        if self.a.is_active() and self.b.is_active():
            self._find_next()
