"""Counting a search's matches per minister and per year."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter

from whoosh.sorting import Count, FieldFacet

FACET_FIELDS = {"minister": "minister_facet", "year": "year"}


def facet_counts(searcher, query, docnums: list[int]) -> dict[str, dict[str, int]]:
    """Per facet, how many of ``docnums`` (all the matches of ``query``) have each value, most first.

    What Whoosh's grouping counts, from the matches a search has already collected: grouping
    through Whoosh ran the query again through its own collector (at 30,000 documents a search
    with facets took 410 ms instead of 48)."""
    found = sorted(docnums)
    counts = {name: _counts(searcher, query, field, found) for name, field in FACET_FIELDS.items()}
    return {
        name: dict(sorted(((str(k), v) for k, v in counted.items() if k is not None), key=lambda kv: (-kv[1], kv[0])))
        for name, counted in counts.items()
    }


def _counts(searcher, query, field: str, docnums: list[int]) -> dict:
    facet = FieldFacet(field, maptype=Count)
    categorizer = facet.categorizer(searcher)
    if categorizer.needs_current:  # a categorizer that reads the matcher: let Whoosh group
        return searcher.search(query, limit=1, groupedby={field: facet}).groups(field)
    counted: Counter = Counter()
    for subsearcher, offset in searcher.leaf_searchers():
        categorizer.set_searcher(subsearcher, offset)
        end = offset + subsearcher.doc_count_all()
        for docnum in docnums[bisect_left(docnums, offset) : bisect_left(docnums, end)]:
            counted[categorizer.key_to_name(categorizer.key_for(None, docnum - offset))] += 1
    return counted
