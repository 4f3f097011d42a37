"""The engine's own query nodes: an OR with a minimum number of parts that must match, and a
part whose weight depends on a condition. The engine knows them as such, not what a ranking
builds with them (character grams, the words they were cut from).

Each gives Whoosh a matcher, a document at a time, so that any query shape still works and
plain Whoosh searching means the same; ``reading`` reads both whole with arrays
(``reading.or_parts.OrPart``, ``reading.or_parts.ConditionalPart``), to the same documents and
scores within rounding.
"""

from __future__ import annotations

import copy

from whoosh.matching import Matcher, NullMatcher, NullMatcherClass
from whoosh.matching.wrappers import WrappingMatcher
from whoosh.query import NullQuery, Or
from whoosh.query.wrappers import WrappingQuery


class MinimumMatchOr(Or):
    """An OR whose parts add to the score of every document the OR matches, but which matches a
    document on its own only where at least ``minimum`` of its parts match it.

    Inside another OR (of this kind: ``with_adding_ors``) its parts add their scores to every
    document that OR matches, through another part too. With ``minimum`` 1 it is Whoosh's OR,
    save that a part may add where it does not match (a ``MinimumMatchOr`` inside) and that an
    OR of one part keeps its boost."""

    def __init__(self, subqueries, minimum: int = 1, boost: float = 1.0) -> None:
        super().__init__(subqueries, boost=boost)
        self.minimum = minimum

    def __eq__(self, other) -> bool:
        return super().__eq__(other) and self.minimum == other.minimum

    def __hash__(self) -> int:
        return super().__hash__() ^ hash(self.minimum)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.subqueries!r}, {self.minimum!r}, boost={self.boost!r})"

    def apply(self, fn):
        return type(self)([fn(query) for query in self.subqueries], self.minimum, boost=self.boost)

    def normalize(self):
        """The parts normalised, empty ones left out; never merged with a nested OR, whose parts
        would then count one by one towards ``minimum``."""
        parts = [part for part in (query.normalize() for query in self.subqueries) if part is not NullQuery]
        return type(self)(parts, self.minimum, boost=self.boost) if parts else NullQuery

    def matcher(self, searcher, context=None):
        if not self.subqueries:
            return NullMatcher()
        return MatchingOnly(self.adding_matcher(searcher, context))

    def adding_matcher(self, searcher, context=None) -> AddingUnion:
        """Every document any part adds to, with whether this OR matches it (``AddingUnion``)."""
        parts = [adding_matcher(query, searcher, context) for query in self.subqueries]
        return AddingUnion(parts, self.boost, self.minimum)


def adding_matcher(query, searcher, context=None):
    """``query``'s matcher, or for a ``MinimumMatchOr`` every document it adds to."""
    if isinstance(query, MinimumMatchOr):
        return query.adding_matcher(searcher, context)
    return query.matcher(searcher, context)


def with_adding_ors(query):
    """``query`` with each Whoosh OR that holds a ``MinimumMatchOr`` made one (with ``minimum``
    1), and so each OR of one part with a boost: Whoosh's own union adds only the parts that
    match a document, so a ``MinimumMatchOr`` inside it could not add to the documents its
    neighbours find, and Whoosh matches an OR of one part as that part, its boost dropped.
    Searched with Whoosh's matchers, the query then means what ``reading`` computes."""

    def adding(node):
        if not isinstance(node, Or) or isinstance(node, MinimumMatchOr):
            return node
        parts = node.subqueries
        if any(isinstance(part, MinimumMatchOr) for part in parts) or (len(parts) == 1 and node.boost != 1.0):
            return MinimumMatchOr(parts, 1, boost=node.boost)
        return node

    return query.accept(adding)


class AddingUnion(Matcher):
    """The union of ``parts``: at each document the parts there add their scores, times
    ``boost``; it matches the document where at least ``minimum`` of those parts match it
    (``matching``). A part that is itself an ``AddingUnion`` may be at a document it does not
    match. Documents it does not match are still stepped to, for an OR above to add them up;
    ``MatchingOnly`` leaves them out."""

    def __init__(self, parts: list, boost: float, minimum: int) -> None:
        self._parts, self.boost, self.minimum = [part for part in parts if part.is_active()], boost, minimum

    def _active(self) -> list:
        return [part for part in self._parts if part.is_active()]

    def _here(self) -> list:
        docnum = self.id()
        return [part for part in self._active() if part.id() == docnum]

    def is_active(self) -> bool:
        return any(part.is_active() for part in self._parts)

    def id(self) -> int:
        return min(part.id() for part in self._active())

    def matching(self) -> bool:
        """Whether at least ``minimum`` of the parts at the current document match it."""
        return sum(1 for part in self._here() if _matches(part)) >= self.minimum

    def score(self) -> float:
        return sum(part.score() for part in self._here()) * self.boost

    def next(self) -> None:
        for part in self._here():
            part.next()

    def skip_to(self, docnum: int) -> None:
        for part in self._active():
            if part.id() < docnum:
                part.skip_to(docnum)

    def reset(self) -> None:
        for part in self._parts:
            part.reset()

    def children(self) -> list:
        return list(self._parts)

    def copy(self) -> AddingUnion:
        return AddingUnion([part.copy() for part in self._parts], self.boost, self.minimum)

    def supports_block_quality(self) -> bool:
        return False

    def supports(self, astype) -> bool:
        return False

    def max_quality(self) -> float:
        raise NotImplementedError  # no block quality: Whoosh's collectors never ask


def _matches(part) -> bool:
    return part.matching() if isinstance(part, AddingUnion) else True


class MatchingOnly(WrappingMatcher):
    """An ``AddingUnion`` stepping only to the documents it matches."""

    def __init__(self, child: AddingUnion, boost: float = 1.0) -> None:
        super().__init__(child, boost)
        self._settle()

    def _settle(self) -> None:
        while self.child.is_active() and not self.child.matching():
            self.child.next()

    def _replacement(self, newchild) -> MatchingOnly:
        return MatchingOnly(newchild, self.boost)

    def next(self) -> None:
        self.child.next()
        self._settle()

    def skip_to(self, docnum: int) -> None:
        self.child.skip_to(docnum)
        self._settle()

    def reset(self) -> None:
        self.child.reset()
        self._settle()

    def all_ids(self):
        while self.is_active():
            yield self.id()
            self.next()

    def supports_block_quality(self) -> bool:
        return False


class ConditionalWeight(WrappingQuery):
    """``child``'s matches and scores, each score times ``share`` where the document holds any of
    ``texts`` in ``fieldname`` (the condition). A weight on nothing is nothing: a child that
    becomes ``NullQuery`` (``apply``, ``normalize``) leaves ``NullQuery``."""

    def __init__(self, child, fieldname: str, texts, share: float) -> None:
        super().__init__(child)
        self.fieldname, self.texts, self.share = fieldname, tuple(texts), share

    def __eq__(self, other) -> bool:
        return (
            type(other) is type(self)
            and self.child == other.child
            and (self.fieldname, self.texts, self.share) == (other.fieldname, other.texts, other.share)
        )

    def __hash__(self) -> int:
        return hash(self.child) ^ hash((self.fieldname, self.texts, self.share))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.child!r}, {self.fieldname!r}, {self.texts!r}, {self.share!r})"

    def __str__(self) -> str:
        """As its child reads: the condition changes a score, not what is searched for."""
        return str(self.child)

    def _rewrap(self, child):
        if child is NullQuery:
            return NullQuery
        twin = copy.copy(self)
        twin.child = child
        return twin

    def normalize(self):
        return self._rewrap(self.child.normalize())

    def condition_terms(self, searcher) -> tuple[bytes, ...]:
        """The condition's texts as terms, those the searcher's reader has."""
        field, reader = searcher.schema[self.fieldname], searcher.reader()
        terms = (field.to_bytes(text) for text in self.texts)
        return tuple(term for term in terms if (self.fieldname, term) in reader)

    def matcher(self, searcher, context=None):
        matcher = self.child.matcher(searcher, context)
        if type(matcher) is NullMatcherClass or self.share == 1.0:
            return matcher
        terms = self.condition_terms(searcher)
        if not terms:
            return matcher
        return ConditionalWeightMatcher(matcher, searcher.reader(), self.fieldname, terms, self.share)


class ConditionalWeightMatcher(WrappingMatcher):
    """A matcher's scores, each times ``share`` where the document holds one of ``terms`` in
    ``fieldname`` (a document at a time; ``reading.or_parts.ConditionalPart`` reads it whole)."""

    def __init__(  # noqa: PLR0917 (the condition's parts)
        self, child, reader, fieldname: str, terms: tuple[bytes, ...], share: float, held=None
    ) -> None:
        super().__init__(child)
        self.reader, self.fieldname, self.terms, self.share, self._held = reader, fieldname, terms, share, held

    def copy(self) -> ConditionalWeightMatcher:
        return self._replacement(self.child.copy())

    def _replacement(self, newchild) -> ConditionalWeightMatcher:
        return ConditionalWeightMatcher(newchild, self.reader, self.fieldname, self.terms, self.share, self._held)

    def held(self) -> frozenset[int]:
        """The documents that hold the condition, deleted ones included."""
        if self._held is None:
            postings = (self.reader.postings(self.fieldname, term) for term in self.terms)
            self._held = frozenset(docnum for matcher in postings for docnum in matcher.all_ids())
        return self._held

    def supports_block_quality(self) -> bool:
        return False

    def score(self) -> float:
        score = self.child.score()
        return score * self.share if self.child.id() in self.held() else score
