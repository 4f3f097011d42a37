import csv
import io
import json

import pytest
from corpus_helpers import DOCS, write_corpus
from typer.testing import CliRunner

from parlzoek.index.location import default_index_path
from parlzoek.index.store import MANIFEST, IndexHome
from parlzoek.terminal.cli import app


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def index(tmp_path, runner):
    corpus = write_corpus(tmp_path / "src")
    result = runner.invoke(app, ["index", str(corpus), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0, result.output
    assert "3 documents (4 passages) added" in " ".join(result.stderr.split())
    return str(tmp_path / "ix")


def test_search_json_shape(runner, index):
    result = runner.invoke(app, ["search", "maatwerkbedrijf", "--index", index, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["query"] == "maatwerkbedrijf" and data["total"] == 1
    (hit,) = data["results"]
    assert {"rank", "id", "score", "number", "date", "minister", "title", "passages"} <= set(hit)
    assert (hit["rank"], hit["id"], hit["date"], hit["minister"]) == (1, "d1", "2017-03-01", "Liesbeth Homans")
    assert [p["n"] for p in hit["passages"]] == [1]  # passage 2 does not hold the word
    assert "<mark>maatwerkbedrijven</mark>" in hit["passages"][0]["snippet"]


def test_search_rich_and_plain(runner, index):
    rich = runner.invoke(app, ["search", "samenwerkingsverband", "--index", index], terminal_width=200)
    assert rich.exit_code == 0 and "Maatwerkbedrijven in Vlaanderen" in rich.stdout
    plain = runner.invoke(app, ["search", "samenwerkingsverband", "--index", index, "-f", "plain", "--facets"])
    assert "«samenwerkingsverbanden»" in plain.stdout and "\x1b" not in plain.stdout
    assert "Liesbeth Homans" in plain.stdout.split("minister")[-1]
    titled = runner.invoke(app, ["search", "vlaanderen maatwerkbedrijven", "--index", index, "-f", "plain"]).stdout
    assert "1. «Maatwerkbedrijven» in «Vlaanderen»  [score" in titled  # the title's hits marked, as on the web


@pytest.mark.parametrize("fmt", ["rich", "plain"])
def test_a_page_past_the_last_says_so_and_json_keeps_its_empty_page(runner, index, fmt):
    args = ["search", "economie", "--index", index, "-n", "1", "--page"]
    last = runner.invoke(app, [*args, "2", "-f", fmt])
    assert last.exit_code == 0 and "past the last page" not in last.stderr
    past = runner.invoke(app, [*args, "999", "-f", fmt])
    assert past.exit_code == 0 and "page 999 is past the last page (2)" in past.stderr
    data = json.loads(runner.invoke(app, [*args, "999", "-f", "json"]).stdout)
    assert (data["total"], data["page"], data["results"]) == (2, 999, [])


def test_explicit_missing_index_is_an_error_with_a_hint(runner, tmp_path):
    result = runner.invoke(app, ["search", "x", "--index", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert "no parlzoek index at" in result.stderr and "Hint: build it first: parlzoek index" in result.stderr


def test_default_index_is_built_from_the_sample_on_first_use(runner, tmp_path, monkeypatch):
    monkeypatch.delenv("PARLZOEK_INDEX", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    result = runner.invoke(app, ["search", "maatwerkbedrijven", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert "building it from the bundled sample" in " ".join(result.stderr.split())
    assert json.loads(result.stdout)["results"][0]["id"] == "vp-2016-2017-687-liesbeth-homans"
    again = runner.invoke(app, ["search", "maatwerkbedrijven", "-f", "json"])
    assert "building" not in again.stderr


def _age(index_dir):
    """Make an index look built by an older parlzoek (schema 1), as an upgrade leaves it."""
    home = IndexHome(index_dir)
    manifest_path = home.current() / MANIFEST
    manifest = json.loads(manifest_path.read_text())
    manifest["schema"] = 1
    manifest_path.write_text(json.dumps(manifest))


@pytest.fixture
def default_home(tmp_path, monkeypatch):
    monkeypatch.delenv("PARLZOEK_INDEX", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return default_index_path()


def test_outdated_default_sample_index_is_rebuilt(runner, default_home):
    assert runner.invoke(app, ["search", "maatwerkbedrijven"]).exit_code == 0
    _age(default_home)
    result = runner.invoke(app, ["search", "maatwerkbedrijven", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert "built by another parlzoek version: rebuilding" in " ".join(result.stderr.split())
    assert json.loads(result.stdout)["results"][0]["id"] == "vp-2016-2017-687-liesbeth-homans"
    assert json.loads((IndexHome(default_home).current() / MANIFEST).read_text())["schema"] > 1


def test_outdated_index_with_own_documents_is_kept_and_rebuilt_from_its_sources(runner, default_home, tmp_path):
    corpus = write_corpus(tmp_path / "src")
    assert runner.invoke(app, ["index", str(corpus)]).exit_code == 0
    _age(default_home)
    refused = runner.invoke(app, ["search", "maatwerkbedrijf"])
    assert refused.exit_code == 1 and "schema version 1" in refused.stderr
    assert "Hint: rebuild it: parlzoek index --rebuild" in " ".join(refused.stderr.split())
    assert runner.invoke(app, ["index", "--rebuild"]).exit_code == 0  # the hint, followed
    ids = json.loads(runner.invoke(app, ["search", "economie OR maatwerkbedrijf", "-f", "json"]).stdout)
    assert sorted(hit["id"] for hit in ids["results"]) == ["d1", "d3"]  # own documents, not the sample


def test_bad_query_exits_2(runner, index):
    result = runner.invoke(app, ["search", "de het", "--index", index])
    assert result.exit_code == 2 and "nothing to search for" in result.stderr


@pytest.mark.parametrize("field", ["jaar", "datum"])
def test_a_session_year_in_a_date_field_hints_at_zittingsjaar(runner, index, field):
    result = runner.invoke(app, ["search", f"economie {field}:2017-2018", "--index", index])
    assert result.exit_code == 2 and "month must be" not in result.stderr
    assert "Hint: for a session year write zittingsjaar:2017-2018" in " ".join(result.stderr.split())


@pytest.mark.parametrize("query", ["jaar:", "minister:", "economie jaar:", "minister: homans", "(fraude nr:)"])
def test_a_field_without_a_value_is_a_query_error_not_a_search_for_its_name(runner, index, query):
    result = runner.invoke(app, ["search", query, "--index", index, "-f", "plain"])
    assert result.exit_code == 2 and result.stdout == ""
    message = " ".join(result.stderr.split())  # one message (the terminal may wrap it)
    assert message.count("Error:") == 1 and "has no value" in message and ":" in message.split("as ")[-1]


@pytest.mark.parametrize(
    "args",
    [["search", "-maatwerkbedrijven sociale economie", "--index", "IX", "-f", "json"],
     ["search", "--index", "IX", "-maatwerkbedrijven sociale economie", "-f", "json"]],
)  # fmt: skip
def test_a_query_that_starts_with_an_exclusion_is_a_query_not_an_option(runner, index, args):
    from parlzoek.terminal.cli import query_first

    result = runner.invoke(app, query_first([index if arg == "IX" else arg for arg in args]))
    assert result.exit_code == 0, result.output
    assert [hit["id"] for hit in json.loads(result.stdout)["results"]] == ["d3"]


def test_a_one_word_exclusion_read_as_an_option_says_to_write_it_after_dashes(runner, index):
    result = runner.invoke(app, ["search", "--index", index, "-vdab"])
    message = " ".join(result.stderr.split())
    assert result.exit_code == 2 and "No such option: -v" in message
    assert f"write it last, after --: parlzoek search --index {index} -- -vdab" in message
    assert len(result.stderr.strip().splitlines()) == 1  # and the command it gives runs
    assert runner.invoke(app, ["search", "--index", index, "--", "-vdab"]).exit_code == 2  # exclusions only
    assert runner.invoke(app, ["search", "--index", index, "--", "-vdab maatwerk"]).exit_code == 0


@pytest.mark.parametrize(
    "args", [["search", "fraude", "-n", "0"], ["search", "fraude", "-f", "xml"], ["search"], ["serch", "x"]]
)
def test_a_usage_error_is_one_line_with_where_to_look(runner, index, args):
    result = runner.invoke(app, [*args, "--index", index] if args[0] == "search" else args)
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert (
        result.stderr.startswith("Error: ")
        and "--help lists the" in result.stderr
        and "Value error" not in result.stderr
    )
    other = runner.invoke(app, ["search", "--index", index, "-x", "economie"])
    assert other.exit_code == 2 and "after --" not in other.stderr  # a real unknown option: no hint
    after = runner.invoke(app, ["search", "-n", "3", "-f", "json", "--index", index, "--", "-tabak economie"])
    assert after.exit_code == 0 and json.loads(after.stdout)["results"]


def test_an_exclusion_that_could_be_an_option_value_is_left_to_the_option_parser():
    from parlzoek.terminal.cli import query_first

    assert query_first(["show", "d1", "--query", "-a b"]) == ["show", "d1", "--query", "-a b"]
    assert query_first(["search", "--format", "-a b"]) == ["search", "--format", "-a b"]
    assert query_first(["search", "--", "-a b"]) == ["search", "--", "-a b"]
    assert query_first(["search", "-n", "3", "-a b"]) == ["search", "-n", "3", "--", "-a b"]


def test_show_and_stats(runner, index):
    shown = runner.invoke(app, ["show", "d1", "--index", index, "-q", "bedrijven", "-f", "plain"])
    assert shown.exit_code == 0 and "«bedrijven»" in shown.stdout and "2. V:" in shown.stdout
    assert runner.invoke(app, ["show", "zz", "--index", index]).exit_code == 1
    stats = json.loads(runner.invoke(app, ["stats", "--index", index, "--json"]).stdout)
    assert (stats["documents"], stats["passages"], stats["sources"], stats["stemmer"]) == (3, 4, 1, "dutch")
    assert stats["size_bytes"] > 0 and stats["terms"]["answer"] > 10


def test_batch_trec_jsonl_csv_and_a_bad_line(runner, index, tmp_path):
    queries = tmp_path / "q.tsv"
    queries.write_text("Q1\teconomie\nQ2\tde het\nQ3\tzzzonbekend\n", encoding="utf-8")
    trec = runner.invoke(app, ["batch", str(queries), "--index", index, "--format", "trec"])
    assert trec.exit_code == 1  # Q2 failed, the rest ran
    lines = [line.split() for line in trec.stdout.splitlines()]
    assert all(len(cols) == 6 and cols[1] == "Q0" and cols[5] == "parlzoek" for cols in lines)
    assert [cols[0] for cols in lines] == ["Q1", "Q1"] and [cols[3] for cols in lines] == ["1", "2"]
    scores = [float(cols[4]) for cols in lines]
    assert scores[0] > scores[1]
    assert "q.tsv:2: query Q2 'de het': nothing to search for" in " ".join(trec.stderr.split())

    out = tmp_path / "run.jsonl"
    jsonl = runner.invoke(app, ["batch", str(queries), "--index", index, "-o", str(out), "-n", "1"])
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert jsonl.exit_code == 1 and [(r["qid"], len(r["results"])) for r in records] == [("Q1", 1), ("Q3", 0)]

    plain = tmp_path / "plain.txt"
    plain.write_text("accijnzen\neconomie\n", encoding="utf-8")
    result = runner.invoke(app, ["batch", str(plain), "--index", index, "-f", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    first = {r["qid"]: r["id"] for r in reversed(rows)}
    assert first == {"1": "d2", "2": "d3"}  # d3 says economie most
    assert result.exit_code == 0


def test_a_batch_line_not_in_its_files_format_is_a_problem_not_a_query(runner, index, tmp_path):
    tsv = tmp_path / "q.tsv"
    tsv.write_text("Q1\teconomie\n2 accijnzen\n2\tmaatwerkbedrijven\n", encoding="utf-8")
    result = runner.invoke(app, ["batch", str(tsv), "--index", index, "--format", "trec"])
    assert result.exit_code == 1 and {line.split()[0] for line in result.stdout.splitlines()} == {"Q1", "2"}
    assert f"{tsv}:2: no tab between query id and query" in " ".join(result.stderr.split())
    assert "repeats" not in result.stderr  # the broken line 2 did not take the id 2 from line 3

    jsonl = tmp_path / "q.jsonl"
    jsonl.write_text('{"id": "J1", "query": "accijnzen"}\neconomie\n{broken\n', encoding="utf-8")
    result = runner.invoke(app, ["batch", str(jsonl), "--index", index, "--format", "trec"])
    assert result.exit_code == 1 and {line.split()[0] for line in result.stdout.splitlines()} == {"J1"}
    stderr = " ".join(result.stderr.split())
    assert f"{jsonl}:2: not a JSON line" in stderr and f"{jsonl}:3: not a JSON line" in stderr
    assert "1 query: 1 answered" in stderr


SLOW = pytest.mark.slow  # the pool of processes is the same for each format: one of them in the quick lane


@pytest.mark.parametrize("fmt", ["jsonl", pytest.param("csv", marks=SLOW), pytest.param("trec", marks=SLOW)])
def test_a_batch_in_two_processes_writes_what_one_process_writes(runner, index, tmp_path, fmt):
    queries = tmp_path / "q.tsv"
    queries.write_text("".join(f"Q{n}\t{text}\n" for n, text in enumerate(
        ["economie", "de het", "maatwerkbedrijven vdab", "accijnzen", "zzzonbekend", "sociale economie"] * 3)),
        encoding="utf-8")  # fmt: skip
    one = runner.invoke(app, ["batch", str(queries), "--index", index, "-f", fmt])
    two = runner.invoke(app, ["batch", str(queries), "--index", index, "-f", fmt, "--procs", "2"])
    assert one.exit_code == two.exit_code == 1  # the stop-word query fails in both
    assert two.stdout == one.stdout and len(one.stdout.splitlines()) > 10
    assert " ".join(two.stderr.split()).count("nothing to search for") == 3


def test_a_batch_line_with_an_id_and_no_query_is_a_problem_not_a_query_for_its_id(runner, index, tmp_path):
    queries = tmp_path / "q.tsv"
    queries.write_text("Q1\teconomie\nQ2\t\nQ3\t  \n", encoding="utf-8")
    result = runner.invoke(app, ["batch", str(queries), "--index", index, "--format", "trec"])
    assert result.exit_code == 1 and {line.split()[0] for line in result.stdout.splitlines()} == {"Q1"}
    assert "q.tsv:2: query Q2 '': empty query" in " ".join(result.stderr.split())
    assert "q.tsv:3: query Q3 '': empty query" in " ".join(result.stderr.split())


def test_document_text_is_inert_in_search_output(runner, tmp_path):
    evil = {**DOCS[0], "id": "evil", "title": "=cmd|' /C calc'!A0 [bold red]Alarm[/]",
            "question": "Maatwerkbedrijven \x1b[31mrood\x1b[0m \x1b]8;;http://x\x07link <script>"}  # fmt: skip
    corpus = write_corpus(tmp_path / "src", [evil])
    ix = str(tmp_path / "ix")
    assert runner.invoke(app, ["index", str(corpus), "--index", ix]).exit_code == 0
    rich = runner.invoke(
        app, ["search", "maatwerkbedrijven", "--index", ix, "-f", "rich"], terminal_width=300, color=True
    )
    assert "[bold red]Alarm[/]" in rich.stdout and "\x1b[31mrood" not in rich.stdout and "\x1b]8;;" not in rich.stdout
    data = json.loads(runner.invoke(app, ["search", "maatwerkbedrijven", "--index", ix, "-f", "json"]).stdout)
    snippet = data["results"][0]["passages"][0]["snippet"]
    assert "&lt;script&gt;" in snippet and "\x1b" not in snippet
    queries = tmp_path / "q.txt"
    queries.write_text("maatwerkbedrijven\n", encoding="utf-8")
    rows = list(csv.reader(io.StringIO(runner.invoke(app, ["batch", str(queries), "--index", ix, "-f", "csv"]).stdout)))
    assert rows[1][8].startswith("'=cmd")


@pytest.fixture(scope="module")
def sample_index(tmp_path_factory):
    from parlzoek.corpus import sample_corpus_dir

    ix = str(tmp_path_factory.mktemp("sample") / "ix")
    assert CliRunner().invoke(app, ["index", str(sample_corpus_dir()), "--index", ix]).exit_code == 0
    return ix


@pytest.mark.parametrize(
    "query",
    ["maatwerkbedrijven", "Maatwerkbedrijf", "MAATWERKBEDRIJVEN", '"sociale economie"', "essentiele", "essentiële"],
)
def test_sample_is_found_by_other_forms_of_the_words(runner, sample_index, query):
    data = json.loads(runner.invoke(app, ["search", query, "--index", sample_index, "-f", "json"]).stdout)
    assert [hit["number"] for hit in data["results"]] == [687]
    assert "<mark>" in data["results"][0]["passages"][0]["snippet"]


def test_sample_marks_the_plural_of_a_singular_query(runner, sample_index):
    data = json.loads(
        runner.invoke(app, ["search", "samenwerkingsverband", "--index", sample_index, "-f", "json"]).stdout
    )
    (passage,) = [p for p in data["results"][0]["passages"] if "<mark>" in p["snippet"]]
    assert passage["n"] == 3 and "<mark>samenwerkingsverbanden</mark>" in passage["snippet"]


def test_a_batch_reports_a_query_that_fails_in_any_way_and_runs_the_rest(runner, index, tmp_path, monkeypatch):
    from parlzoek.search.service import SearchEngine

    search = SearchEngine.search

    def slipping(self, text, **options):
        if text == "economie":
            raise AttributeError("'PhrasePart' object has no attribute 'leaves'")  # as a field phrase once did
        return search(self, text, **options)

    monkeypatch.setattr(SearchEngine, "search", slipping)
    queries = tmp_path / "q.tsv"
    queries.write_text('Q1\teconomie\nQ2\ttabak\nQ3\tminister:"johan van overtveldt"\n', encoding="utf-8")
    result = runner.invoke(app, ["batch", str(queries), "--index", index, "--format", "trec"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)  # no traceback
    assert [line.split()[0] for line in result.stdout.splitlines()][:1] == ["Q2"]
    assert {line.split()[0] for line in result.stdout.splitlines()} == {"Q2", "Q3"}
    stderr = " ".join(result.stderr.split())
    assert stderr.count("problem:") == 1 and "q.tsv:1: query Q1 'economie': the search failed (AttributeError" in stderr


def test_a_word_no_document_holds_is_named_when_nothing_is_found(runner, index):
    result = runner.invoke(app, ["search", "xyzzyq", "--index", index, "-f", "plain"])
    assert result.exit_code == 0 and result.stdout.splitlines()[:2] == [
        "No document holds xyzzyq.",
        "0 documents for ‘xyzzyq’",
    ]
