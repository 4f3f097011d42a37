"""Counting a search's matches per minister, year, party, asker, policy domain and theme.

A document has one value per facet, or none, except for themes: it may have several, and counts
under each (so a theme's counts add up to more than the matches)."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from functools import partial

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


def facet_counts(searcher, query, docnums: list[int]) -> dict[str, dict[str, int]]:
    """Per facet, how many of ``docnums`` (all the matches of ``query``) have each value, most first.

    What Whoosh's grouping counts, from the matches a search has already collected: grouping
    through Whoosh runs the query again through its own collector, several times the search."""
    found = sorted(docnums)
    return {name: _most_first(_counts(searcher, query, field, found), _no_value(searcher.schema[field]))
            for name, field in FACET_FIELDS.items()}  # fmt: skip


def _no_value(field) -> set:
    """What a document without the field is counted under: its column's default value, as a name
    (the largest 32-bit number for ``year``, which a document without a date showed as its year;
    an empty name for ``minister`` and ``party``), or ``None``."""
    return {None, field.from_column_value(field.column_type.default_value())}


def _most_first(counted: dict, no_value: set) -> dict[str, int]:
    return dict(sorted(((str(k), v) for k, v in counted.items() if k not in no_value), key=lambda kv: (-kv[1], kv[0])))


def _counts(searcher, query, field: str, docnums: list[int]) -> dict:
    facet = FieldFacet(field, maptype=Count)
    categorizer = facet.categorizer(searcher)
    if categorizer.needs_current:  # a categorizer that reads the matcher: let Whoosh group
        return searcher.search(query, limit=1, groupedby={field: facet}).groups(field)
    keys: Counter = Counter()
    for subsearcher, offset in searcher.leaf_searchers():
        categorizer.set_searcher(subsearcher, offset)
        end = offset + subsearcher.doc_count_all()
        found = docnums[bisect_left(docnums, offset) : bisect_left(docnums, end)]
        keys.update(map(partial(categorizer.key_for, None), (docnum - offset for docnum in found)))
    counted: Counter = Counter()
    separator = MULTI_VALUED.get(field)
    for key, count in keys.items():  # a key's name once, not once per document
        name = categorizer.key_to_name(key)
        for value in name.split(separator) if separator and name else (name,):
            counted[value] += count
    return counted


def facet_filter(name: str, value: str):
    """The query matching exactly the documents counted under facet ``name``'s ``value`` (a value
    ``facet_counts`` gave): a term of the facet's own field, so a filter's count is the facet's
    (for a theme: the term of each value the column lists).

    Raises ``KeyError`` for an unknown facet and ``ValueError`` for a year that is not a number."""
    field = FACET_FIELDS[name]
    if field == "year":
        year = int(value)
        return NumericRange(field, year, year)
    return Term(field, value)
