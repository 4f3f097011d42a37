from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = REPO.parent / "shared"
DEKAMER = SHARED / "data" / "dekamer"


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def dekamer() -> Path:
    """The Chamber data beside the clone, as CI has it."""
    if not (DEKAMER / "dev-corpus.jsonl").exists():
        pytest.skip(f"shared data not found at {DEKAMER}")
    return DEKAMER


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    """A search engine over the small test corpus of ``corpus_helpers`` (modules may define their own)."""
    from corpus_helpers import write_corpus

    from parlzoek.indexer.build import update_index
    from parlzoek.indexer.store import IndexHome
    from parlzoek.search.engine import SearchEngine

    tmp = tmp_path_factory.mktemp("search")
    home = IndexHome(tmp / "index")
    update_index(home, [write_corpus(tmp / "src")])
    with SearchEngine(home) as engine:
        yield engine
