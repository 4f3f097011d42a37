"""Output for people and scripts: rich in a terminal, plain and never wrapped in a pipe.

Typer's runner is no terminal, so what it captures is what a pipe gets; rich output is asked
for with ``-f rich`` and its width set with ``COLUMNS``.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from corpus_helpers import write_corpus
from typer.testing import CliRunner

from parlzoek.terminal.cli import app

URL = "https://www.vlaanderen.be/sociale-economie/maatwerkbedrijven-en-hun-samenwerking-met-reguliere-bedrijven."
LONG_ID = "vp-2016-2017-schriftelijke-vraag-687-liesbeth-homans-maatwerkbedrijven-en-sociale-economie"
DOCS = [
    {"id": LONG_ID, "date": "2017-03-01", "minister": "Liesbeth Homans, Vlaams minister van Binnenlands Bestuur, "
     "Inburgering, Wonen, Gelijke Kansen en Armoedebestrijding",
     "title": "Maatwerkbedrijven en hun samenwerking met de reguliere economie in de Vlaamse provincies",
     "question": "1. Hoeveel maatwerkbedrijven telt Vlaanderen per provincie, en hoeveel werknemers hebben ze in "
     "dienst in de sociale economie? Zie " + URL + "2. Werken ze samen met reguliere bedrijven?",
     "answer": "1. Er zijn vijftig maatwerkbedrijven.\n\n   Ze stellen samen twintigduizend mensen tewerk in de "
     "sociale economie.\n\n\nDe cijfers komen van het departement.2. Ja, via samenwerkingsverbanden."},
    {"id": "d2", "date": "2016-05-10", "title": "Fraude met accijnzen", "minister": "Johan Van Overtveldt",
     "question": "Hoe groot is de fraude met accijnzen op tabak?",
     "answer": "De fraude wordt op 2 miljard euro geschat.\n\nDe controle op fraude wordt versterkt."},
]  # fmt: skip


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    deep = tmp_path_factory.mktemp("output") / "een-lange-map-met-bronnen-van-het-vlaams-parlement" / "2016-2017"
    return write_corpus(deep, DOCS, name="schriftelijke-vragen-en-antwoorden-zittingsjaar-2016-2017.jsonl")


@pytest.fixture(scope="module")
def index(corpus):
    ix = str(corpus.parent / "ix")
    result = CliRunner().invoke(app, ["index", str(corpus), "--index", ix])
    assert result.exit_code == 0, result.output
    return ix


def _search(runner, index, *args, columns=80):
    return runner.invoke(app, ["search", *args, "--index", index], env={"COLUMNS": str(columns)})


def test_into_a_pipe_the_default_output_is_plain_with_its_marks(runner, index):
    result = _search(runner, index, "maatwerkbedrijven")
    assert result.exit_code == 0 and "«maatwerkbedrijven»" in result.stdout and "\x1b" not in result.stdout


def test_plain_output_never_wraps_a_header_line(runner, index, corpus):
    result = _search(runner, index, "maatwerkbedrijven", "-f", "plain", columns=40)
    lines = result.stdout.splitlines()
    (title,) = [line for line in lines if line.startswith("1. ")]
    marked = DOCS[0]["title"].replace("Maatwerkbedrijven", "«Maatwerkbedrijven»")  # its hit marked
    assert title == f"1. {marked}  [score {title.split('[score ')[1]}"
    assert re.fullmatch(r"1\. .*  \[score \d+\.\d\d\]", title)
    (meta,) = [line for line in lines if LONG_ID in line]
    assert meta.startswith("   2017-03-01 · Liesbeth Homans, Vlaams minister") and meta.endswith(f" · {LONG_ID}")
    shown = runner.invoke(app, ["show", LONG_ID, "--index", index, "-f", "plain"], env={"COLUMNS": "40"})
    assert f"bron: {corpus}" in shown.stdout.splitlines()


def test_a_plain_passage_is_one_block_its_further_lines_indented(runner, index):
    result = _search(runner, index, "maatwerkbedrijven", "-f", "plain", "--passages", "1")
    header, *results = result.stdout.rstrip("\n").split("\n\n")  # awk's paragraph mode: one result a record
    assert header.startswith("1 document for") and len(results) == 1
    _title, _meta, *passage = results[0].split("\n")
    assert passage[0].startswith("   1. V: Hoeveel «maatwerkbedrijven»")
    assert passage[1].startswith("      A: Er zijn vijftig «maatwerkbedrijven».")
    assert passage[2:] == [
        "         Ze stellen samen twintigduizend mensen tewerk in de sociale economie.",
        "         De cijfers komen van het departement.",
    ]
    shown = runner.invoke(app, ["show", LONG_ID, "--index", index, "-f", "plain"]).stdout
    first, second = shown.split("\n\n")[1:]
    assert first.split("\n")[2:] == [
        "      Ze stellen samen twintigduizend mensen tewerk in de sociale economie.",
        "      De cijfers komen van het departement.",
    ]
    assert second == "2. V: Werken ze samen met reguliere bedrijven?\n   A: Ja, via samenwerkingsverbanden.\n"


def test_every_passage_shown_carries_its_number(runner, index):
    plain = _search(runner, index, "fraude", "-f", "plain").stdout
    assert "   1. V: Hoe groot is de «fraude»" in plain and "   2. A: De controle op «fraude» wordt versterkt." in plain
    assert not re.search(r"^ *A:", plain.split("   1. V:")[1].split("\n", 2)[2], re.MULTILINE)
    rich = _search(runner, index, "fraude", "-f", "rich", columns=120).stdout
    assert re.search(r"^ +2\. A: De controle op fraude wordt versterkt\. *$", rich, re.MULTILINE)
    shown = runner.invoke(app, ["show", "d2", "--index", index, "-f", "plain"]).stdout
    assert "\n\n2. A: De controle op fraude wordt versterkt.\n" in shown


def test_in_the_terminal_wrapped_lines_keep_their_indent(runner, index):
    result = _search(runner, index, "maatwerkbedrijven", "-f", "rich", "--passages", "1", columns=60)
    assert result.exit_code == 0
    lines = [line.rstrip() for line in result.stdout.rstrip("\n").split("\n")]
    assert lines[1] == "" and lines[2].startswith("1. Maatwerkbedrijven")  # a blank line before each result
    assert all(len(line) <= 60 for line in lines)
    body = lines[3:]  # the title's rest, the metadata and the passages: all under the title
    assert all(line.startswith("   ") for line in body)
    assert LONG_ID in "".join(line.strip() for line in body)  # wider than the terminal: folded, not cut
    assert URL in "".join(line.strip() for line in body)
    labels = [line for line in body if re.match(r" +(\d+\. )?[VA]: ", line)]
    assert [line[:9] for line in labels] == ["   1. V: ", "      A: "]
    for start, end in ((labels[0], labels[1]), (labels[1], None)):  # the question's and the answer's further lines
        further = body[body.index(start) + 1 : body.index(end) if end else None]
        assert further and all(line.startswith(" " * 9) and line[9] != " " for line in further)


def test_corpus_inspect_never_folds_an_id(runner, corpus):
    for columns in ("60", "120"):
        result = runner.invoke(app, ["corpus", "inspect", str(corpus), "-f", "rich"], env={"COLUMNS": columns})
        assert result.exit_code == 0 and any(LONG_ID in line for line in result.stdout.splitlines())
        assert result.stdout.split("\n")[0].rstrip() == "2 documents"


def test_a_one_line_message_stays_one_line_in_a_pipe(runner, tmp_path):
    missing = tmp_path / "een-index-die-er-niet-is-met-een-heel-lange-naam-van-meer-dan-tachtig-tekens"
    result = runner.invoke(app, ["search", "x", "--index", str(missing)], env={"COLUMNS": "80"})
    assert result.exit_code == 1 and any(str(missing) in line for line in result.stderr.splitlines())


def test_counts_are_singular_for_one(runner, tmp_path, index):
    single = write_corpus(tmp_path / "src", DOCS[1:])
    inspected = runner.invoke(app, ["corpus", "inspect", str(single), "-f", "rich"])
    assert inspected.stdout.split("\n")[0].rstrip() == "1 document"
    assert "1 document, 0 problems, 0 warnings" in inspected.stderr
    queries = tmp_path / "q.txt"
    queries.write_text("fraude\n", encoding="utf-8")
    batch = runner.invoke(app, ["batch", str(queries), "--index", index])
    assert "1 query: 1 answered (0 without hits), 0 problems" in batch.stderr


def test_the_evaluate_title_is_one_line(runner, tmp_path):
    (tmp_path / "qrels").write_text("q1 0 d1 1\nq2 0 d3 1\n", encoding="utf-8")
    (tmp_path / "run").write_text("q1 Q0 d1 1 2.0 t\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", "--qrels", str(tmp_path / "qrels"), "--run", str(tmp_path / "run")])
    assert result.exit_code == 0
    assert result.stdout.split("\n")[0] == "2 judged queries (a query without results counts 0)"


def test_usage_lines_read_as_a_cli_does(runner):
    for command, usage in ((["search"], "search [OPTIONS] QUERY"), (["index"], "index [OPTIONS] [PATH]..."),
                           (["corpus", "inspect"], "corpus inspect [OPTIONS] [PATH]..."),
                           (["batch"], "batch [OPTIONS] FILE"), (["show"], "show [OPTIONS] ID")):  # fmt: skip
        shown = runner.invoke(app, [*command, "--help"], prog_name="parlzoek").stdout
        assert f"Usage: parlzoek {usage}\n" in shown
        assert not re.search(r"[{}]|<list\[|<[a-z %-]+>", shown.split("Arguments:")[-1].replace("{id, query}", ""))
    assert "-n, --limit N " in runner.invoke(app, ["search", "--help"]).stdout
    assert "Missing argument 'QUERY'" in runner.invoke(app, ["search"]).stderr


@pytest.mark.slow  # a pytest of its own in a subprocess: a check of pyproject.toml's options, not of parlzoek
def test_a_skipped_test_says_why_without_being_asked(tmp_path):
    repo = Path(__file__).resolve().parent.parent
    (tmp_path / "test_skipping.py").write_text(
        "import pytest\n\ndef test_it():\n    pytest.skip('no shared data here')\n", encoding="utf-8"
    )
    ran = subprocess.run([sys.executable, "-m", "pytest", "-c", str(repo / "pyproject.toml"), "--rootdir",
                          str(tmp_path), "-p", "no:cacheprovider", str(tmp_path)],
                         capture_output=True, text=True, cwd=tmp_path, check=False)  # fmt: skip
    assert "1 skipped" in ran.stdout and "no shared data here" in ran.stdout


def test_a_verify_finding_keeps_its_path_on_its_line(runner, tmp_path):
    source = write_corpus(tmp_path / "een-map-met-een-naam-die-lang-genoeg-is-om-een-regel-te-vullen", DOCS)
    ix = str(tmp_path / "ix")
    assert runner.invoke(app, ["index", str(source), "--index", ix]).exit_code == 0
    source.unlink()
    result = runner.invoke(app, ["verify", "--index", ix], env={"COLUMNS": "80"})
    assert result.exit_code == 1
    assert any(line.startswith("  - ") and str(source) in line for line in result.stdout.splitlines())


@pytest.mark.slow  # an installed parlzoek in a pipe, in a subprocess
@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGPIPE"), reason="no SIGPIPE on this platform")
def test_a_reader_that_stops_early_ends_the_search_quietly(tmp_path):
    """``parlzoek search … | head -1``: the search stops as other Unix tools do (by SIGPIPE), with
    nothing on stderr, where click reported a failure (exit 1) once the reader closed the pipe.
    The results are larger than a pipe holds, so the search is still writing when it is closed."""
    import signal

    answer = " ".join(f"De fraude in sector {i} werd onderzocht." for i in range(60))
    docs = [{"id": f"q{i}", "title": f"Fraude {i}", "question": "Hoe groot is de fraude?", "answer": answer}
            for i in range(150)]  # fmt: skip
    index = str(tmp_path / "ix")
    assert (
        CliRunner().invoke(app, ["index", str(write_corpus(tmp_path / "src", docs)), "--index", index]).exit_code == 0
    )
    code = "import sys; from parlzoek.terminal.cli import main; sys.argv = ['parlzoek', *sys.argv[1:]]; main()"
    args = [sys.executable, "-c", code, "search", "fraude", "-n", "150", "-f", "json", "--index", index]
    with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as search:
        assert search.stdout.read(100)
        search.stdout.close()  # what `head -c 100` does
        stderr = search.stderr.read()
        assert search.wait(timeout=60) == -signal.SIGPIPE, stderr
    assert stderr == b""


def _tab_lines(stdout: str) -> list[list[str]]:
    lines = stdout.splitlines()
    assert lines and not any(line.endswith(" ") or "  " in line for line in lines)  # no padding
    assert not any(ch in stdout for ch in "─━│┃┏┡└╇")  # no box
    return [line.split("\t") for line in lines]


def test_corpus_inspect_into_a_pipe_is_tab_separated_lines(runner, corpus):
    result = runner.invoke(app, ["corpus", "inspect", str(corpus)], env={"COLUMNS": "80"})
    header, *rows = _tab_lines(result.stdout)
    assert header == ["id", "nr", "date", "minister", "title", "passages", "warnings"]
    assert [row[0] for row in rows] == [LONG_ID, "d2"]
    assert rows[0][3] == DOCS[0]["minister"] and rows[0][4] == DOCS[0]["title"]  # whole, never cut
    assert all(len(row) == len(header) for row in rows)
    assert "1 document" not in result.stdout and "2 documents, 0 problems" in result.stderr
    plain = runner.invoke(app, ["corpus", "inspect", str(corpus), "--format", "plain"])
    assert plain.stdout == result.stdout


def test_stats_into_a_pipe_is_tab_separated_lines_and_takes_a_format(runner, index):
    result = runner.invoke(app, ["stats", "--index", index])
    header, *rows = _tab_lines(result.stdout)
    assert header == ["name", "value"] and dict(rows)["documents"] == "2" and dict(rows)["index"] == index
    as_json = runner.invoke(app, ["stats", "--index", index, "--format", "json"])
    assert as_json.stdout == runner.invoke(app, ["stats", "--index", index, "--json"]).stdout
    assert json.loads(as_json.stdout)["documents"] == 2
    rich = runner.invoke(app, ["stats", "--index", index, "-f", "rich"], env={"COLUMNS": "80"})
    assert "│" in rich.stdout and "documents" in rich.stdout


def test_evaluate_into_a_pipe_is_tab_separated_lines(runner, tmp_path):
    (tmp_path / "qrels").write_text("q1 0 d1 1\nq2 0 d3 1\n", encoding="utf-8")
    (tmp_path / "run").write_text("q1 Q0 d1 1 2.0 t\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", "--qrels", str(tmp_path / "qrels"), "--run", str(tmp_path / "run"),
                                 "--per-query"])  # fmt: skip
    assert result.exit_code == 0
    summary, table, detail = result.stdout.split("\n", 1)[0], *result.stdout.split("\n", 1)[1].split("\n\n")
    assert summary == "2 judged queries (a query without results counts 0)"
    header, *rows = _tab_lines(table)
    assert header == ["measure", "mean"] and ["RR@10", "0.5000"] in rows
    query_header, *per_query = _tab_lines(detail)
    assert query_header[0] == "query" and [row[0] for row in per_query] == ["q1", "q2"]


def test_corpus_inspect_at_80_columns_leaves_out_the_minister_and_ends_a_long_title_in_an_ellipsis(runner, tmp_path):
    docs = [{**doc, "id": f"vp-{at}"} for at, doc in enumerate(DOCS)]
    result = runner.invoke(app, ["corpus", "inspect", str(write_corpus(tmp_path, docs)), "-f", "rich"],
                           env={"COLUMNS": "80"})  # fmt: skip
    lines = result.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines) and "minister" not in result.stdout
    (long_title,) = [line for line in lines if line.startswith(" vp-0 ")]
    shown = long_title.split("2017-03-01")[1].split("…")[0].strip()
    assert len(shown) >= 20 and DOCS[0]["title"].startswith(shown)  # readable, not folded letter by letter
    assert any(line.split()[:1] == ["vp-1"] and "Fraude met accijnzen" in line for line in lines)
    wide = runner.invoke(app, ["corpus", "inspect", str(write_corpus(tmp_path, docs)), "-f", "rich"],
                         env={"COLUMNS": "160"})  # fmt: skip
    assert "minister" in wide.stdout and "Johan Van Overtveldt" in wide.stdout


def test_rich_facets_wrap_a_long_value_under_itself(runner, index):
    result = runner.invoke(app, ["search", "maatwerkbedrijven", "--index", index, "-f", "rich", "--facets"],
                           env={"COLUMNS": "60"})  # fmt: skip
    lines = result.stdout.splitlines()
    start = next(at for at, line in enumerate(lines) if line.strip() == "minister")
    entry = lines[start + 1 : start + 1 + next(at for at, line in enumerate(lines[start + 1 :]) if not line.strip())]
    assert len(entry) > 1 and entry[0].split()[0] == "1" and entry[0].split()[1] == "Liesbeth"
    indent = len(entry[0]) - len(entry[0].lstrip().split(" ", 1)[1].lstrip())
    assert all(line[:indent].strip() == "" and line[indent] != " " for line in entry[1:])  # under the value
    assert " ".join(" ".join(entry).split()[1:]) == DOCS[0]["minister"]


@pytest.mark.parametrize("fmt", ["plain", "rich"])
def test_a_facet_with_more_values_than_shown_says_how_many_more(runner, tmp_path, fmt):
    from parlzoek.terminal.render import FACET_VALUES_SHOWN

    askers = [f"Vraagsteller{n:02}, Lid" for n in range(FACET_VALUES_SHOWN + 3)]
    docs = [{"id": f"d{n}", "title": "Fraude", "question": "Fraude?", "answer": "Ja.", "asker": asker}
            for n, asker in enumerate(askers)]  # fmt: skip
    ix = str(tmp_path / "ix")
    assert runner.invoke(app, ["index", str(write_corpus(tmp_path, docs)), "--index", ix]).exit_code == 0
    result = runner.invoke(app, ["search", "fraude", "--index", ix, "--facets", "-f", fmt], env={"COLUMNS": "100"})
    section = result.stdout.split("\nasker\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert len(section) == FACET_VALUES_SHOWN + 1
    assert section[-1].split() == ["…", "3", "more", "values", "(--format", "json", "lists", "all", "18)"]
    shown = json.loads(runner.invoke(app, ["search", "fraude", "--index", ix, "--facets", "-f", "json"]).stdout)
    assert sorted(shown["facets"]["asker"]) == askers


def test_a_lone_passage_loses_its_own_marker_as_passages_of_a_run_do(runner, tmp_path):
    lone = {
        "id": "afval",
        "title": "Afval",
        "question": "1. Hoeveel ton afval?",
        "answer": "1. Er werd 5 ton opgehaald.",
    }
    ix = str(tmp_path / "ix")
    assert runner.invoke(app, ["index", str(write_corpus(tmp_path / "src", [lone])), "--index", ix]).exit_code == 0
    shown = runner.invoke(app, ["show", "afval", "--index", ix]).stdout.splitlines()
    assert shown[-2:] == ["1. V: Hoeveel ton afval?", "   A: Er werd 5 ton opgehaald."]
    rich = runner.invoke(app, ["show", "afval", "--index", ix, "-f", "rich"], env={"COLUMNS": "80"}).stdout
    assert "1. V: Hoeveel ton afval?" in rich and "A: Er werd 5 ton opgehaald." in rich
    found = runner.invoke(app, ["search", "afval", "--index", ix]).stdout.splitlines()
    assert found[-2:] == ["   1. V: Hoeveel ton «afval»?", "      A: Er werd 5 ton opgehaald."]
