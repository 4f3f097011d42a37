"""What parlzoek needs of its installation: which distribution brings Whoosh, and Python's warnings about it."""

import os
import subprocess
import sys

import pytest
from corpus_helpers import write_corpus

from parlzoek.index.build import update_index
from parlzoek.index.store import IndexHome


def test_an_index_records_whooshs_version_whichever_distribution_installed_it(tmp_path, monkeypatch):
    """Whoosh's own version string, not the metadata of a distribution named "whoosh": a fork of
    it installs the same modules under another name."""
    import importlib.metadata

    import whoosh

    real = importlib.metadata.distribution

    def without_whoosh(name):
        if name.lower() == "whoosh":
            raise importlib.metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(importlib.metadata, "distribution", without_whoosh)
    home = IndexHome(tmp_path / "ix")
    update_index(home, [write_corpus(tmp_path / "src")])
    assert home.manifest()["whoosh"] == whoosh.versionstring() == "2.7.4"


COMPILE_AFRESH = """
import parlzoek.index.build, parlzoek.search.service, parlzoek.query.language
compile(r'pattern = "\\d"', "elsewhere.py", "exec")
"""


@pytest.mark.slow
def test_whooshs_compile_warnings_are_silenced_for_whoosh_only(tmp_path):
    """Whoosh 2.7.4's invalid escapes warn whenever its files are compiled (a read-only install);
    parlzoek's filter is for Whoosh's files, so the same warning elsewhere still shows."""
    env = {**os.environ, "PYTHONPYCACHEPREFIX": str(tmp_path)}  # no .pyc there: every module is compiled
    result = subprocess.run(
        [sys.executable, "-W", "default", "-c", COMPILE_AFRESH], env=env, capture_output=True, text=True, check=True
    )
    assert "whoosh" not in result.stderr
    assert "elsewhere.py:1" in result.stderr and "invalid escape sequence" in result.stderr
