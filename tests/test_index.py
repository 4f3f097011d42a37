import json

import pytest
from corpus_helpers import DOCS, rewrite_corpus, write_corpus

from parlzoek.errors import IndexLockedError, IndexMismatchError, IndexMissingError
from parlzoek.index.build import Progress, update_index
from parlzoek.index.store import MANIFEST, IndexHome
from parlzoek.search.service import SearchEngine


@pytest.fixture
def home(tmp_path):
    return IndexHome(tmp_path / "index")


def ids(home, query="*:*"):
    with SearchEngine(home) as engine:
        return sorted(
            hit.document.id
            for hit in engine.search(query if query != "*:*" else "jaar:2016 OR jaar:2017", limit=50).hits
        )


def test_full_build_then_unchanged_sources_are_skipped(home, tmp_path):
    corpus = write_corpus(tmp_path / "src")
    first = update_index(home, [corpus])
    assert (first.full_build, first.documents_added, first.passages_added, first.documents_total) == (True, 3, 4, 3)
    again = update_index(home, [corpus])
    assert (again.full_build, again.documents_added, again.sources_unchanged, again.documents_total) == (False, 0, 1, 3)


def test_changed_source_replaces_its_documents(home, tmp_path):
    corpus = write_corpus(tmp_path / "src")
    update_index(home, [corpus])
    rewrite_corpus(tmp_path / "src", [DOCS[0], {**DOCS[1], "id": "d2b"}])
    summary = update_index(home, [corpus])
    assert (summary.documents_removed, summary.documents_added, summary.documents_total) == (3, 2, 2)
    assert ids(home) == ["d1", "d2b"]


def test_updates_that_replace_every_document_leave_no_empty_segment_behind(home, tmp_path):
    corpus = write_corpus(tmp_path / "src")
    update_index(home, [corpus])
    for n in range(6):
        rewrite_corpus(tmp_path / "src", [{**doc, "question": f"{doc['question']} ({n})"} for doc in DOCS])
        assert update_index(home, [corpus]).documents_total == len(DOCS)
    with SearchEngine(home) as engine:
        segments = [reader.doc_count() for reader, _ in engine.searcher.reader().leaf_readers()]
    assert segments == [len(DOCS)]  # Whoosh's own merge policy kept an empty one beside it
    assert len(list(home.current().glob("*.seg"))) == 1  # and the empty ones' files are gone
    assert ids(home) == sorted(doc["id"] for doc in DOCS)


def test_a_document_read_from_a_new_source_replaces_its_older_copy(home, tmp_path):
    update_index(home, [write_corpus(tmp_path / "a", DOCS)])
    moved = {**DOCS[0], "title": "Maatwerkbedrijven, herzien"}
    summary = update_index(home, [tmp_path / "a", write_corpus(tmp_path / "b", [moved, {**DOCS[1], "id": "d9"}])])
    assert (summary.documents_added, summary.documents_total) == (2, 4)
    with SearchEngine(home) as engine:
        assert engine.document("d1").title == "Maatwerkbedrijven, herzien"
    assert ids(home) == ["d1", "d2", "d3", "d9"]


def test_prune_drops_documents_whose_source_is_gone(home, tmp_path):
    a = write_corpus(tmp_path / "src", DOCS[:2], "a.jsonl")
    b = write_corpus(tmp_path / "src", DOCS[2:], "b.jsonl")
    update_index(home, [a, b])
    b.unlink()
    assert update_index(home, [a]).documents_total == 3  # without --prune nothing is dropped
    summary = update_index(home, [a], prune=True)
    assert (summary.sources_dropped, summary.documents_removed, summary.documents_total) == (1, 1, 2)


def test_rebuild_starts_over_and_clears_old_generations(home, tmp_path):
    corpus = write_corpus(tmp_path / "src")
    update_index(home, [corpus])
    first_generation = home.current()
    write_corpus(tmp_path / "other", DOCS[:1], "x.jsonl")
    summary = update_index(home, [tmp_path / "other"], rebuild=True)
    assert summary.full_build and summary.documents_total == 1
    assert home.current() != first_generation and not first_generation.exists()


def test_interrupted_build_leaves_the_old_index_usable(home, tmp_path):
    update_index(home, [write_corpus(tmp_path / "src")])
    before = ids(home)

    def interrupt(count):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        update_index(
            home, [write_corpus(tmp_path / "new", DOCS[:1])], rebuild=True, progress=Progress(advance=interrupt)
        )
    assert ids(home) == before
    assert [p.name for p in home.path.iterdir() if p.name.startswith("building-")] == []
    with pytest.raises(KeyboardInterrupt):  # an interrupted incremental update too
        update_index(home, [write_corpus(tmp_path / "new", DOCS[:1])], progress=Progress(advance=interrupt))
    assert ids(home) == before


def test_changed_analyzer_is_detected_on_open(home, tmp_path):
    update_index(home, [write_corpus(tmp_path / "src")])
    manifest_path = home.current() / MANIFEST
    manifest = json.loads(manifest_path.read_text())
    manifest["analyzer"]["rules"] = "0" * 64  # as an index built with other analysis rules records
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(IndexMismatchError, match="another analyzer") as raised:
        home.open()
    assert "--rebuild" in raised.value.hint


def test_missing_index_and_concurrent_writer(home, tmp_path):
    with pytest.raises(IndexMissingError):
        home.open()
    corpus = write_corpus(tmp_path / "src")
    update_index(home, [corpus])
    writer = home.open().writer()
    try:
        write_corpus(corpus.parent, DOCS[:2])  # a changed source, so that an update needs the writer
        with pytest.raises(IndexLockedError, match="being written"):
            update_index(home, [corpus])
    finally:
        writer.cancel()


def test_a_rebuild_is_refused_while_another_writer_holds_the_index(home, tmp_path):
    corpus = write_corpus(tmp_path / "src")
    update_index(home, [corpus])
    # home.writing() stands in for another process's update
    with home.writing(), pytest.raises(IndexLockedError, match="being written"):
        update_index(home, [corpus], rebuild=True)
    assert update_index(home, [corpus], rebuild=True).documents_total == 3


def test_empty_texts_and_passages_index_fine(home, tmp_path):
    corpus = write_corpus(
        tmp_path / "src", [{"id": "e", "question": "  ", "answer": "..."}, {"id": "f", "question": "?"}]
    )
    summary = update_index(home, [corpus])
    assert summary.documents_total == 2 and summary.problems == []


def _postings(home: IndexHome) -> dict:
    """Every posting of the text fields: document number and positions, per field and term."""
    with home.open().searcher() as searcher:
        reader = searcher.reader()
        found = {}
        for field, term in reader.all_terms():
            if field in ("body", "parts", "title", "question", "answer", "meta"):
                matcher = reader.postings(field, term)
                found[field, term] = [(matcher.id(), matcher.value_as("positions")) for _ in matcher.all_ids()]
        return found


def test_fast_indexing_writes_the_same_postings_as_the_analysis_chain(tmp_path, monkeypatch, fixtures):
    from whoosh.formats import Positions

    from parlzoek.analysis.dutch import PART_SEPARATOR
    from parlzoek.index.schema import FastPositions

    corpus = write_corpus(tmp_path / "src")
    sample = sorted(fixtures.glob("*.txt"))
    fast = IndexHome(tmp_path / "fast")
    update_index(fast, [corpus, *sample])

    def through_the_chain(self, value, analyzer, **kwargs):  # body's parts joined, as to_fields hands them over
        text = PART_SEPARATOR.join(value) if isinstance(value, tuple) else value
        return Positions.word_values(self, text, analyzer, **kwargs)

    monkeypatch.setattr(FastPositions, "word_values", through_the_chain)
    chain = IndexHome(tmp_path / "chain")
    update_index(chain, [corpus, *sample])
    assert _postings(fast) == _postings(chain) and len(_postings(fast)) > 100


def test_a_build_names_each_step_after_reading_as_it_begins(home, tmp_path):
    corpus = write_corpus(tmp_path / "src")
    steps: list[str] = []
    update_index(home, [corpus], progress=Progress(phase=steps.append))
    assert steps == ["checking sources", "writing the index", "publishing"]
    write_corpus(tmp_path / "src", DOCS[:2])
    steps.clear()
    update_index(home, [corpus], progress=Progress(phase=steps.append))
    assert steps == ["checking sources", "merging segments", "writing the index"]


def test_the_processes_follow_the_cores_up_to_a_cap_and_one_for_a_small_update(home, tmp_path):
    from parlzoek.index.build import DOCUMENTS_PER_PROC, MAX_PROCS, automatic_procs

    assert automatic_procs(1947, cores=2) == 2
    assert automatic_procs(1947, cores=1) == 1
    assert automatic_procs(10**6, cores=64) == MAX_PROCS
    assert automatic_procs(DOCUMENTS_PER_PROC - 1, cores=8) == 1
    assert update_index(home, [write_corpus(tmp_path / "src")], procs=None).procs == 1
