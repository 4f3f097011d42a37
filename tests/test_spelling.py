"""``search.spelling``: the same suggestions as Whoosh's ``ReaderCorrector``, found faster."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strength import examples
from whoosh.support.levenshtein import damerau_levenshtein

from parlzoek.search.spelling import LexiconCorrector, within_distance

LETTERS = st.text(alphabet="abcdeë", min_size=0, max_size=9)


@st.composite
def near_words(draw) -> tuple[list[str], str]:
    """Words, and a text made from one of them by a few swaps of neighbours, insertions and deletions."""
    words = draw(st.lists(LETTERS, min_size=1, max_size=6))
    text = list(draw(st.sampled_from(words)))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, max(0, len(text) - 1)))
        edit = draw(st.sampled_from(["swap", "insert", "delete"]))
        if edit == "swap" and at + 1 < len(text):
            text[at], text[at + 1] = text[at + 1], text[at]
        elif edit == "insert":
            text.insert(at, draw(st.sampled_from("abcdeë")))
        elif text:
            del text[at]
    return words, "".join(text)


@settings(max_examples=examples(400), deadline=None)
@given(near=st.one_of(near_words(), st.tuples(st.lists(LETTERS, min_size=1, max_size=6), LETTERS)),
       maxdist=st.integers(0, 3))  # fmt: skip
def test_within_distance_is_whooshs_damerau_levenshtein(near, maxdist):
    words, text = near
    for length in {len(word) for word in words}:
        group = [word for word in words if len(word) == length]
        letters = np.array([[ord(c) for c in word] for word in group], dtype=np.int32).reshape(len(group), length)
        found = within_distance(letters.T.copy(), text, maxdist)
        assert list(found) == [damerau_levenshtein(word, text, limit=maxdist) <= maxdist for word in group]


@pytest.mark.parametrize("word", ["maatwerkbedrijvn", "economy", "tabk", "sociaal", "accijnzen", "x", "vlaandren"])
@pytest.mark.parametrize("maxdist", [1, 2])
def test_suggestions_are_whooshs(engine, word, maxdist):
    reader = engine.searcher.reader()
    whooshs = engine.searcher.corrector("question")
    ours = LexiconCorrector(reader, "question")
    assert sorted(ours._suggestions(word, maxdist, 0)) == sorted(whooshs._suggestions(word, maxdist, 0))
    assert ours.suggest(word, limit=20, maxdist=maxdist, prefix=1) == whooshs.suggest(
        word, limit=20, maxdist=maxdist, prefix=1
    )
