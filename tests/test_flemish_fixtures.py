"""The Flemish fixture collection against its golden records, field by field, passages included."""

from __future__ import annotations

import json
import shutil

import pytest
from flemish_golden import FLEMISH, fixture_sources, golden_path, record
from make_pdf import pdf_from_source
from typer.testing import CliRunner

from parlzoek.corpus.loader import LoadReport, iter_source_files
from parlzoek.terminal.cli import app

SOURCES = fixture_sources()
# Word 97-2003 files are read through the antiword program (.ci/run installs it); without it they
# are problems by design, so the tests that read them say why they skip.
NO_ANTIWORD = shutil.which("antiword") is None
needs_antiword = pytest.mark.skipif(
    NO_ANTIWORD, reason="reads a .doc fixture: needs antiword (apt-get install antiword)"
)


def _reads_a_doc(source) -> bool:
    return source.suffix == ".doc" or any(source.parent.glob(source.name.removesuffix(".meta.json") + "*.doc"))


def test_the_collection_is_realistic_in_size():
    assert len(SOURCES) >= 15


def test_every_source_the_loader_reads_there_has_a_golden_record():
    read = list(iter_source_files([FLEMISH], LoadReport()))
    assert [p.name for p in read] == [p.name for p in SOURCES]


@pytest.mark.parametrize(
    "source",
    [pytest.param(s, marks=needs_antiword) if _reads_a_doc(s) else s for s in SOURCES],
    ids=[s.name for s in SOURCES],
)
def test_fixture_matches_its_golden_record(source):
    golden = json.loads(golden_path(source).read_text(encoding="utf-8"))
    actual = record(source)
    assert sorted(actual) == sorted(golden), "fields differ"
    for field in sorted(golden):
        if field == "passages":
            continue
        assert actual[field] == golden[field], f"{source.name}: field {field!r}"
    assert len(actual["passages"]) == len(golden["passages"]), f"{source.name}: number of passages"
    for got, expected in zip(actual["passages"], golden["passages"], strict=True):
        assert got == expected, f"{source.name}: passage {expected['n']}"


@pytest.mark.parametrize("pdf_source", sorted(FLEMISH.glob("*.pdf.src")), ids=lambda p: p.name)
def test_committed_pdf_is_what_its_source_generates(pdf_source):
    assert pdf_source.with_suffix("").read_bytes() == pdf_from_source(pdf_source.read_text(encoding="utf-8"))


@needs_antiword
def test_inspect_reports_no_warnings_or_problems_for_the_official_layouts():
    result = CliRunner().invoke(app, ["corpus", "inspect", "--json", str(FLEMISH)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["problems"] == [] and report["warnings"] == []
    assert len(report["documents"]) == len(SOURCES)


@pytest.fixture(scope="module")
def fixture_index(tmp_path_factory):
    if NO_ANTIWORD:
        pytest.skip("indexes the .doc fixtures: needs antiword (apt-get install antiword)")
    index = tmp_path_factory.mktemp("flemish") / "ix"
    result = CliRunner().invoke(app, ["index", str(FLEMISH), "--index", str(index)])
    assert result.exit_code == 0, result.output
    return str(index)


def test_show_lists_the_sibling_questions_in_the_index(fixture_index):
    result = CliRunner().invoke(app, ["show", "vp-2023-2024-147-gwen-rutgers", "--index", fixture_index, "-f", "plain"])
    assert result.exit_code == 0, result.output
    assert "onderwerp: Kabinetten" in result.stdout
    lines = result.stdout.splitlines()
    start = lines.index("ook gesteld aan:")
    assert lines[start + 1 : start + 5] == [
        "  Jonas Jansen, nr. 142: vp-2023-2024-142-jonas-jansen",
        "  Hanne Claes, nr. 256: vp-2023-2024-256-hanne-claes",
        "  Bert Dewulf, nr. 79: niet in de index",
        "  Lisa Vandenbroucke, nr. 321: vp-2023-2024-321-lisa-vandenbroucke",
    ]
    assert "Deze vraag werd gesteld" not in result.stdout


def test_show_json_gives_each_sibling_its_id_or_none(fixture_index):
    result = CliRunner().invoke(app, ["show", "vp-2023-2024-256-hanne-claes", "--index", fixture_index, "-f", "json"])
    data = json.loads(result.stdout)
    assert data["topic"] == "Kabinetten"
    assert {(s["number"], s["id"]) for s in data["siblings"]} == {
        (142, "vp-2023-2024-142-jonas-jansen"), (147, "vp-2023-2024-147-gwen-rutgers"), (79, None),
        (321, "vp-2023-2024-321-lisa-vandenbroucke"),
    }  # fmt: skip


def test_show_prints_passage_one_marker_once(fixture_index):
    result = CliRunner().invoke(app, ["show", "vp-2023-2024-147-gwen-rutgers", "--index", fixture_index, "-f", "plain"])
    assert result.stdout.count("1. ") == 1
    assert "1. V: De Vlaamse Regering wil" in result.stdout
    assert "\n      Hoeveel medewerkers telt het kabinet" in result.stdout  # its own line, under the text


@pytest.mark.parametrize(
    ("query", "ids"),
    [
        ("onderwerp:kabinetten", {"142-jonas-jansen", "147-gwen-rutgers", "256-hanne-claes", "321-lisa-vandenbroucke"}),
        ("titel:schuldovername", {"88-bram-soeters"}),
        ("titel:warmtepompen", {"412-thomas-vermeulen"}),
        ("titel:schooljaar onderwerp:onderwijs", {"31-hanne-claes"}),
    ],
)
def test_topic_and_whole_subject_are_searchable(fixture_index, query, ids):
    result = CliRunner().invoke(app, ["search", query, "--index", fixture_index, "-f", "json"])
    assert result.exit_code == 0, result.output
    assert {hit["id"].split("-", 3)[3] for hit in json.loads(result.stdout)["results"]} == ids
