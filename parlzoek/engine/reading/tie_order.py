"""The best matches ordered by score, ties by document id, without reading every id of a big tie.

A filter alone (``jaar:2017``) gives all its matches one score: ordering them by id would read
every one of their ids from the id column to show ten. The id field's
terms are already in id order, so the first ids of a big tie are found by walking them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

Ranked = tuple[float, str, int]  # score, id, docnum

BIG_TIE = 2_000  # ties smaller than this are simply sorted
DENSE = 20  # a tie holding over a DENSE-th of the index: its first ids come from walking the terms


def best_by_score_then_id(reader, hits: Sequence, need: int, id_of: Callable[[int], str]) -> list[Ranked]:
    """The ``need`` best of ``hits`` (each with ``docnum`` and ``score``; every match scoring at
    least the ``need``-th's), by score, then id."""
    if len(hits) < BIG_TIE or len(hits) <= need:
        return _sorted(hits, id_of)[:need]
    cut = sorted((hit.score for hit in hits), reverse=True)[need - 1]
    above = [hit for hit in hits if hit.score > cut]
    tied = {hit.docnum for hit in hits if hit.score == cut}
    wanted = need - len(above)
    if len(tied) * DENSE < reader.doc_count_all():
        first = sorted((id_of(docnum), docnum) for docnum in tied)[:wanted]
    else:
        first = _first_in_id_order(reader, tied, wanted)
    return _sorted(above, id_of) + [(cut, doc_id, docnum) for doc_id, docnum in first]


def _sorted(hits, id_of: Callable[[int], str]) -> list[Ranked]:
    return sorted(((hit.score, id_of(hit.docnum), hit.docnum) for hit in hits), key=lambda r: (-r[0], r[1]))


def _first_in_id_order(reader, docnums: set[int], wanted: int) -> list[tuple[str, int]]:
    """The first ``wanted`` of ``docnums`` in id order, from the id field's sorted terms (a
    deleted copy of a document keeps its id term: only ``docnums`` count)."""
    found: list[tuple[str, int]] = []
    for term in reader.lexicon("id"):
        if len(found) >= wanted:
            break
        doc_id = term.decode("utf-8")
        found.extend((doc_id, docnum) for docnum in reader.postings("id", term).all_ids() if docnum in docnums)
    return found[:wanted]
