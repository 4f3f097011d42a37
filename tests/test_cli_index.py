"""``parlzoek index``, ``verify`` and ``stats`` as a user meets them: own sources in place of the
sample, a folder as a source, a mistyped path, and an index that ``verify`` agrees with after
following its advice."""

import json
import os

import pytest
from corpus_helpers import DOCS, write_corpus
from typer.testing import CliRunner

from parlzoek.index.location import default_index_path
from parlzoek.terminal.cli import app


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def default_home(tmp_path, monkeypatch):
    monkeypatch.delenv("PARLZOEK_INDEX", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return default_index_path()


def said(result) -> str:
    return " ".join(result.stderr.split())


def run(runner, *args, ix=None):
    return runner.invoke(app, [*args, *(["--index", str(ix)] if ix else [])])


def verify(runner, ix=None):
    result = run(runner, "verify", "--json", ix=ix)
    return result.exit_code, json.loads(result.stdout)["findings"]


def found(runner, query, ix=None):
    result = run(runner, "search", query, "-f", "json", "-n", "50", ix=ix)
    return sorted(hit["id"] for hit in json.loads(result.stdout)["results"])


def test_an_appended_line_is_read_by_index_and_verify_then_agrees(runner, tmp_path):
    corpus, ix = write_corpus(tmp_path / "src", DOCS[:2]), tmp_path / "ix"
    other = write_corpus(tmp_path / "src", DOCS[2:], "other.jsonl")  # keeps the first segment alive
    assert run(runner, "index", str(corpus), str(other), ix=ix).exit_code == 0
    with corpus.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({**DOCS[0], "id": "d4"}) + "\n")
    assert verify(runner, ix) == (1, [f"source changed since indexing: {corpus} (update with: parlzoek index)"])
    updated = run(runner, "index", ix=ix)
    assert updated.exit_code == 0 and "3 documents (5 passages) added, 2 removed" in said(updated)
    assert verify(runner, ix) == (0, [])
    again = run(runner, "index", ix=ix)
    assert "0 sources read, 2 unchanged" in said(again) and verify(runner, ix) == (0, [])


def test_after_prune_index_verify_and_stats_agree_with_the_files_left(runner, tmp_path):
    a = write_corpus(tmp_path / "src", DOCS[:2], "a.jsonl")
    b = write_corpus(tmp_path / "src", DOCS[2:], "b.jsonl")
    ix = tmp_path / "ix"
    assert run(runner, "index", str(a), str(b), ix=ix).exit_code == 0
    b.unlink()
    assert verify(runner, ix) == (1, [f"source gone: {b} (drop its documents with: parlzoek index --prune)"])
    kept = run(runner, "index", ix=ix)
    assert kept.exit_code == 1 and "its 1 file stay in the index (drop them with: parlzoek index --prune)" in said(kept)
    pruned = run(runner, "index", "--prune", ix=ix)
    assert pruned.exit_code == 0 and "1 dropped" in said(pruned)
    later = run(runner, "index", ix=ix)
    assert later.exit_code == 0 and "problem" not in said(later).replace("0 problems", "")
    assert verify(runner, ix) == (0, [])
    assert json.loads(run(runner, "stats", "--json", ix=ix).stdout)["sources"] == 1


def test_a_source_whose_time_alone_changed_is_unchanged(runner, tmp_path):
    """As the bundled sample after a reinstall: the same content, a new file time."""
    corpus, ix = write_corpus(tmp_path / "src"), tmp_path / "ix"
    assert run(runner, "index", str(corpus), ix=ix).exit_code == 0
    os.utime(corpus, ns=(1, 10**18))
    assert verify(runner, ix) == (0, [])
    again = run(runner, "index", ix=ix)
    assert "0 sources read, 1 unchanged" in said(again) and verify(runner, ix) == (0, [])


def test_right_after_the_sample_is_built_verify_is_healthy_even_when_its_time_changes(runner, default_home):
    from parlzoek.corpus.sample import sample_corpus_dir

    assert run(runner, "search", "maatwerkbedrijven").exit_code == 0
    sample = next(sample_corpus_dir().glob("*.txt"))
    stat = sample.stat()
    try:
        os.utime(sample, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # as a reinstall leaves it
        assert verify(runner) == (0, [])
    finally:
        os.utime(sample, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_own_sources_replace_the_bundled_sample_in_the_default_index(runner, default_home, tmp_path):
    assert found(runner, "maatwerkbedrijven") == ["vp-2016-2017-687-liesbeth-homans"]
    own = run(runner, "index", str(write_corpus(tmp_path / "vragen")))
    assert own.exit_code == 0 and "held only the bundled sample: your sources replace it" in said(own)
    assert found(runner, "jaar:2016 OR jaar:2017") == ["d1", "d2", "d3"]
    more = run(runner, "index", str(write_corpus(tmp_path / "meer", [{**DOCS[0], "id": "d9"}])))
    assert "bundled sample" not in said(more)  # only the first own sources replace it
    assert found(runner, "jaar:2016 OR jaar:2017") == ["d1", "d2", "d3", "d9"]


def test_a_folder_is_a_source_new_files_in_it_are_read_and_gone_ones_dropped(runner, tmp_path):
    folder, ix = tmp_path / "vragen", tmp_path / "ix"
    write_corpus(folder, DOCS[:1], "a.jsonl")
    assert run(runner, "index", str(folder), ix=ix).exit_code == 0
    new = write_corpus(folder, DOCS[1:], "b.jsonl")
    assert verify(runner, ix) == (1, [f"new source in an indexed folder: {new} (update with: parlzoek index)"])
    assert "1 source read, 1 unchanged" in said(run(runner, "index", ix=ix))
    assert found(runner, "jaar:2016 OR jaar:2017", ix) == ["d1", "d2", "d3"] and verify(runner, ix) == (0, [])
    (folder / "a.jsonl").unlink()
    assert "1 dropped" in said(run(runner, "index", ix=ix))
    assert found(runner, "jaar:2016 OR jaar:2017", ix) == ["d2", "d3"] and verify(runner, ix) == (0, [])


def test_a_path_that_does_not_exist_creates_and_changes_nothing(runner, tmp_path):
    ix = tmp_path / "x"
    result = run(runner, "index", str(tmp_path / "nope.jsonl"), ix=ix)
    assert result.exit_code == 1 and not ix.exists()
    assert said(result).startswith(f"Error: nothing indexed, no index created: {tmp_path / 'nope.jsonl'}: no such")
    assert "Hint: check the path" in said(result)
    assert run(runner, "index", str(write_corpus(tmp_path / "src")), ix=ix).exit_code == 0
    generation = (ix / "CURRENT").read_text()
    refused = run(runner, "index", str(tmp_path / "nope.jsonl"), ix=ix)
    assert refused.exit_code == 1 and "the index is unchanged" in said(refused)
    assert (ix / "CURRENT").read_text() == generation and found(runner, "economie", ix) == ["d1", "d3"]


@pytest.mark.parametrize("first", ["build", "update"])
def test_a_mistyped_path_next_to_a_good_one_is_reported_and_never_becomes_a_source(runner, tmp_path, first):
    ix, good, typo = tmp_path / "x", write_corpus(tmp_path / "src"), tmp_path / "typo.jsonll"
    if first == "update":
        assert run(runner, "index", str(good), ix=ix).exit_code == 0
    result = run(runner, "index", str(good), str(typo), ix=ix)
    assert result.exit_code == 1 and f"{typo}: no such file or directory" in said(result)
    assert verify(runner, ix) == (0, [])
    again = run(runner, "index", ix=ix)
    assert again.exit_code == 0 and str(typo) not in said(again)
    assert json.loads(run(runner, "stats", "--json", ix=ix).stdout)["sources"] == 1


def test_the_hint_for_a_path_with_nothing_to_read_names_every_kind_of_file_read(runner, tmp_path):
    result = run(runner, "index", str(tmp_path / "nope"), ix=tmp_path / "x")
    hint = said(result).split("Hint: ", 1)[1]
    assert all(f"{kind}," in hint or f"{kind} " in hint for kind in [".txt", ".pdf", ".docx", ".doc", ".rtf", ".jsonl"])
    assert "(optionally .gz)" in hint


def test_a_folder_without_sources_is_refused_too(runner, tmp_path):
    (tmp_path / "empty").mkdir()
    result = run(runner, "index", str(tmp_path / "empty"), ix=tmp_path / "y")
    assert result.exit_code == 1 and "no source files in" in said(result) and not (tmp_path / "y").exists()


def test_the_summary_counts_in_the_singular_and_names_its_processes(runner, tmp_path):
    result = run(runner, "index", str(write_corpus(tmp_path / "src", DOCS[1:2])), ix=tmp_path / "ix")
    assert (
        "1 document (1 passage) added, 0 removed; 1 source read, 0 unchanged, 0 dropped; 1 document in the index; "
        "0 problems, 0 warnings; 1 process;" in said(result)
    )
    healthy = run(runner, "verify", ix=tmp_path / "ix")
    assert "1 document read back, 1 source as indexed" in " ".join(healthy.stdout.split())


def test_a_file_without_one_readable_record_creates_no_index_and_keeps_an_old_one(runner, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{}\n", encoding="utf-8")
    ix = tmp_path / "ix"
    result = run(runner, "index", str(bad), ix=ix)
    assert result.exit_code == 1 and not ix.exists()
    assert f"Nothing indexed: no document could be read from 1 source; no index created at {ix}" in said(result)
    assert f"problem: {bad}:1: record has neither question nor answer" in said(result)
    assert run(runner, "index", str(write_corpus(tmp_path / "src")), ix=ix).exit_code == 0
    rebuilt = run(runner, "index", "--rebuild", str(bad), ix=ix)
    assert rebuilt.exit_code == 1 and f"the index at {ix} is unchanged" in said(rebuilt)
    assert found(runner, "economie", ix) == ["d1", "d3"]
