import json

import pytest
from typer.testing import CliRunner

from parlzoek.terminal.cli import app

REQUIRED_DOCUMENT_KEYS = {
    "id", "number", "date", "session_year", "title", "question", "answer", "minister",
    "minister_function", "asker", "themes", "source", "passages",
}  # fmt: skip


@pytest.fixture
def runner():
    return CliRunner()


def test_inspect_json_of_the_bundled_sample(runner):
    result = runner.invoke(app, ["corpus", "inspect", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert set(payload) == {"documents", "problems", "warnings"}
    (doc,) = payload["documents"]
    assert set(doc) >= REQUIRED_DOCUMENT_KEYS
    assert doc["number"] == 687 and doc["asker"] is None and doc["themes"] == []
    assert [(p["n"], p["answer"][:5]) for p in doc["passages"]] == [
        (1, "Aange"),
        (2, "Idem."),
        (3, "Elke "),
        (4, "De sa"),
    ]
    assert all({"n", "question", "answer"} <= set(p) for p in doc["passages"])


def test_inspect_json_reports_problems_and_exits_non_zero_with_good_documents_printed(runner, tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text('{"id": "ok", "question": "Waarom?"}\n{not json}\n', encoding="utf-8")
    result = runner.invoke(app, ["corpus", "inspect", "--json", str(path)])
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert [d["id"] for d in payload["documents"]] == ["ok"]
    assert payload["problems"] == [
        {
            "source": str(path),
            "line": 2,
            "message": "malformed JSON: Expecting property name enclosed in double quotes (column 2)",
        }
    ]


def test_inspect_table_names_problem_source_and_line(runner, tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text('{"id": "ok", "question": "Waarom?"}\n[]\n', encoding="utf-8")
    result = runner.invoke(app, ["corpus", "inspect", str(path)])
    assert result.exit_code == 1
    assert "ok" in result.stdout
    assert f"problem: {path}:2: a record must be a JSON object, not list" in " ".join(result.stderr.split())


def test_document_text_is_never_markup_or_terminal_control(runner, tmp_path):
    path = tmp_path / "r.jsonl"
    record = {"id": "evil", "title": "[bold red]Alarm[/] \x1b[31mrood\x1b[0m \x1b]0;titel\x07", "question": "Waarom?"}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["corpus", "inspect", str(path)], terminal_width=200, color=True)
    assert result.exit_code == 0
    assert "[bold red]Alarm[/]" in result.stdout
    assert "\x1b]0;" not in result.stdout and "\x1b[31mrood" not in result.stdout


def test_version_and_help(runner):
    assert runner.invoke(app, ["--version"]).stdout.startswith("parlzoek ")
    result = runner.invoke(app, ["corpus", "inspect", "--help"])
    assert result.exit_code == 0 and "--json" in result.stdout
