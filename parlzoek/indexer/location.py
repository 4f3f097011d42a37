"""Which index a command uses: ``--index``, else ``$PARLZOEK_INDEX``, else the per-user data directory.

Only the per-user default is created on demand (from the bundled sample, so that a first
``parlzoek search`` works); an index the user named explicitly must exist.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from parlzoek.errors import IndexMissingError
from parlzoek.indexer.store import IndexHome

ENV_VAR = "PARLZOEK_INDEX"


def default_index_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("parlzoek", appauthor=False) / "index"


def chosen_index(option: Path | None) -> tuple[IndexHome, bool]:
    """The index to use and whether the user named it (option or environment)."""
    if option is not None:
        return IndexHome(option), True
    if os.environ.get(ENV_VAR):
        return IndexHome(Path(os.environ[ENV_VAR])), True
    return IndexHome(default_index_path()), False


def index_for_reading(option: Path | None, notify: Callable[[str], None]) -> IndexHome:
    """The index to search; the default one is built from the bundled sample on first use."""
    home, explicit = chosen_index(option)
    if home.exists():
        return home
    if explicit:
        raise IndexMissingError(
            f"no parlzoek index at {home.path}",
            hint=f"build it first: parlzoek index PATH… --index {home.path}",
        )
    from parlzoek.corpus.sample import sample_corpus_dir
    from parlzoek.indexer.build import update_index

    notify(f"No index yet at {home.path}: building it from the bundled sample corpus. "
           "Index your own documents with: parlzoek index PATH…")  # fmt: skip
    update_index(home, [sample_corpus_dir()])
    return home
