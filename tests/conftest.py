from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import settings

# A deadline is a timing assertion: on a loaded 2-core machine (CI's) it fails by load, not by a
# fault, as the first examples of an analyzer test did at 0.8 s; speed is measured in bench/.
settings.register_profile("parlzoek", deadline=None)
settings.load_profile("parlzoek")

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


def _words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(BLOCK_WORDS) + rng.choice(["", "en", "s", "heid"]) for _ in range(count))
