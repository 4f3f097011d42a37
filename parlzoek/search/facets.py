"""Counting a search's matches per minister, year, party, asker, policy domain and theme.

A document has one value per facet, or none, except for themes: it may have several, and counts
under each (so a theme's counts add up to more than the matches)."""

from __future__ import annotations

from collections import Counter

import numpy as np
from whoosh.query import NumericRange, Term
from whoosh.sorting import Count, FieldFacet

FACET_FIELDS = {
    "minister": "minister_facet",
    "year": "year",
    "party": "party_facet",
    "asker": "asker_facet",
    "function": "function_facet",
    "theme": "theme_facet",
}
MULTI_VALUED = {"theme_facet": ","}  # field → the separator of the values in its column (``theme_list``)


class FacetColumns:
    """Each facet's value of every document of an open index, read once (when first counted):
    counting a search's matches is then an array look-up and a count per facet. Through Whoosh's
    categorizers it was a Python call per match and facet, a sixth of a search page's time.

    Belongs to one searcher (one thread's ``SearchEngine``); a new generation is a new engine."""

    def __init__(self, searcher) -> None:
        self.searcher = searcher
        self._columns: dict[str, tuple[np.ndarray, list] | None] = {}

    def counts(self, query, docnums: list[int]) -> dict[str, dict[str, int]]:
        """Per facet, how many of ``docnums`` (all the matches of ``query``) have each value, most
        first; the same counts as Whoosh's grouping (a test holds them to it), which runs the query
        again through its own collector, several times the search."""
        found = np.asarray(docnums, dtype=np.intp)
        schema = self.searcher.schema
        return {name: _most_first(self._counts(query, field, found), _no_value(schema[field]))
                for name, field in FACET_FIELDS.items()}  # fmt: skip

    def _counts(self, query, field: str, found: np.ndarray) -> Counter:
        if field not in self._columns:
            self._columns[field] = _column(self.searcher, field)
        if (column := self._columns[field]) is None:  # a categorizer that reads the matcher: let Whoosh group
            facet = FieldFacet(field, maptype=Count)
            return Counter(self.searcher.search(query, limit=1, groupedby={field: facet}).groups(field))
        codes, names = column
        counted: Counter = Counter()
        separator = MULTI_VALUED.get(field)
        per_code = np.bincount(codes[found], minlength=len(names))
        for code in np.flatnonzero(per_code):  # a value's name once, not once per document
            name, count = names[code], int(per_code[code])
            for value in name.split(separator) if separator and name else (name,):
                counted[value] += count
        return counted


def _column(searcher, field: str) -> tuple[np.ndarray, list] | None:
    """(a code per document number, the name of each code) of ``field``'s facet; ``None`` where
    its categorizer needs the current match. A key is named in its own segment: a posting
    categorizer's keys are that segment's term numbers."""
    categorizer = FieldFacet(field, maptype=Count).categorizer(searcher)
    if categorizer.needs_current:
        return None
    codes = np.zeros(searcher.doc_count_all(), dtype=np.int32)
    names: list = []
    code_of_name: dict = {}
    for subsearcher, offset in searcher.leaf_searchers():
        categorizer.set_searcher(subsearcher, offset)
        code_of_key: dict = {}
        for docnum in range(subsearcher.doc_count_all()):
            key = categorizer.key_for(None, docnum)
            if (code := code_of_key.get(key)) is None:
                name = categorizer.key_to_name(key)
                code = code_of_key[key] = code_of_name.setdefault(name, len(names))
                if code == len(names):
                    names.append(name)
            codes[offset + docnum] = code
    return codes, names


def _no_value(field) -> set:
    """What a document without the field is counted under: its column's default value, as a name
    (the largest 32-bit number for ``year``, which a document without a date showed as its year;
    an empty name for ``minister`` and ``party``), or ``None``."""
    return {None, field.from_column_value(field.column_type.default_value())}


def _most_first(counted: dict, no_value: set) -> dict[str, int]:
    return dict(sorted(((str(k), v) for k, v in counted.items() if k not in no_value), key=lambda kv: (-kv[1], kv[0])))


def facet_filter(name: str, value: str):
    """The query matching exactly the documents counted under facet ``name``'s ``value`` (a value
    ``FacetColumns.counts`` gave): a term of the facet's own field, so a filter's count is the facet's
    (for a theme: the term of each value the column lists).

    Raises ``KeyError`` for an unknown facet and ``ValueError`` for a year that is not a number."""
    field = FACET_FIELDS[name]
    if field == "year":
        year = int(value)
        return NumericRange(field, year, year)
    return Term(field, value)
