"""Flat postings: each scored term's documents and frequencies, exactly as Whoosh's blocks hold them."""

from __future__ import annotations

import io
from array import array

import pytest
from hypothesis import given
from hypothesis import strategies as st
from whoosh.filedb.structfile import StructFile

from parlzoek.engine.flat_postings import FlatPostings, FlatPostingsWriter, open_flat_postings


class _Kept(io.BytesIO):
    def close(self) -> None:  # the writer closes its file; keep the bytes readable
        self.kept = self.getvalue()
        super().close()


def written(terms: list[tuple[int, list[int], list[float]]]) -> bytes:
    buffer = _Kept()
    writer = FlatPostingsWriter(StructFile(buffer))
    for key, docnums, weights in terms:
        writer.add(key, docnums, weights)
    writer.close()
    return buffer.kept


def _postings(docnums: list[int]):
    weights = st.floats(0, 1e6, width=32) | st.integers(0, 300).map(float)
    return st.tuples(st.just(sorted(docnums)), st.lists(weights, min_size=len(docnums), max_size=len(docnums)))


postings = st.lists(st.integers(0, 2**32 - 1), min_size=1, unique=True).flatmap(_postings)


@given(st.lists(postings, max_size=8))
def test_every_term_reads_back_as_written(terms):
    keyed = [(10 * n + 4, docnums, weights) for n, (docnums, weights) in enumerate(terms)]
    flat = FlatPostings(written(keyed))
    for key, docnums, weights in keyed:
        found_docnums, found_weights = flat.get(key)
        assert found_docnums.tolist() == docnums
        assert found_weights.tolist() == array("f", weights).tolist()  # Whoosh keeps float32 weights
    assert flat.get(3) is None and flat.get(10 * len(terms) + 4) is None


def test_small_whole_frequencies_take_a_byte_each():
    few = written([(4, list(range(1000)), [1.0] * 1000)])
    fractional = written([(4, list(range(1000)), [1.5] * 1000)])
    assert len(few) < 5.2 * 1000 < len(fractional)


def test_anything_else_is_not_read_as_flat_postings():
    with pytest.raises(ValueError):
        FlatPostings(b"\0" * 64)


@pytest.fixture(scope="module")
def reader(block_index):
    with block_index.open().reader() as reader:
        yield reader


def test_an_index_keeps_every_scored_terms_postings_flat(reader):
    (segment_reader, _), *_ = reader.leaf_readers()
    flat = open_flat_postings(segment_reader)
    checked = 0
    for fieldname, term in segment_reader.all_terms():
        matcher = segment_reader.postings(fieldname, term)
        found = flat.get(matcher._startoffset)
        if not segment_reader.schema[fieldname].scorable:
            assert found is None
            continue
        ids, weights = [], []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        assert (found[0].tolist(), found[1].tolist()) == (ids, weights)
        checked += 1
    assert checked > 100
