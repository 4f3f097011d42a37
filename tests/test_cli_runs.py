"""Batch runs and their measurement refuse what would mix two rankings; a failed fetch says where to look."""

import pytest
from corpus_helpers import write_corpus
from fake_parliament import FakeParliament, make_questions
from typer.testing import CliRunner

from parlzoek.terminal.cli import app

QRELS = "q1 0 d1 1\nq1 0 d2 0\nq2 0 d3 1\n"


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("runs")
    ix = str(tmp / "ix")
    assert CliRunner().invoke(app, ["index", str(write_corpus(tmp / "src")), "--index", ix]).exit_code == 0
    return ix


def test_a_repeated_query_id_is_a_problem_with_its_line_and_the_first_is_run(runner, index, tmp_path):
    queries = tmp_path / "q.tsv"
    queries.write_text("Q1\taccijnzen\nQ2\teconomie\nQ1\tmaatwerkbedrijven\n", encoding="utf-8")
    result = runner.invoke(app, ["batch", str(queries), "--index", index, "--format", "trec"])
    assert result.exit_code == 1
    assert f"{queries}:3: query id Q1 repeats line 1; not run" in result.stderr
    rows = [line.split() for line in result.stdout.splitlines()]
    assert [(cols[2], cols[3]) for cols in rows if cols[0] == "Q1"] == [("d2", "1")]  # accijnzen's, ranked once
    assert "2 queries: 2 answered (0 without hits), 1 problem" in result.stderr


@pytest.mark.parametrize(
    ("run", "message"),
    [
        ("q1 Q0 d1 1 2.0 t\nq1 Q0 d2 2 1.0 t\nq1 Q0 d1 3 0.5 t\n",
         "run:3: document d1 repeats for query q1 (first on line 1)"),
        ("q1 Q0 d1 1 2.0 t\nq2 Q0 d3 1 1.0 t\nq1 Q0 d2 1 0.5 t\n",
         "run:3: rank 1 repeats for query q1 (first on line 1)"),
        ("q1 Q0 d1 first 2.0 t\n", "run:1: rank 'first' is not a whole number"),
    ],
)  # fmt: skip
def test_evaluate_refuses_a_run_that_repeats_a_pair_or_a_rank(runner, tmp_path, run, message):
    (tmp_path / "qrels").write_text(QRELS, encoding="utf-8")
    (tmp_path / "run").write_text(run, encoding="utf-8")
    for option in ("--run", "--baseline"):
        args = ["evaluate", "--qrels", str(tmp_path / "qrels"), option, str(tmp_path / "run")]
        if option == "--baseline":
            (tmp_path / "good").write_text("q1 Q0 d1 1 2.0 t\n", encoding="utf-8")
            args += ["--run", str(tmp_path / "good")]
        result = runner.invoke(app, args, env={"COLUMNS": "300"})
        assert result.exit_code == 2 and result.stdout == ""
        assert result.stderr == f"Error: {tmp_path / message}\n"


def test_a_fetch_from_a_wrong_address_hints_at_the_connection_and_api_url(runner, tmp_path):
    with FakeParliament(make_questions(2)) as server:
        wrong = server.base_url + "/niet-hier"
        args = ["fetch", "--session-year", "2016-2017", "--into", str(tmp_path / "c"), "--api-url", wrong]
        result = runner.invoke(app, args)
    assert result.exit_code == 1
    error, hint = result.stderr.splitlines()[-2:]
    assert error.startswith(f"Error: {wrong}/api/search/") and error.endswith(": HTTP 404")
    assert hint.startswith("Hint: check the network connection") and "--api-url" in hint


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("nodir/x.trec", "no such directory"),
        (".", "it is a folder"),
        ("afile/x.trec", "a part of the path is not a folder"),
    ],
)
def test_an_output_that_cannot_be_written_is_a_one_line_usage_error(runner, index, tmp_path, target, reason):
    queries = tmp_path / "q.tsv"
    queries.write_text("Q1\taccijnzen\n", encoding="utf-8")
    (tmp_path / "afile").write_text("", encoding="utf-8")
    output = tmp_path / target
    result = runner.invoke(app, ["batch", str(queries), "--index", index, "--output", str(output)])
    assert result.exit_code == 2
    assert result.stderr == f"Error: cannot write {output}: {reason}\n"


def test_a_fetch_into_a_path_that_cannot_be_a_folder_is_a_one_line_usage_error(runner, tmp_path):
    (tmp_path / "afile").write_text("", encoding="utf-8")
    into = tmp_path / "afile" / "corpus"
    with FakeParliament(make_questions(1)) as server:
        args = ["fetch", "--session-year", "2016-2017", "--into", str(into), "--api-url", server.base_url]
        result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"Error: cannot write {into}: a part of the path is not a folder"


def test_a_folder_given_as_a_query_qrels_or_run_file_is_named_a_folder(runner, tmp_path):
    batch = runner.invoke(app, ["batch", str(tmp_path)])
    assert batch.exit_code == 2 and batch.stderr == f"Error: {tmp_path} is a folder, not a query file\n"
    evaluate = runner.invoke(app, ["evaluate", "--qrels", str(tmp_path), "--run", str(tmp_path)])
    assert evaluate.exit_code == 2 and evaluate.stderr == f"Error: cannot read qrels {tmp_path}: it is a folder\n"
    (tmp_path / "qrels").write_text(QRELS, encoding="utf-8")
    missing = runner.invoke(app, ["evaluate", "--qrels", str(tmp_path / "qrels"), "--run", str(tmp_path / "nope")])
    assert missing.exit_code == 2 and missing.stderr == f"Error: cannot read run {tmp_path / 'nope'}: no such file\n"
