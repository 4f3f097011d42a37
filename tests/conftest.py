from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest
from strength import load_profile

load_profile()  # "quick" while working, "full" (every example) when CI is set

# The terminal's size is each test's own (CliRunner's env): pytest-xdist's workers inherit COLUMNS=80
# and LINES=24, which rich's consoles, made when parlzoek.terminal.render is first imported, would
# keep for the whole run.
for _size in ("COLUMNS", "LINES"):
    os.environ.pop(_size, None)

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


def _unchanged_after(home):
    """Yield ``home``, then fail if a test changed its files: a session's shared index is read-only."""
    before = _files(home.path)
    yield home
    assert _files(home.path) == before, f"a test changed the shared index at {home.path}: build an own one"


def _files(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")
            if p.is_file() and not p.name.endswith(".lock")}  # fmt: skip


@pytest.fixture(scope="session")
def dev_index(dekamer, tmp_path_factory):
    """The Chamber dev corpus indexed once per session, shared and read-only (a test that changes an
    index builds its own): a minute of work that no test should repeat."""
    from parlzoek.index.build import update_index
    from parlzoek.index.store import IndexHome

    home = IndexHome(tmp_path_factory.mktemp("dev") / "index")
    update_index(home, [dekamer / "dev-corpus.jsonl"])
    yield from _unchanged_after(home)


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    """A search engine over the small test corpus of ``corpus_helpers`` (modules may define their own)."""
    from corpus_helpers import write_corpus

    from parlzoek.index.build import update_index
    from parlzoek.index.store import IndexHome
    from parlzoek.search.service import SearchEngine

    tmp = tmp_path_factory.mktemp("search")
    home = IndexHome(tmp / "index")
    update_index(home, [write_corpus(tmp / "src")])
    with SearchEngine(home) as engine:
        yield engine


BLOCK_WORDS = ["belasting", "accijns", "minister", "gemeente", "vdab", "ocmw", "esf-tender", "fraude", "tabak", "2017",
               "687"]  # fmt: skip


@pytest.fixture(scope="session")
def block_corpus(tmp_path_factory):
    """Enough documents that common terms span several 128-posting blocks, with varied field lengths."""
    rng = random.Random(7)
    path = tmp_path_factory.mktemp("postings") / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for n in range(400):
            title, question, answer = (_words(rng, rng.randint(low, high)) for low, high in ((0, 6), (1, 60), (0, 200)))
            record = {"id": f"d{n}", "number": n + 1, "date": "2017-06-08", "title": title, "question": question,
                      "answer": answer if n % 5 else None}  # fmt: skip
            out.write(json.dumps(record) + "\n")
    return path


@pytest.fixture(scope="session")
def block_index(block_corpus, tmp_path_factory):
    """``block_corpus`` indexed once per session, shared and read-only (a test that changes an index,
    or compares the bytes of two builds, builds its own)."""
    from parlzoek.index.build import update_index
    from parlzoek.index.store import IndexHome

    home = IndexHome(tmp_path_factory.mktemp("blocks") / "index")
    update_index(home, [block_corpus])
    yield from _unchanged_after(home)


def _words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(BLOCK_WORDS) + rng.choice(["", "en", "s", "heid"]) for _ in range(count))
