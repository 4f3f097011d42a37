"""Fixtures of the reliability suite."""

from __future__ import annotations

import pytest
from versions import snapshot, write_version

from parlzoek.index.build import update_index
from parlzoek.index.store import IndexHome


@pytest.fixture(scope="session")
def expected_snapshots(tmp_path_factory) -> dict[int, tuple]:
    """What an index of each corpus version answers, built without interference."""
    root = tmp_path_factory.mktemp("reference")
    result = {}
    for version in (1, 2):
        home = IndexHome(root / f"ix{version}")
        update_index(home, [write_version(root / f"v{version}" / "corpus.jsonl", version)])
        result[version] = snapshot(home)
    return result
