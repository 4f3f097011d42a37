"""The term-at-a-time commit writes exactly the files Whoosh's own commit writes."""

from __future__ import annotations

import functools
import hashlib
import shutil

import pytest

from parlzoek.engine.flat_postings import EXTENSION, open_flat_postings
from parlzoek.engine.writing import postings_writer as postings
from parlzoek.index.build import update_index
from parlzoek.index.schema import _single_position
from parlzoek.index.store import IndexHome


def segment_files(home: IndexHome) -> dict[str, tuple[int, str]]:
    """Size and digest of each file of the index's one segment (terms, postings, stored fields,
    lengths, columns), by what follows the segment's name; parlzoek's own flat postings left out."""
    ix = home.open()
    (segment,) = ix._segments()
    storage = segment.open_compound_file(ix.storage) if segment.is_compound() else ix.storage
    digests = {}
    for name in storage.list():
        suffix = name.removeprefix(segment.make_filename(""))
        if suffix != EXTENSION:
            stream = storage.open_file(name)
            data = stream.read()
            digests[suffix] = len(data), hashlib.sha256(data).hexdigest()
            stream.close()
    return digests


def build(path, corpus, procs: int = 1) -> IndexHome:
    _single_position.cache_clear()  # shared encodings are pickled by reference: start both builds alike
    home = IndexHome(path)
    update_index(home, [corpus], procs=procs)
    return home


@pytest.mark.slow
def test_term_at_a_time_commit_writes_the_same_bytes_as_whoosh(tmp_path, block_corpus, monkeypatch):
    """With Whoosh's own pickle protocol for blocks (see the next test for ours)."""
    monkeypatch.setattr(postings, "BLOCK_PICKLE_PROTOCOL", 2)
    ours = segment_files(build(tmp_path / "ours", block_corpus))
    monkeypatch.setattr(postings, "open_writer", lambda ix, procs, limitmb: ix.writer(procs=procs, limitmb=limitmb))
    whoosh = segment_files(build(tmp_path / "whoosh", block_corpus))
    assert {".trm", ".pst", "._stored.col", "._body_len.col", ".id.col"} <= set(ours)
    assert ours == whoosh


@pytest.mark.slow
def test_compact_blocks_hold_whooshs_postings_in_a_smaller_file(tmp_path, block_corpus, monkeypatch):
    ours = build(tmp_path / "ours", block_corpus)
    monkeypatch.setattr(postings, "open_writer", lambda ix, procs, limitmb: ix.writer(procs=procs, limitmb=limitmb))
    whoosh = build(tmp_path / "whoosh", block_corpus)
    assert postings_with_statistics(ours) == postings_with_statistics(whoosh)
    ours_files, whoosh_files = segment_files(ours), segment_files(whoosh)
    assert ours_files[".pst"][0] < 0.75 * whoosh_files[".pst"][0]
    for unchanged in (ours_files, whoosh_files):  # the terms file points into the postings file
        del unchanged[".pst"], unchanged[".trm"]
    assert ours_files == whoosh_files


def test_the_corpus_spans_several_blocks_per_term(block_index):
    with block_index.open().reader() as reader:
        assert max(reader.doc_frequency("body", term.decode()) for term in reader.lexicon("body")) > 2 * 128


def postings_by_id(home: IndexHome) -> dict:
    """Every posting as (field, term) -> sorted (document id, weight, value); document numbers aside."""
    with home.open().searcher() as searcher:
        reader = searcher.reader()
        ids = {docnum: fields["id"] for docnum, fields in reader.iter_docs()}
        found = {}
        for field, term in reader.all_terms():
            if not field.startswith("spell_"):  # spelling postings all point at document 0
                found[field, term] = sorted(_walk(reader.postings(field, term), ids))
        return found


def postings_with_statistics(home: IndexHome) -> tuple[dict, dict]:
    """``postings_by_id`` and each term's statistics as its term info keeps them."""
    with home.open().reader() as reader:
        statistics = {}
        for field, term in reader.all_terms():
            info = reader.term_info(field, term)
            statistics[field, term] = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(),
                                       info.max_weight(), info.min_id(), info.max_id())  # fmt: skip
    return postings_by_id(home), statistics


def _walk(matcher, ids: dict[int, str]) -> list[tuple[str, float, bytes]]:
    rows = []
    while matcher.is_active():
        rows.append((ids[matcher.id()], matcher.weight(), matcher.value()))
        matcher.next()
    return rows


START_METHODS = pytest.mark.parametrize("start_method", ["forkserver", pytest.param("spawn", marks=pytest.mark.slow)])


def writer_started_by(start_method: str, monkeypatch) -> None:
    """The ``--procs`` writer of the next builds starts its processes by ``start_method``."""
    monkeypatch.setattr(postings, "open_writer", functools.partial(postings.open_writer, start_method=start_method))


@START_METHODS
def test_two_processes_write_the_same_postings_into_their_own_segments(
    tmp_path, block_corpus, block_index, start_method, monkeypatch
):
    writer_started_by(start_method, monkeypatch)
    two = build(tmp_path / "two", block_corpus, procs=2)
    ix = two.open()
    assert len(ix._segments()) == 2
    # each process wrote with parlzoek's codec, which writes the flat postings searching scores from
    with ix.reader() as reader:
        assert all(open_flat_postings(leaf) is not None for leaf, _ in reader.leaf_readers())
    assert postings_by_id(two) == postings_by_id(block_index)  # as one process wrote them


def test_the_writer_processes_start_by_forkserver_or_spawn_whatever_the_platform_default(tmp_path):
    from whoosh.filedb.filestore import RamStorage

    from parlzoek.analysis.dutch import DEFAULT_STEMMER
    from parlzoek.index.schema import build_schema

    writer = postings.open_writer(RamStorage().create_index(build_schema(DEFAULT_STEMMER)), procs=2, limitmb=16)
    try:
        assert writer.start_method in {"forkserver", "spawn"}
    finally:
        writer.cancel()


def test_the_index_stores_whooshs_own_codec(block_index):
    from whoosh.codec.whoosh3 import W3Codec

    assert [type(segment.codec()) for segment in block_index.open()._segments()] == [W3Codec]


@pytest.mark.slow  # processes started and failed; the quick lane keeps two processes writing
@START_METHODS
def test_a_writer_process_that_fails_fails_the_build_and_keeps_the_index(
    tmp_path, block_corpus, block_index, start_method, monkeypatch
):
    """Whoosh's multiprocess writer committed without the segment of a process that had died:
    a build "succeeded" with half its documents."""
    from writer_failure import FailsWhenLoaded

    from parlzoek.errors import IndexWriteError

    home = IndexHome(shutil.copytree(block_index.path, tmp_path / "ix"))  # the shared index is read-only
    before = home.open().doc_count()
    writer_started_by(start_method, monkeypatch)
    add_document = postings.PooledMpWriter.add_document

    def failing(self, **fields):  # the parent hands the document out; the process that loads it fails
        if fields["id"] == "d7":
            fields["id"] = FailsWhenLoaded("simulated failure in a writer process")
        return add_document(self, **fields)

    monkeypatch.setattr(postings.PooledMpWriter, "add_document", failing)
    with pytest.raises(IndexWriteError, match="writer process"):
        update_index(home, [block_corpus], procs=2, rebuild=True)
    assert home.open().doc_count() == before


def test_a_boosted_document_is_indexed_as_whoosh_indexes_it():
    """Boosts (which parlzoek does not use) take Whoosh's own way; the rest the pooled one."""
    from whoosh.filedb.filestore import RamStorage
    from whoosh.writing import SegmentWriter

    from parlzoek.analysis.dutch import DEFAULT_STEMMER
    from parlzoek.index.schema import build_schema

    def weights(writer_class, **kwargs):
        ix = RamStorage().create_index(build_schema(DEFAULT_STEMMER))
        writer = writer_class(ix, **kwargs)
        writer.add_document(id="a", body=("Maatwerkbedrijven in Vlaanderen",), title="Maatwerkbedrijven")
        writer.add_document(id="b", body=("maatwerkbedrijven",), _boost=2.5, _title_boost=3.0, title="Maatwerk")
        writer.commit()
        with ix.reader() as reader:
            ids = {docnum: fields["id"] for docnum, fields in reader.iter_docs()}
            return {(field, term): _walk(reader.postings(field, term), ids) for field, term in reader.all_terms()}

    ours = weights(postings.PooledSegmentWriter, limitmb=16)
    assert ours == weights(SegmentWriter)
    assert [(doc, weight) for doc, weight, _ in ours["title", b"maatwerk"]] == [("b", 3.0)]  # the field's boost
    assert [(doc, weight) for doc, weight, _ in ours["body", b"maatwerkbedrijf"]] == [("a", 1.0), ("b", 2.5)]
