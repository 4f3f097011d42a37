"""``evaluate`` on runs small enough to compute by hand."""

import json
import math
import sys

import pytest
from typer.testing import CliRunner

from parlzoek.research.evaluate import compare, evaluate, randomization_p
from parlzoek.terminal.cli import app

QRELS = "q1 0 d1 1\nq1 0 x9 0\nq2 0 d7 1\n"
RUN = "q1 Q0 d3 1 2.0 t\nq1 Q0 d1 2 1.0 t\n"  # q2 has no results: it counts 0
BETTER = "q1 Q0 d1 1 2.0 t\nq2 Q0 d7 1 1.0 t\n"


@pytest.fixture
def files(tmp_path):
    for name, text in {"qrels": QRELS, "run": RUN, "better": BETTER}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_measures_by_hand(files):
    result = json.loads(CliRunner().invoke(app, ["evaluate", "--qrels", str(files / "qrels"), "--run",
                                                 str(files / "run"), "--json"]).stdout)  # fmt: skip
    assert set(result) == {"queries", "measures"} and result["queries"] == 2
    expected = {"nDCG@10": (1 / math.log2(3)) / 2, "AP": 0.5 / 2, "R@100": 1 / 2, "RR@10": 0.5 / 2, "P@10": 0.1 / 2}
    assert result["measures"] == pytest.approx(expected)


def test_baseline_comparison_counts_wins_ties_losses(files):
    from parlzoek.research.evaluate import read_qrels, read_run

    qrels = read_qrels(files / "qrels")
    better, run = evaluate(qrels, read_run(files / "better")), evaluate(qrels, read_run(files / "run"))
    rr = compare(better, run, "RR@10")
    assert (rr.wins, rr.ties, rr.losses) == (2, 0, 0) and rr.mean_difference == pytest.approx(0.75)
    assert 0 < rr.p_value <= 1
    out = CliRunner().invoke(app, ["evaluate", "--qrels", str(files / "qrels"), "--run", str(files / "better"),
                                   "--baseline", str(files / "run"), "--per-query"], terminal_width=200)  # fmt: skip
    assert out.exit_code == 0 and "wins" in out.stdout and "q2" in out.stdout


def test_randomization_p_is_small_for_consistent_and_one_for_no_difference():
    assert randomization_p([0.1] * 30) < 0.001
    assert randomization_p([0.1, -0.1] * 15) == 1.0


def test_a_malformed_run_line_is_a_usage_error_naming_the_line(files):
    (files / "bad").write_text("q1 Q0 d1 1 high t\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", "--qrels", str(files / "qrels"), "--run", str(files / "bad")])
    assert result.exit_code == 2 and "bad:1: score 'high' is not a number" in " ".join(result.stderr.split())


def test_a_run_of_queries_the_qrels_do_not_judge_is_a_usage_error_not_zeros(files):
    (files / "other").write_text("s1 Q0 d1 1 2.0 t\ns2 Q0 d7 1 1.0 t\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", "--qrels", str(files / "qrels"), "--run", str(files / "other")])
    said = " ".join(result.stderr.split())
    assert result.exit_code == 2 and "none of the run's 2 queries is judged in the qrels" in said and "'s1'" in said
    assert not result.stdout  # no table of zeros


def test_evaluate_runs_a_query_file_against_an_index(files, tmp_path):
    from corpus_helpers import write_corpus

    ix = str(tmp_path / "ix")
    assert CliRunner().invoke(app, ["index", str(write_corpus(tmp_path / "src")), "--index", ix]).exit_code == 0
    (files / "queries.tsv").write_text("a\tmaatwerkbedrijven\nb\ttabak\n", encoding="utf-8")
    (files / "small.qrels").write_text("a 0 d1 1\nb 0 d2 1\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", "--qrels", str(files / "small.qrels"), "--queries",
                                      str(files / "queries.tsv"), "--index", ix, "--json"])  # fmt: skip
    assert json.loads(result.stdout)["measures"]["RR@10"] == 1.0


def test_a_missing_query_file_is_a_usage_error(files, tmp_path):
    result = CliRunner().invoke(app, ["evaluate", "--qrels", str(files / "qrels"), "--queries", str(tmp_path / "no")])
    assert result.exit_code == 2 and "no such query file" in result.stderr


def test_measures_are_objects_named_as_reported_never_parsed_from_strings(files, monkeypatch):
    """ir-measures' string parser needs ``ast.Num``, which Python 3.14 removed: evaluate must not call it."""
    import ir_measures

    from parlzoek.research.evaluate import MEASURES, measure_objects

    assert [str(m) for m in measure_objects().values()] == list(MEASURES)

    def removed(*args, **kwargs):
        raise AttributeError("module 'ast' has no attribute 'Num'")

    monkeypatch.setattr(ir_measures, "parse_measure", removed)
    result = CliRunner().invoke(
        app, ["evaluate", "--qrels", str(files / "qrels"), "--run", str(files / "run"), "--json"]
    )
    assert result.exit_code == 0 and json.loads(result.stdout)["measures"]["AP"] == pytest.approx(0.25)


def test_without_the_eval_extra_evaluate_says_what_to_install(files, monkeypatch):
    monkeypatch.setitem(sys.modules, "ir_measures", None)  # what importing it does when it is not installed
    result = CliRunner().invoke(app, ["evaluate", "--qrels", str(files / "qrels"), "--run", str(files / "run")])
    assert result.exit_code == 2
    assert "pip install 'parlzoek[eval]'" in " ".join(result.stderr.split())
    assert len(result.stderr.strip().splitlines()) == 1
