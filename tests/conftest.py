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
