"""Which index a command uses: ``--index``, else ``$PARLZOEK_INDEX``, else the per-user data directory.

Only the per-user default is created on demand (from the bundled sample, so that a first
``parlzoek search`` works), and rebuilt when it holds just the sample and an upgraded parlzoek
can no longer read it; an index the user named explicitly must exist, and is never rebuilt
behind the user's back.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from parlzoek.errors import IndexMismatchError, IndexMissingError
from parlzoek.index.store import IndexHome

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
        if not explicit:
            _refresh_outdated_sample_index(home, notify)
        return home
    if explicit:
        raise IndexMissingError(
            f"no parlzoek index at {home.path}",
            hint=f"build it first: parlzoek index PATH… --index {home.path}",
        )
    _build_from_sample(home, f"No index yet at {home.path}: building it from the bundled sample corpus. "
                       "Index your own documents with: parlzoek index PATH…", notify)  # fmt: skip
    return home


def _refresh_outdated_sample_index(home: IndexHome, notify: Callable[[str], None]) -> None:
    """Rebuild a default index that only ever held the sample when this version cannot read it.

    An index with the user's own documents is left alone: rebuilding it may take long, so the
    mismatch error tells them how.
    """
    from parlzoek.index.build import holds_only_sample, indexed_record

    try:
        home.check()
    except IndexMismatchError:
        if not holds_only_sample(indexed_record(home)):
            raise
        _build_from_sample(home, f"The index at {home.path} was built by another parlzoek version: "
                           "rebuilding it from the bundled sample corpus.", notify)  # fmt: skip


def _build_from_sample(home: IndexHome, message: str, notify: Callable[[str], None]) -> None:
    from parlzoek.corpus.sample import sample_corpus_dir
    from parlzoek.index.build import update_index

    notify(message)
    update_index(home, [sample_corpus_dir()], rebuild=True)
