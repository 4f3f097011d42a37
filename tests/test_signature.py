"""The analysis signature is read from the rules' data: change any of it and an older index is
refused, with the advice to rebuild it; after the rebuild the index is healthy again."""

import json

import pytest
from corpus_helpers import write_corpus
from typer.testing import CliRunner

from parlzoek.analysis import compounds, dutch, grams, parties, signature
from parlzoek.errors import IndexMismatchError
from parlzoek.index.build import update_index
from parlzoek.index.store import IndexHome
from parlzoek.terminal.cli import app


def _lexicon_changed(monkeypatch):
    original = compounds._lexicon_bytes()
    monkeypatch.setattr(compounds, "_lexicon_bytes", lambda: original + b"\n")
    compounds.lexicon_digest.cache_clear()


CHANGES = {
    "a stop word": lambda m: m.setattr(dutch, "STOP_WORDS", dutch.STOP_WORDS | {"tabak"}),
    "a protected stem": lambda m: m.setitem(dutch.PROTECTED_STEMS, "tabak", "tabakswaren"),
    "the compound word list": _lexicon_changed,
    "the shortest compound": lambda m: m.setattr(compounds, "MIN_WORD", compounds.MIN_WORD + 1),
    "the token pattern": lambda m: m.setattr(dutch, "TOKEN_PATTERN", r"\w+"),
    "the gram size": lambda m: m.setattr(grams, "GRAM_SIZE", 3),
    "a party's other name": lambda m: m.setitem(parties.SAME_PARTY, "nva", "nieuwvlaamsealliantie"),
    "the snowballstemmer version": lambda m: m.setattr(signature, "snowball_version", lambda: "0.0"),
    "the rule version": lambda m: m.setattr(signature, "RULE_VERSION", signature.RULE_VERSION + 1),
}


@pytest.fixture(autouse=True)
def fresh_lexicon_digest():
    compounds.lexicon_digest.cache_clear()
    yield
    compounds.lexicon_digest.cache_clear()


@pytest.mark.parametrize("change", CHANGES)
def test_changing_any_rule_data_changes_the_signature(change, monkeypatch):
    before = signature.analyzer_signature("dutch")
    CHANGES[change](monkeypatch)
    assert signature.analyzer_signature("dutch") != before


def test_the_signature_is_the_same_for_the_same_rules_and_names_its_stemmer():
    first, again = signature.analyzer_signature("dutch"), signature.analyzer_signature("dutch")
    assert first == again and json.loads(json.dumps(first)) == first
    assert signature.analyzer_signature("dutch_porter") != first
    assert first["stemmer"] == "dutch" and len(signature.short_signature(first)) == signature.SHORT


def test_an_index_of_other_rules_is_refused_until_rebuilt_then_healthy(tmp_path, monkeypatch):
    corpus, home = write_corpus(tmp_path / "src"), IndexHome(tmp_path / "index")
    update_index(home, [corpus])
    built = home.manifest()["analyzer"]
    monkeypatch.setattr(signature, "RULE_VERSION", signature.RULE_VERSION + 1)
    with pytest.raises(IndexMismatchError, match="another analyzer") as refused:
        home.open()
    assert refused.value.hint == f"rebuild it: parlzoek index --rebuild --index {home.path}"
    now = signature.short_signature(signature.analyzer_signature("dutch"))
    assert f"the index: rules {signature.short_signature(built)}" in str(refused.value)  # which rules, both sides
    assert f"this parlzoek: rules {now}" in str(refused.value) and now != signature.short_signature(built)
    update_index(home, [corpus], rebuild=True)
    assert home.manifest()["analyzer"] == signature.analyzer_signature("dutch") != built
    result = CliRunner().invoke(app, ["verify", "--index", str(home.path), "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["healthy"]


def test_stats_shows_the_short_signature(tmp_path):
    corpus, index = write_corpus(tmp_path / "src"), tmp_path / "index"
    update_index(IndexHome(index), [corpus])
    result = CliRunner().invoke(app, ["stats", "--index", str(index), "--json"])
    expected = signature.short_signature(signature.analyzer_signature("dutch"))
    assert result.exit_code == 0 and json.loads(result.stdout)["signature"] == expected
