"""The term pool yields what Whoosh's posting pool yields, in memory or spilled to runs."""

from __future__ import annotations

import tempfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strength import examples
from whoosh.filedb.filestore import FileStorage

from parlzoek.engine.writing.term_pool import TermPool, TermStream
from parlzoek.index import build as build_module

FIELDS = ("body", "spell_title", "title")
TERMS = (b"a", b"ab", b"b", b"\xc3\xa9t")


def postings(draw_values) -> st.SearchStrategy:
    """Postings as a writer adds them: documents upwards, each with some terms; a spelling field's
    words all as document 0 with an ``int`` weight, as Whoosh adds them."""
    term = st.tuples(st.sampled_from(FIELDS), st.sampled_from(TERMS), st.integers(1, 4), draw_values)
    return st.lists(st.lists(term, max_size=6, unique_by=lambda t: t[:2]), max_size=40)


def as_rows(documents) -> list[tuple]:
    rows = []
    for docnum, terms in enumerate(documents):
        for field, term, freq, value in terms:
            if field.startswith("spell_"):
                rows.append((field, term, 0, 1, value))
            else:
                rows.append((field, term, docnum, freq * 1.0, value))
    return rows


def pooled(rows, limit_bytes: int, folder: str) -> tuple[list[tuple], int]:
    pool = TermPool(FileStorage(folder), limitmb=1)
    pool._limit = limit_bytes
    for row in rows:
        pool.add(row)
    runs = len(pool.runs)
    stream = pool.iter_postings()
    assert isinstance(stream, TermStream)
    found = list(stream)
    pool.cleanup()
    return found, runs


@pytest.mark.slow
@settings(max_examples=examples(150), deadline=None)
@given(postings(st.sampled_from([b"\x01", b"\x02\x03", b""])), st.sampled_from([200, 2_000, 10**9]))
def test_the_pool_yields_whooshs_sorted_postings_whatever_it_spilled(documents, limit_bytes):
    rows = as_rows(documents)
    with tempfile.TemporaryDirectory() as folder:
        found, _ = pooled(rows, limit_bytes, folder)
    assert found == sorted(rows)
    assert [type(row[3]) for row in found] == [type(row[3]) for row in sorted(rows)]


def test_a_small_limit_spills_runs_and_cleanup_removes_them(tmp_path):
    rows = as_rows([[("body", b"a", 1, b"\x01"), ("body", b"b", 2, b"\x02")] for _ in range(50)])
    found, runs = pooled(rows, 500, str(tmp_path))
    assert runs > 3
    assert found == sorted(rows)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_a_spilling_build_writes_the_postings_whoosh_writes(tmp_path, block_corpus, monkeypatch):
    """With a memory limit this small both pools spill runs; what they wrote must decode alike
    (the bytes differ only where Whoosh's runs lose which values were one shared object)."""
    from test_postings import build, postings_with_statistics

    from parlzoek.engine.writing import postings_writer as postings

    monkeypatch.setattr(build_module, "WRITER_MEMORY_MB", 0.25)
    saved = []
    monkeypatch.setattr(TermPool, "save", lambda self, save=TermPool.save: saved.append(1) or save(self))
    ours = postings_with_statistics(build(tmp_path / "ours", block_corpus))
    assert len(saved) > 2
    monkeypatch.setattr(postings, "open_writer", lambda ix, procs, limitmb: ix.writer(procs=procs, limitmb=limitmb))
    assert ours == postings_with_statistics(build(tmp_path / "whoosh", block_corpus))


@given(postings(st.sampled_from([b"\x01", b""])))
def test_whoosh_style_rows_group_into_the_same_terms(documents):
    """The field writer also takes postings from Whoosh's own pool (sorted rows); Whoosh's old
    spelling marker, document -1, is no posting."""
    from parlzoek.engine.writing.term_pool import grouped_by_term

    rows = sorted(as_rows(documents))
    marker = [("spell_title", b"zz", -1, 1, None)]
    assert list(TermStream(grouped_by_term(sorted(rows + marker)))) == rows
