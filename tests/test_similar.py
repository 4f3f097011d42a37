"""``parlzoek similar``: documents like an indexed one or like a draft."""

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from parlzoek.terminal.cli import app

BOILERPLATE = "Graag had ik van de minister vernomen wat het aantal is. Kan de minister antwoorden op de vraag?"
TOPICS = {
    "spoor": "trein station spoorlijn treinbegeleider vertraging perron reiziger locomotief",
    "fraude": "belastingfraude fiscus aangifte ontduiking controleur boete fraudeur inspectie",
    "asiel": "asielzoeker opvangcentrum vluchteling verblijfsvergunning terugkeer fedasil dossier",
    "defensie": "militair kazerne gevechtsvliegtuig munitie soldaat oefening legerbasis aankoop",
    "pensioen": "gepensioneerde pensioenleeftijd uitkering werkloosheid bijdrage loopbaan rustpensioen",
}
MINISTERS = ["Jan Peeters", "An Claes", "Els Maes"]


def _records() -> list[dict]:
    records = []
    number = 100
    for topic, words in TOPICS.items():
        vocabulary = words.split()
        for n in range(6):
            chosen = [vocabulary[(n + k) % len(vocabulary)] for k in range(5)]
            number += 1
            records.append({
                "id": f"{topic}-{n}", "number": number, "date": f"201{6 + n % 2}-0{1 + n % 9}-15",
                "title": f"{chosen[0].capitalize()} en {chosen[1]}",
                "question": f"{BOILERPLATE} Hoe zit het met {' en '.join(chosen)} in dit geval {n}?",
                "answer": f"Het antwoord van de minister over {chosen[2]} volgt. Het aantal is {n}.",
                "minister": MINISTERS[n % 3],
            })  # fmt: skip
    twin = dict(records[3], id="spoor-twin", number=900, minister="Els Maes", answer="Ik verwijs naar mijn collega.")
    other_twin = dict(records[3], id="spoor-twin2", number=901, minister="An Claes", answer="Zie mijn collega.")
    return [*records, twin, other_twin]


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


@pytest.fixture(scope="module")
def index(tmp_path_factory, runner):
    tmp = tmp_path_factory.mktemp("similar")
    corpus = tmp / "corpus.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in _records()) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["index", str(corpus), "--index", str(tmp / "ix")])
    assert result.exit_code == 0, result.output
    return str(tmp / "ix")


def _similar(runner, index, *args: str) -> dict:
    result = runner.invoke(app, ["similar", *args, "--index", index, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _one_error(result) -> bool:
    """One error message (the console may wrap it), no traceback, nothing on stdout."""
    return result.stderr.count("Error:") == 1 and "Traceback" not in result.stderr and not result.stdout


def test_a_twin_comes_first_and_the_same_question_to_several_ministers_is_one_group(runner, index):
    data = _similar(runner, index, "spoor-3")
    first = data["results"][0]
    assert data["source"] == "spoor-3"
    assert first["id"] in {"spoor-twin", "spoor-twin2"} and first["similarity"] == 1.0
    assert [t["id"] for t in first["twins"]] == ["spoor-twin2" if first["id"] == "spoor-twin" else "spoor-twin"]
    listed = [r["id"] for r in data["results"]]
    assert "spoor-twin" in listed or "spoor-twin2" in listed
    assert not {"spoor-twin", "spoor-twin2"} <= set(listed)  # one group, not two lines


def test_a_batch_run_lists_every_twin_with_the_source_as_query_id(runner, index, tmp_path):
    ids = tmp_path / "ids.txt"
    ids.write_text("spoor-3\nfraude-1\n", encoding="utf-8")
    result = runner.invoke(app, ["similar", "--ids", str(ids), "--index", index, "--format", "trec", "-n", "5"])
    assert result.exit_code == 0, result.output
    lines = [line.split() for line in result.stdout.splitlines()]
    assert {line[0] for line in lines} == {"spoor-3", "fraude-1"}
    spoor = [line[2] for line in lines if line[0] == "spoor-3"]
    assert set(spoor[:2]) == {"spoor-twin", "spoor-twin2"} and len(spoor) == 5


def test_a_draft_given_as_text_finds_its_indexed_original(runner, index):
    draft = "Ik wil weten hoe het zit met ontduiking, de controleur en de boete bij belastingfraude."
    data = _similar(runner, index, "--text", draft)
    assert data["source"] is None
    assert {"query", "parsed", "total", "page", "limit", "suggestion", "results", "key_terms"} <= set(data)
    assert data["results"][0]["id"].startswith("fraude-")
    assert {"ontduiking", "controleur", "boete"} <= set(data["results"][0]["terms"])
    marked = " ".join(p["snippet"] for p in data["results"][0]["passages"])
    assert "<mark>" in marked


def test_a_draft_from_a_file_and_from_stdin(runner, index, tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("Vragen over de asielzoeker en het opvangcentrum van fedasil.", encoding="utf-8")
    from_file = _similar(runner, index, "--file", str(draft))
    result = runner.invoke(app, ["similar", "-", "--index", index, "-f", "json"], input=draft.read_text())
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["results"] == from_file["results"]
    assert from_file["results"][0]["id"].startswith("asiel-")


def test_key_terms_exclude_boilerplate(runner, index):
    data = _similar(runner, index, "defensie-2")
    terms = {t["term"] for t in data["key_terms"]}
    assert {"militair", "kazerne", "soldaat"} & terms
    assert not terms & {"minister", "graag", "vernomen", "aantal", "vraag", "antwoorden", "antwoord"}
    for hit in data["results"]:
        assert not set(hit["terms"]) & {"minister", "aantal", "vraag"}


def test_filters_restrict(runner, index):
    unfiltered = _similar(runner, index, "pensioen-1", "-n", "30")
    data = _similar(runner, index, "pensioen-1", "--where", "minister:peeters jaar:2016", "-n", "30")
    assert data["results"] and len(data["results"]) < len(unfiltered["results"])
    for hit in data["results"]:
        assert hit["minister"] == "Jan Peeters" and hit["date"].startswith("2016")


@pytest.mark.parametrize("where", ["uitkering", "titel:uitkering"])
def test_where_takes_filters_not_words(runner, index, where):
    result = runner.invoke(app, ["similar", "pensioen-1", "--index", index, "--where", where])
    said = " ".join(result.stderr.split())
    assert result.exit_code == 2 and _one_error(result)
    assert "--where takes filters on metadata only" in said and "titel:" in said  # a text field is words too


def test_where_with_exclusions_only_says_to_keep_something_and_its_advice_works(runner, index):
    result = runner.invoke(app, ["similar", "pensioen-1", "--index", index, "--where", "-jaar:2016"])
    said = " ".join(result.stderr.split())
    assert result.exit_code == 2 and _one_error(result) and "only excludes" in said
    advice = said.split("e.g. '", 1)[1].rsplit("'", 1)[0]
    data = _similar(runner, index, "pensioen-1", "--where", advice, "-n", "30")
    assert data["results"] and not any(hit["date"].startswith("2016") for hit in data["results"])


@pytest.mark.parametrize("doc_id", ["spoor-0", "spoor-3", "fraude-5", "asiel-2", "spoor-twin"])
def test_the_document_itself_never_appears(runner, index, doc_id):
    data = _similar(runner, index, doc_id, "-n", "50")
    ids = {r["id"] for r in data["results"]} | {t["id"] for r in data["results"] for t in r["twins"]}
    assert doc_id not in ids and ids


def test_an_unknown_id_is_a_one_line_error(runner, index):
    result = runner.invoke(app, ["similar", "kamer-0", "--index", index])
    assert result.exit_code == 1
    assert _one_error(result) and "kamer-0" in result.stderr


def test_an_unknown_id_in_a_batch_is_a_problem_and_the_run_goes_on(runner, index, tmp_path):
    ids = tmp_path / "ids.txt"
    ids.write_text("nope\nspoor-0\n", encoding="utf-8")
    result = runner.invoke(app, ["similar", "--ids", str(ids), "--index", index, "-f", "trec", "-n", "3"])
    assert result.exit_code == 1
    assert "nope" in result.stderr and ":1" in result.stderr
    assert [line.split()[0] for line in result.stdout.splitlines()] == ["spoor-0"] * 3


def test_a_repeated_id_in_a_batch_runs_once_and_is_a_problem(runner, index, tmp_path):
    """As ``batch`` does with a repeated query id: a run holding a query twice is refused by ``evaluate``."""
    ids = tmp_path / "ids.txt"
    ids.write_text("spoor-0\nfraude-1\nspoor-0\n", encoding="utf-8")
    result = runner.invoke(app, ["similar", "--ids", str(ids), "--index", index, "-f", "trec", "-n", "3"])
    assert result.exit_code == 1
    assert "spoor-0 repeats line 1" in " ".join(result.stderr.split()) and ":3" in result.stderr
    assert [line.split()[0] for line in result.stdout.splitlines()] == ["spoor-0"] * 3 + ["fraude-1"] * 3


@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        (["--text", ""], None),
        (["--text", "de het een en van"], None),
        (["-"], "   \n"),
        (["--text", "graag minister"], None),
    ],
)
def test_an_empty_or_stop_word_only_draft_is_a_usage_error(runner, index, args, stdin):
    result = runner.invoke(app, ["similar", *args, "--index", index], input=stdin)
    assert result.exit_code == 2
    assert _one_error(result) and "draft" in " ".join(result.stderr.split())


@pytest.mark.parametrize(("args", "said"), [([], "nothing to compare with"), (["spoor-3", "--text", "spoor"],
                                             "2 sources given")])  # fmt: skip
def test_none_or_two_sources_say_which_it_is(runner, index, args, said):
    result = runner.invoke(app, ["similar", *args, "--index", index])
    assert result.exit_code == 2 and _one_error(result)
    assert f"{said}: give exactly one of an ID" in " ".join(result.stderr.split())


@pytest.mark.parametrize("words", [3, 20])
def test_the_key_terms_line_says_when_it_shows_only_the_strongest(runner, index, words):
    from parlzoek.terminal.render import KEY_TERMS_SHOWN

    draft = " ".join(["spoorweg", "trein", "perron", "station", "dienstregeling", "vertraging", "reiziger",
                      "locomotief", "wissel", "seinpaal", "overweg", "tunnel", "brug", "spoorlijn", "goederen",
                      "conducteur", "kaartje", "abonnement", "machinist", "stipt"][:words])  # fmt: skip
    data = _similar(runner, index, "--text", draft)
    plain = runner.invoke(app, ["similar", "--text", draft, "--index", index, "-f", "plain"]).stdout.splitlines()[1]
    listed = plain.split(": ", 1)[1].split(", ")
    assert listed == [term["term"] for term in data["key_terms"]][:KEY_TERMS_SHOWN]
    total = len(data["key_terms"])
    assert total == words
    header = f"key terms (the {KEY_TERMS_SHOWN} strongest of {total})" if total > KEY_TERMS_SHOWN else "key terms"
    assert plain.startswith(header + ": ")


def test_a_page_past_the_results_says_so_as_search_does(runner, index):
    result = runner.invoke(app, ["similar", "spoor-3", "--index", index, "-f", "plain", "--page", "999"])
    assert result.exit_code == 0 and "page 999 is past the last page" in result.stderr
    assert "[100%]" not in result.stdout


def test_format_rich_is_rich_wrapped_to_the_terminal(runner, index):
    """``-f rich`` is taken as rich (it came out plain: the option's value is a str, not the enum)."""
    args = ["similar", "spoor-3", "--index", index, "-n", "2", "--passages", "1", "-f"]
    rich = runner.invoke(app, [*args, "rich"], env={"COLUMNS": "60"})
    plain = runner.invoke(app, [*args, "plain"], env={"COLUMNS": "60"})
    assert rich.exit_code == 0 and "«" in plain.stdout and "«" not in rich.stdout  # marks: style, not «»
    assert all(len(line) <= 60 for line in rich.stdout.splitlines())
    assert any(len(line) > 60 for line in plain.stdout.splitlines())  # plain never wraps


def test_plain_output_shows_similarity_shared_terms_and_twins(runner, index):
    result = runner.invoke(app, ["similar", "spoor-3", "--index", index, "-f", "plain", "-n", "3"])
    assert result.exit_code == 0, result.output
    assert "[100%]" in result.stdout and "shares: " in result.stdout
    assert "same question also to: " in result.stdout
    assert "«" in result.stdout  # shared terms marked in the passages
    found = json.loads(runner.invoke(app, ["similar", "spoor-3", "--index", index, "-f", "json"]).stdout)["total"]
    # the total counts every document sharing any key term, not documents alike: the header says so
    assert result.stdout.startswith(f"documents like document spoor-3, most alike first (key terms found in {found} ")


def test_into_a_pipe_the_output_is_plain_as_search_s(runner, index):
    """No ``--format``: plain where stdout is no terminal (a pipe, a file, the test runner), so grep
    sees whole lines; rich only in a terminal."""
    default = runner.invoke(app, ["similar", "spoor-3", "--index", index, "-n", "3"])
    plain = runner.invoke(app, ["similar", "spoor-3", "--index", index, "-n", "3", "-f", "plain"])
    assert default.exit_code == plain.exit_code == 0, default.output
    assert default.stdout == plain.stdout
    assert not any(line != line.rstrip() for line in default.stdout.splitlines())  # no padding to a width


@pytest.mark.slow  # three processes on the Chamber dev index
def test_shared_terms_come_in_one_order_whatever_the_hash_seed(dev_index):
    """Terms of equal weight in a stable order: a researcher diffs two runs. (They came in a set's
    order, which Python's string hashing changes from process to process.)"""
    command = [sys.executable, "-c", "from parlzoek.terminal.cli import main; main()", "similar", "kamer-186824",
               "--index", str(dev_index.path), "-f", "json", "-n", "3", "--passages", "0"]  # fmt: skip
    runs = [
        subprocess.run(command, env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True, text=True, check=True)
        for seed in ("1", "2", "3")
    ]
    terms = {json.dumps([hit["terms"] for hit in json.loads(run.stdout)["results"]]) for run in runs}
    assert len(terms) == 1
