"""Searches running while a writer commits see the index before or after, never an error."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from versions import snapshot, write_version

from parlzoek.index import store
from parlzoek.index.build import update_index
from parlzoek.index.store import IndexHome
from parlzoek.search.service import SearchEngine


def test_a_reader_opening_as_a_build_replaces_the_generation_opens_the_new_one(
    tmp_path, monkeypatch, expected_snapshots
):
    source = write_version(tmp_path / "src" / "corpus.jsonl", 1)
    home = IndexHome(tmp_path / "ix")
    update_index(home, [source])
    open_generation = store.open_generation
    replaced = []

    def open_as_a_build_publishes(generation):
        if not replaced:  # once: the generation about to be opened is replaced and removed
            replaced.append(generation)
            update_index(IndexHome(home.path), [write_version(source, 2)], rebuild=True)
        return open_generation(generation)

    monkeypatch.setattr(store, "open_generation", open_as_a_build_publishes)
    assert snapshot(home) == expected_snapshots[2]
    assert not Path(replaced[0]).exists()


def test_an_open_engine_keeps_answering_after_a_build_removed_its_generation(tmp_path, expected_snapshots):
    source = write_version(tmp_path / "src" / "corpus.jsonl", 1)
    home = IndexHome(tmp_path / "ix")
    update_index(home, [source])
    with SearchEngine(home) as engine:
        update_index(home, [write_version(source, 2)], rebuild=True)
        assert not engine.opened.generation.exists()
        assert engine.stats().documents == expected_snapshots[1][0]  # its own generation's figures
        assert engine.search("versie", limit=1).total == expected_snapshots[1][0]
    assert snapshot(home) == expected_snapshots[2]


def _search_until(index: str, searching, stop, seen) -> None:
    answers, errors = set(), []
    while not stop.is_set():
        try:
            answers.add(snapshot(IndexHome(Path(index))))
        except Exception as exc:  # reported to the test, which fails on any
            errors.append(f"{type(exc).__name__}: {exc}")
        if searching is not None:  # the first search done: the test may start its builds
            searching.release()
            searching = None
    seen.put((answers, errors))


@pytest.mark.slow  # processes searching while six builds commit
def test_readers_see_consistent_results_while_builds_and_updates_commit(tmp_path, expected_snapshots):
    source = write_version(tmp_path / "src" / "corpus.jsonl", 1)
    home = IndexHome(tmp_path / "ix")
    update_index(home, [source])
    context = multiprocessing.get_context("spawn")
    searching, stop, seen = context.Semaphore(0), context.Event(), context.Queue()
    readers = [context.Process(target=_search_until, args=(str(home.path), searching, stop, seen)) for _ in range(2)]
    for reader in readers:
        reader.start()
    for _ in readers:  # the builds start once every reader is searching, not while they are still starting
        assert searching.acquire(timeout=60)
    for version in (2, 1, 2, 1, 2, 1):
        update_index(home, [write_version(source, version)], rebuild=version == 2)  # builds and updates in turn
    stop.set()
    results = [seen.get(timeout=60) for _ in readers]
    for reader in readers:
        reader.join()
    assert [errors for _, errors in results] == [[], []]
    answers = set().union(*(answers for answers, _ in results))
    assert answers and answers <= {expected_snapshots[1], expected_snapshots[2]}
