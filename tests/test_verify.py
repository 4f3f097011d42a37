"""``parlzoek verify``: healthy, a changed or vanished source, a damaged manifest, another analyzer."""

import json
import os

import pytest
from corpus_helpers import DOCS, write_corpus
from typer.testing import CliRunner

from parlzoek.terminal.cli import app


@pytest.fixture
def indexed(tmp_path):
    corpus = write_corpus(tmp_path / "src")
    ix = tmp_path / "ix"
    assert CliRunner().invoke(app, ["index", str(corpus), "--index", str(ix)]).exit_code == 0
    return corpus, ix


def verify(ix):
    result = CliRunner().invoke(app, ["verify", "--index", str(ix), "--json"])
    return result.exit_code, (json.loads(result.stdout) if result.stdout else None), result


def test_a_fresh_index_is_healthy(indexed):
    code, data, _ = verify(indexed[1])
    assert code == 0 and data["healthy"] and (data["documents"], data["sources"]) == (3, 1)


def test_a_changed_and_a_vanished_source_are_findings(indexed, tmp_path):
    corpus, ix = indexed
    write_corpus(corpus.parent, DOCS[:2])
    os.utime(corpus, ns=(1, 1))
    code, data, _ = verify(ix)
    assert code == 1 and data["findings"] == [f"source changed since indexing: {corpus} (update with: parlzoek index)"]
    corpus.unlink()
    assert "source gone" in verify(ix)[1]["findings"][0]


def test_a_changed_analyzer_is_an_error(indexed, monkeypatch):
    from parlzoek.analysis import dutch as analysis

    monkeypatch.setitem(analysis.PROTECTED_STEMS, "tabak", "tabakswaren")
    code, _, result = verify(indexed[1])
    assert code == 1 and "rebuild" in " ".join(result.stderr.split())


def test_a_manifest_that_contradicts_the_index_is_a_finding_and_an_unreadable_one_an_error(indexed):
    _, ix = indexed
    generation = ix / (ix / "CURRENT").read_text().strip()
    manifest = json.loads((generation / "parlzoek.json").read_text())
    manifest["analyzer"]["stemmer"] = "dutch_porter"
    (generation / "parlzoek.json").write_text(json.dumps(manifest))
    code, data, _ = verify(ix)
    assert code == 1 and data["findings"] == ["the manifest says stemmer dutch_porter, the index was built with dutch"]
    (generation / "parlzoek.json").write_text("{not json")
    code, _, result = verify(ix)
    assert code == 1 and "manifest unreadable" in " ".join(result.stderr.split())
