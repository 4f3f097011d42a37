"""Stemming from several threads at once (``parlzoek serve`` searches on a pool of threads)."""

from __future__ import annotations

import threading

import pytest

from parlzoek.analysis.dutch import stem_dutch

WORDS = [f"{stem}{ending}" for stem in ("opvanginitiatiev", "asielzoeker", "kindermishandel", "terrorismebestrijd",
         "erkenningspercentag", "inlichtingenbulletin", "psychofarmac", "verkeersveilighed")
         for ending in ("en", "ingen", "heden", "elijk", "baar", "s", "e", "ing", "lijkheid", "ere")]  # fmt: skip


@pytest.mark.parametrize("rounds", [20, pytest.param(300, marks=pytest.mark.slow)])
def test_threads_stemming_at_once_get_the_stems_one_thread_gets(rounds):
    """A few rounds in the quick lane show the threads at work; the many rounds of the whole suite
    give a torn stemmer state more chances to show."""
    expected = [stem_dutch(word) for word in WORDS]
    found: list[list[str]] = []
    failures: list[BaseException] = []

    def stem_many() -> None:
        try:
            for _ in range(rounds):
                result = [stem_dutch(word) for word in WORDS]
                if result != expected:
                    found.append(result)
        except Exception as exc:  # the shared snowball stemmer's state torn by another thread
            failures.append(exc)

    threads = [threading.Thread(target=stem_many) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == [] and found == []
