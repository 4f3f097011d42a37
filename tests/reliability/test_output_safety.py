"""Document text is data: markup, terminal escapes, bidi overrides, HTML and spreadsheet
formulas in a document come out inert in every output format."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from corpus_helpers import DOCS, write_corpus
from hypothesis import example, given
from hypothesis import strategies as st
from rich.text import Text
from typer.testing import CliRunner

from parlzoek.search.export import csv_cell
from parlzoek.terminal.cli import app
from parlzoek.textsafety import for_rich, strip_controls, to_json

MARKUP = "[bold red]Alarm[/] [link=http://evil.example]klik[/link] :warning: map\\[1]"
ESCAPES = "\x1b[31mrood\x1b[0m\x1b[2J \x1b]8;;http://evil.example\x07link\x1b]8;;\x07 \x1b]0;titel\x07 \x9b31m"
BIDI = "\u202egnp.exe \u2066x\u2069 \u200f"
HTML = "<script>alert(1)</script> <mark>nep</mark>"
LINE_BREAKERS = "een\u2028twee\x85drie"
EVIL = {
    **DOCS[0],
    "id": "kwaad",
    "title": "=cmd|' /C calc'!A0 " + MARKUP,
    "question": f"1. Hoeveel maatwerkbedrijven? {ESCAPES} {BIDI}\n2. En nu? {HTML}",
    "answer": f"1. Vijftig maatwerkbedrijven {LINE_BREAKERS} {MARKUP}\n2. @SUM(1) {HTML} {ESCAPES}",
    "minister": "+Liesbeth \x1b[5mHomans",
    "asker": "-Jan \u202eNeeP",
}
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def evil_index(tmp_path_factory):
    root = tmp_path_factory.mktemp("evil")
    corpus = write_corpus(root / "src", [EVIL])
    assert CliRunner().invoke(app, ["index", str(corpus), "--index", str(root / "ix")]).exit_code == 0
    queries = root / "queries.txt"
    queries.write_text("maatwerkbedrijven\nalarm\n", encoding="utf-8")
    return str(root / "ix"), str(corpus), str(queries)


def outputs(evil_index) -> dict[str, str]:
    index, corpus, queries = evil_index
    commands = {
        "search rich": ["search", "maatwerkbedrijven alarm nep", "--index", index],
        "search plain": ["search", "maatwerkbedrijven alarm nep", "--index", index, "-f", "plain"],
        "search json": ["search", "maatwerkbedrijven alarm nep", "--index", index, "-f", "json"],
        "show rich": ["show", "kwaad", "--index", index, "-q", "nep"],
        "show plain": ["show", "kwaad", "--index", index, "-q", "nep", "-f", "plain"],
        "show json": ["show", "kwaad", "--index", index, "-q", "nep", "-f", "json"],
        "batch jsonl": ["batch", queries, "--index", index, "-f", "jsonl"],
        "batch csv": ["batch", queries, "--index", index, "-f", "csv"],
        "batch trec": ["batch", queries, "--index", index, "-f", "trec"],
        "inspect rich": ["corpus", "inspect", corpus],
        "inspect json": ["corpus", "inspect", corpus, "--json"],
    }
    runner = CliRunner()
    results = {name: runner.invoke(app, command, terminal_width=400) for name, command in commands.items()}
    assert {name: r.exit_code for name, r in results.items()} == dict.fromkeys(commands, 0)
    return {name: r.stdout for name, r in results.items()}


def test_no_escape_bidi_or_line_breaking_character_reaches_any_output(evil_index):
    for name, text in outputs(evil_index).items():
        assert UNSAFE.findall(text) == [], name


def test_markup_is_shown_as_text_and_html_is_escaped(evil_index):
    out = outputs(evil_index)
    for name in ("search rich", "search plain", "show rich", "show plain", "inspect rich"):
        assert "klik[/link]" in out[name] and "[/]" in out[name], name
        assert ":warning:" in out[name] and "map\\[1]" in out[name], name  # no emoji, the backslash kept
    hit = json.loads(out["search json"])["results"][0]
    snippets = " ".join(p["snippet"] for p in hit["passages"])
    assert "&lt;script&gt;" in snippets and "<script>" not in snippets
    assert "&lt;mark&gt;<mark>nep</mark>&lt;/mark&gt;" in snippets  # the document's tag escaped, ours marks the hit
    assert json.loads(out["show json"])["question"].endswith(HTML)  # JSON fields are data, kept exactly


def test_csv_cells_are_never_formulas(evil_index):
    rows = list(csv.reader(io.StringIO(outputs(evil_index)["batch csv"])))
    cells = [cell for row in rows[1:] for cell in row]
    assert rows[1:] and [c for c in cells if c.startswith(FORMULA_START) and not _number(c)] == []
    assert any(c.startswith("'=cmd") for c in cells)


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


@given(st.text())
@example("\\[")  # rich reads a backslash before any bracket as an escape; its own escape() did not say so
@example("a\\[b] c\\\\")
def test_strip_controls_leaves_nothing_that_steers_a_terminal(text):
    assert UNSAFE.findall(strip_controls(text)) == []
    shown = Text.from_markup(f"[bold]{for_rich(text)}[/bold]", emoji=False)  # as renderers embed it
    assert shown.plain == strip_controls(text)


@pytest.mark.slow
@given(st.recursive(st.text() | st.integers(), lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)))
def test_json_output_escapes_and_round_trips(data):
    text = to_json(data)
    assert UNSAFE.findall(text) == [] and json.loads(text) == data


@given(st.text())
def test_csv_cell_is_never_a_formula(text):
    assert not csv_cell(text).startswith(FORMULA_START)
