"""Compound segment files are read through views of one memory map, exactly as Whoosh reads them."""

from __future__ import annotations

import pickle

from corpus_helpers import write_corpus
from hypothesis import given
from hypothesis import strategies as st
from whoosh.filedb.structfile import BufferFile

from parlzoek.engine.mapped_storage import ViewFile
from parlzoek.index.build import update_index
from parlzoek.index.store import IndexHome, open_generation


def test_a_search_reads_the_postings_through_a_view_not_a_copy(tmp_path):
    home = IndexHome(tmp_path / "ix")
    update_index(home, [write_corpus(tmp_path / "src")])
    ix = open_generation(home.current())
    (segment,) = ix._segments()
    postings = segment.open_compound_file(ix.storage).open_file(segment.make_filename(".pst"))
    assert isinstance(postings, ViewFile) and isinstance(postings._buf, memoryview)
    with ix.searcher() as searcher:
        assert searcher.doc_count() == home.open().doc_count() > 0


READS = st.lists(st.tuples(st.sampled_from(["read", "seek", "get", "byte"]), st.integers(0, 40)), max_size=12)


@given(st.binary(max_size=200), READS)
def test_a_view_file_reads_what_whooshs_buffer_file_reads(data, reads):
    ours, whooshs = ViewFile(memoryview(data)), BufferFile(memoryview(data))
    for operation, n in reads:
        if operation == "read":
            assert ours.read(n) == whooshs.read(n)
        elif operation == "seek":
            assert ours.seek(n) == whooshs.seek(n)
        elif operation == "get":
            assert ours.get(n, 5) == whooshs.get(n, 5)
        elif n < len(data):
            assert ours.get_byte(n) == whooshs.get_byte(n)
        assert ours.tell() == whooshs.tell()


def test_a_view_file_reads_pickles_in_sequence():
    data = pickle.dumps({"a": 1}) + pickle.dumps([2, 3])
    view = ViewFile(memoryview(data))
    assert (view.read_pickle(), view.read_pickle()) == ({"a": 1}, [2, 3])


def test_a_build_never_copies_segment_files_into_memory(tmp_path, monkeypatch):
    copies: list[str] = []
    whooshs_init = BufferFile.__init__

    def copying(self, buf, name=None, onclose=None):
        copies.append(name)
        whooshs_init(self, buf, name=name, onclose=onclose)

    monkeypatch.setattr(BufferFile, "__init__", copying)
    home = IndexHome(tmp_path / "ix")
    summary = update_index(home, [write_corpus(tmp_path / "src")])
    assert summary.documents_total > 0
    assert update_index(home, [tmp_path / "src"]).documents_total == summary.documents_total
    assert copies == []
