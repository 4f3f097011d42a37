"""The sample corpus shipped inside the package, so that parlzoek works before a user has any data."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def sample_corpus_dir() -> Path:
    """The bundled corpus directory: real documents only, each file named after its source."""
    return Path(str(files("parlzoek.corpus") / "data"))


def is_bundled_sample(path: Path) -> bool:
    """Whether ``path`` is a sample file of any parlzoek installation (old venvs included)."""
    return path.parent.parts[-3:] == sample_corpus_dir().parts[-3:]
