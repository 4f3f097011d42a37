"""Big ties are ordered by id as a full sort orders them, whichever way the first ids are found."""

from __future__ import annotations

import json

import pytest

from parlzoek.engine.reading import tie_order as ties
from parlzoek.engine.reading.collect import collect
from parlzoek.index.build import update_index
from parlzoek.index.store import IndexHome
from parlzoek.search.service import SearchEngine


def _record(doc_id: str, n: int, text: str) -> dict:
    return {"id": doc_id, "date": f"2017-0{1 + n % 6}-1{n % 10}", "question": text, "answer": None}


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    """Ids out of document order, and documents updated under their own id (the old copy, deleted,
    keeps its id term in the first segment)."""
    sources = tmp_path_factory.mktemp("ties")
    home = IndexHome(sources.parent / f"{sources.name}-ix")
    names = [f"z{n:03d}" if n % 2 else f"a{n:03d}" for n in range(60)]
    lines = [_record(name, n, "fraude belasting" if n % 3 else "tabak") for n, name in enumerate(names)]
    (sources / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in lines))
    (sources / "b.jsonl").write_text("".join(json.dumps(_record(f"m{n:02d}", n, "fraude")) + "\n" for n in range(20)))
    update_index(home, [sources])
    changed = [_record(f"m{n:02d}", n, "fraude tabak") for n in range(20)]
    (sources / "b.jsonl").write_text("".join(json.dumps(r) + "\n" for r in changed))
    update_index(home, [sources])
    with SearchEngine(home) as engine:
        assert any(reader.has_deletions() for reader, _ in engine.searcher.reader().leaf_readers())
        yield engine


@pytest.mark.parametrize("text", ["jaar:2017", "fraude", "jaar:2017 OR tabak", "datum:>2017-03"])
@pytest.mark.parametrize("need", [1, 3, 10, 30, 100])
@pytest.mark.parametrize("dense", [1, 10**9])  # the first ids by walking the id terms, or by sorting the tie
def test_the_best_by_score_then_id_whichever_way_ties_are_read(engine, monkeypatch, text, need, dense):
    hits = collect(engine.searcher, engine.query_for(text), need, ties=True).hits
    reader = engine.searcher.reader()
    expected = ties._sorted(hits, engine.id_of)[:need]
    monkeypatch.setattr(ties, "BIG_TIE", 1)
    monkeypatch.setattr(ties, "DENSE", dense)
    assert ties.best_by_score_then_id(reader, hits, need, engine.id_of) == expected
    assert len(expected) == min(need, len(collect(engine.searcher, engine.query_for(text), None)))


def test_a_filter_alone_lists_its_documents_in_id_order(engine, monkeypatch):
    monkeypatch.setattr(ties, "BIG_TIE", 1)
    monkeypatch.setattr(ties, "DENSE", 1)
    ids = [hit.document.id for hit in engine.search("jaar:2017", limit=5, page=2).hits]
    assert ids == sorted(ids) and ids[0] > "a0" and all(not doc_id.startswith("z") for doc_id in ids)
