"""``parlzoek fetch`` against a local HTTP server shaped like the parliament's services; no internet."""

import json
import shutil
from pathlib import Path

import pytest
from fake_parliament import FakeParliament, archive_questions, make_questions
from typer.testing import CliRunner

from parlzoek.errors import UsageError
from parlzoek.fetch.api import ApiClient
from parlzoek.fetch.detail import dates, detail_from_xml, person, sidecar
from parlzoek.fetch.run import FetchHooks, fetch
from parlzoek.fetch.search import parse_hit
from parlzoek.fetch.selection import selections, session_year
from parlzoek.terminal.cli import app


@pytest.fixture
def runner():
    return CliRunner()


def fast_client() -> ApiClient:
    return ApiClient(rate=0, backoff=0)


def run_fetch(server: FakeParliament, corpus: Path, **kwargs):
    return run_fetch_years(server, corpus, "2016-2017", **kwargs)


def run_fetch_years(server: FakeParliament, corpus: Path, *years: str, **kwargs):
    with fast_client() as client:
        return fetch([session_year(y) for y in years], corpus, server.base_url, client=client, **kwargs)


def test_fetch_then_index_then_a_second_fetch_downloads_nothing(runner, tmp_path):
    corpus, ix = tmp_path / "corpus", str(tmp_path / "ix")
    with FakeParliament(make_questions(7)) as server:
        args = ["fetch", "--session-year", "2016-2017", "--into", str(corpus), "--api-url", server.base_url + "/"]
        first = runner.invoke(app, [*args, "--rate", "20"])
        assert first.exit_code == 0, first.output
        assert "7 new, 0 updated, 0 unchanged, 0 failed" in " ".join(first.stderr.split())
        assert server.file_downloads == 7
        requests_before = len(server.log)
        second = runner.invoke(app, [*args, "--rate", "20"])
        assert second.exit_code == 0 and "0 new, 0 updated, 7 unchanged" in " ".join(second.stderr.split())
        assert server.file_downloads == 7
        assert all("/api/search/" in path for path in server.log[requests_before:])
    assert runner.invoke(app, ["index", str(corpus), "--index", ix]).exit_code == 0
    result = json.loads(runner.invoke(app, ["search", "leerlingenvervoer", "--index", ix, "-f", "json"]).stdout)
    hit = next(h for h in result["results"] if h["number"] == 101)
    assert (hit["id"], hit["date"], hit["session_year"]) == (
        "vp-2016-2017-101-pieter-janssens",
        "2016-10-04",
        "2016-2017",
    )
    assert (hit["minister"], hit["asker"], hit["title"]) == (
        "Pieter Janssens",
        "Jonas Van den Broeck",
        "Werk - Onderwerp 1",
    )
    assert "<mark>leerlingenvervoer</mark>" in hit["passages"][0]["snippet"]
    assert [p["answer"] for p in hit["passages"]] == ["Er waren 42 dossiers over leerlingenvervoer."]
    shown = json.loads(runner.invoke(app, ["show", hit["id"], "--index", ix, "-f", "json"]).stdout)
    assert shown["themes"] == ["Werk", "Economie"] and shown["metadata"]["schv_id"] == "1100001"
    assert shown["metadata"]["date_answered"] == "2016-11-03" and len(shown["passages"]) == 2


@pytest.mark.slow
def test_paging_and_the_cap_split_by_date(tmp_path):
    with FakeParliament(make_questions(230), cap=200) as server:
        summary = run_fetch(server, tmp_path / "c", cap=200)
        searches = [p for p in server.log if "/api/search/" in p]
    assert summary.new == 230 and not summary.failed
    assert any("daterange" in p for p in searches) and any("page=2" in p for p in searches)
    assert len(list((tmp_path / "c" / "2016-2017").glob("schv-*.pdf"))) == 230


def test_retries_after_503s(tmp_path):
    with FakeParliament(make_questions(3)) as server:
        server.faults.unavailable.update(search=2, detail=1, file=2)
        summary = run_fetch(server, tmp_path / "c")
        assert summary.new == 3 and not summary.failed
        assert server.faults.unavailable == {"search": 0, "detail": 0, "file": 0}


def test_a_malformed_detail_and_a_missing_pdf_fail_alone_and_are_fetched_later(runner, tmp_path):
    questions = make_questions(4)
    with FakeParliament(questions) as server:
        server.faults.malformed_details.add(questions[0].schv_id)
        server.faults.missing_files.add(questions[1].schv_id)
        args = ["fetch", "--session-year", "2016-2017", "--into", str(tmp_path / "c"), "--api-url", server.base_url]
        result = runner.invoke(app, [*args, "--rate", "20"])
        err = " ".join(result.stderr.split())
        assert result.exit_code == 1 and "2 new, 0 updated, 0 unchanged, 2 failed" in err
        assert f"question {questions[0].schv_id}: details at" in err and "malformed JSON" in err
        assert f"question {questions[1].schv_id}: " in err and "HTTP 404" in err
        server.faults = type(server.faults)()
        again = run_fetch(server, tmp_path / "c")
    assert (again.new, again.unchanged, again.failed) == (2, 2, [])


def test_an_interrupted_run_resumes_without_partial_files(tmp_path):
    done = []

    def interrupt_after_three(outcome):
        done.append(outcome)
        if len(done) == 3:
            raise KeyboardInterrupt

    with FakeParliament(make_questions(6)) as server:
        with pytest.raises(KeyboardInterrupt):
            run_fetch(server, tmp_path / "c", hooks=FetchHooks(done=interrupt_after_three))
        assert not list((tmp_path / "c").rglob("*.part")) and not list((tmp_path / "c").rglob(".*.tmp"))
        resumed = run_fetch(server, tmp_path / "c")
        assert (resumed.new, resumed.unchanged) == (3, 3)
        assert server.file_downloads == 6


@pytest.mark.slow  # incremental runs: the quick lane keeps fetch, index, fetch again
def test_incremental_rerun_fetches_changed_and_new_questions_only(tmp_path):
    questions = make_questions(5)
    with FakeParliament(questions) as server:
        run_fetch(server, tmp_path / "c")
        questions[2].topic_word, questions[2].answered = "fietspaden", "2016-12-01"  # answered again, new text
        extra = make_questions(1, start_id=1_200_000)[0]
        server.questions[extra.schv_id] = extra
        again = run_fetch(server, tmp_path / "c")
        assert (again.new, again.updated, again.unchanged) == (1, 1, 4)
        assert server.file_downloads == 7
    sidecar_file = tmp_path / "c" / "2016-2017" / f"schv-{questions[2].schv_id}.meta.json"
    assert json.loads(sidecar_file.read_text(encoding="utf-8"))["date_answered"] == "2016-12-01"


def test_hits_are_filtered_deduplicated_and_counters_may_be_strings():
    assert (
        parse_hit({"id": "http://be.vlp.feed/9/pfls/1", "metatags": {"metatag": [{"name": "soort", "value": "VI"}]}})
        is None
    )
    raw = {"id": "http://be.vlp.feed/77/pfls/5", "metatags": {"metatag": [
        {"name": "aggregaattype", "value": "Schriftelijke vraag"}, {"name": "thema", "value": "A"},
        {"name": "thema", "value": "B"}]}}  # fmt: skip
    hit = parse_hit(raw)
    assert hit.schv_id == "77" and hit.meta["thema"] == ["A", "B"]
    with_opendata = {**raw, "metatags": {"metatag": [*raw["metatags"]["metatag"],
                     {"name": "opendata", "value": "http://ws.vlpar.be/e/opendata/schv/1363595"}]}}  # fmt: skip
    assert parse_hit(with_opendata).schv_id == "1363595"


def test_detail_shapes_both_accepted():
    assert person({"voornaam": "Lotte", "naam": "Peeters"}) == person("Peeters, Lotte") == "Lotte Peeters"
    xml = """<schriftelijke-vraag><onderwerp>Kinderopvang  -  Tekorten</onderwerp>
        <vraagsteller><voornaam>Lotte</voornaam><naam>Peeters</naam></vraagsteller>
        <procedureverloop><status>Vraag gesteld aan de minister</status>
          <datum>2025-02-10T00:00:00+0100</datum></procedureverloop>
        <procedureverloop><status>Laattijdig beantwoord</status>
          <datum>2025-04-13T00:00:00+0100</datum></procedureverloop>
        <themas><thema>Welzijn</thema></themas>
        <bestand-ordered><URL>https://docs.vlaamsparlement.be/pfile?id=1</URL></bestand-ordered>
        </schriftelijke-vraag>"""
    hit = parse_hit({"id": "http://be.vlp.feed/5", "metatags": {"metatag": [{"name": "soort", "value": "SCHV"}]}})
    meta = sidecar(hit, detail_from_xml(xml), "u")
    assert (meta["title"], meta["asker"], meta["themes"]) == ("Kinderopvang - Tekorten", "Lotte Peeters", ["Welzijn"])
    assert (meta["date_asked"], meta["date_answered"]) == ("2025-02-10", "2025-04-13")
    assert meta["urls"]["document"] == "https://docs.vlaamsparlement.be/pfile?id=1"


@pytest.mark.parametrize(
    ("args", "message"),
    [(([], [], None, None), "say what to fetch"), ((["2016"], [], None, None), "two years"),
     ((["2016-2018"], [], None, None), "consecutive")],
)  # fmt: skip
def test_bad_selections_are_usage_errors(args, message):
    with pytest.raises(UsageError, match=message):
        selections(*args)


needs_antiword = pytest.mark.skipif(shutil.which("antiword") is None, reason="needs antiword: apt-get install antiword")

ARCHIVE = [  # query word, number, session year, title, minister, asker, asked, words of the last answer passage
    ("fietspaden", 145, "2006-2007", "Mobiliteit - Fietspaden langs gewestwegen", "Frank Vercammen", "Els Martens",
     "2007-01-12", "1.870 kilometer"),
    ("gezinszorg", 27, "2004-2005", "Welzijn - Wachtlijsten in de thuiszorg", "Hilde Wouters", "Jan Hermans",
     "2004-11-03", "4,5 miljoen euro"),
    ("amateurkunsten", 61, "2002-2003", "Cultuur - Subsidies voor amateurkunsten", "Peter Goossens", "Anna Jacobs",
     "2003-02-17", "271 harmonieën"),
    ("wervingsgebied", 9, "2002-2003", "Onderwijs - Leerlingenvervoer buitengewoon onderwijs", "Karen Smets",
     "Tom Maes", "2002-10-08", "vijftig bussen"),
    ("zwerfvuil", 88, "2004-2005", "Leefmilieu - Zwerfvuil langs autosnelwegen", "Marc De Wever", "Lien Claes",
     "2005-03-14", "2,3 miljoen euro"),
]  # fmt: skip


@needs_antiword
@pytest.mark.slow  # fetch, index, search for four formats; the quick lane keeps fetch, index, fetch again
def test_word_rtf_two_column_and_two_file_questions_are_fetched_indexed_and_found(runner, tmp_path):
    corpus, ix = tmp_path / "corpus", str(tmp_path / "ix")
    with FakeParliament(archive_questions()) as server:
        years = [arg for year in ("2002-2003", "2004-2005", "2006-2007") for arg in ("--session-year", year)]
        fetched = runner.invoke(app, ["fetch", *years, "--into", str(corpus), "--api-url", server.base_url,
                                      "--rate", "20"])  # fmt: skip
    assert fetched.exit_code == 0, fetched.output
    assert "5 new, 0 updated, 0 unchanged, 0 failed" in " ".join(fetched.stderr.split())
    indexed = runner.invoke(app, ["index", str(corpus), "--index", ix])
    assert indexed.exit_code == 0 and "0 problems, 0 warnings" in " ".join(indexed.stderr.split()), indexed.stderr
    for word, number, year, title, minister, asker, asked, last_answer in ARCHIVE:
        found = json.loads(runner.invoke(app, ["search", word, "--index", ix, "-f", "json"]).stdout)["results"]
        (hit,) = [h for h in found if h["number"] == number]
        assert (hit["session_year"], hit["title"], hit["minister"], hit["asker"], hit["date"]) == (
            year, title, minister, asker, asked)  # fmt: skip
        shown = json.loads(runner.invoke(app, ["show", hit["id"], "--index", ix, "-f", "json"]).stdout)
        assert [p["n"] for p in shown["passages"]] == [1, 2, 3][: len(shown["passages"])]
        assert len(shown["passages"]) >= 2 and last_answer in shown["passages"][-1]["answer"]


@needs_antiword
@pytest.mark.slow  # two-file questions: the Word/RTF end-to-end test, slow too
def test_a_two_file_question_lists_its_attachments_in_the_sidecar_and_in_show(runner, tmp_path):
    corpus, ix = tmp_path / "corpus", str(tmp_path / "ix")
    with FakeParliament([q for q in archive_questions() if q.number == 88]) as server:
        summary = run_fetch_years(server, corpus, "2004-2005")
        assert server.file_downloads == 3
        server.questions[900718].answered = "2005-04-23"  # details fetched again, the three files asked conditionally
        again = run_fetch_years(server, corpus, "2004-2005")
        assert (again.updated, server.file_downloads) == (1, 3)
    assert summary.new == 1 and not summary.failed
    meta = json.loads((corpus / "2004-2005" / "schv-900718.meta.json").read_text(encoding="utf-8"))
    assert [p["file"] for p in meta["parts"]] == ["schv-900718.doc", "schv-900718.2.docx"]
    assert [(a["title"], a["file"]) for a in meta["attachments"]] == [
        ("Tabel zwerfvuil per autosnelweg", None), (None, "schv-900718.3.xls")]  # fmt: skip
    assert runner.invoke(app, ["index", str(corpus), "--index", ix]).exit_code == 0
    shown = runner.invoke(app, ["show", "vp-2004-2005-88-marc-de-wever", "--index", ix, "-f", "plain"])
    assert "bijlagen: Tabel zwerfvuil per autosnelweg (https://docs.vlaamsparlement.be/pfile?id=77)" in shown.stdout
    assert "schv-900718.3.xls" in shown.stdout


def test_a_file_served_as_octet_stream_is_named_by_its_content(tmp_path):
    from make_word import DOCX_2007, docx_bytes

    questions = make_questions(1)
    questions[0].content_type, questions[0].body = "application/octet-stream", docx_bytes(DOCX_2007)
    with FakeParliament(questions) as server:
        summary = run_fetch(server, tmp_path / "c")
    assert summary.new == 1 and not summary.unreadable
    assert (tmp_path / "c" / "2016-2017" / f"schv-{questions[0].schv_id}.docx").is_file()


@pytest.mark.slow  # a whole fetch for one refusal; a file served as octet-stream stays in the quick lane
def test_a_file_of_no_text_format_is_reported_by_fetch_and_by_the_loader(runner, tmp_path):
    from parlzoek.corpus import load

    questions = make_questions(2)
    questions[0].content_type, questions[0].body = "application/octet-stream", b"GIF89a\x00\x01"
    with FakeParliament(questions) as server:
        args = ["fetch", "--session-year", "2016-2017", "--into", str(tmp_path / "c"), "--api-url", server.base_url]
        result = runner.invoke(app, args)
    assert result.exit_code == 0 and f"no readable text: question {questions[0].schv_id}" in result.stderr
    (problem,) = load([tmp_path / "c"]).problems
    assert problem.source.endswith(".meta.json") and "not a PDF, Word or RTF file" in problem.message


def test_a_doc_without_antiword_is_a_problem_with_a_hint(tmp_path, monkeypatch):
    from parlzoek.corpus import load

    monkeypatch.setattr("shutil.which", lambda name: None)
    source = Path(__file__).parent / "fixtures" / "flemish" / "word-2004.doc"
    (problem,) = load([source]).problems
    assert "apt-get install antiword" in problem.message and "\n" not in problem.message


def test_the_asked_date_comes_from_the_procedure_not_from_a_late_themadatum():
    hit = parse_hit({"id": "http://be.vlp.feed/5", "metatags": {"metatag": [
        {"name": "soort", "value": "SCHV"}, {"name": "themadatum", "value": "2023-10-23"},
        {"name": "statusdatumSchvBeantwoord", "value": "2023-10-06"}]}})  # fmt: skip
    steps = [{"status": "Vraag gesteld aan de minister", "datum": "2023-09-12T00:00:00+0200"},
             {"status": "Tijdig beantwoord", "datum": "2023-10-06T00:00:00+0200"}]  # fmt: skip
    assert dates(hit, steps) == ("2023-09-12", "2023-10-06", "procedureverloop")
    assert dates(hit, []) == (None, "2023-10-06", None)  # themadatum after the answer: not the asked date


@pytest.mark.slow  # selections are unit-tested in the quick lane by their parser
def test_legislature_and_date_range_selections(tmp_path):
    import datetime as dt

    from parlzoek.fetch.selection import date_span, legislature

    questions = make_questions(3) + make_questions(2, session_year="2020-2021", start_id=1_300_000)
    with FakeParliament(questions) as server, fast_client() as client:
        by_legislature = fetch([legislature("2019-2024")], tmp_path / "a", server.base_url, client=client)
        by_dates = fetch([date_span(dt.date(2016, 10, 1), dt.date(2016, 11, 3))], tmp_path / "b", server.base_url,
                         client=client)  # fmt: skip
    assert by_legislature.new == 2 and sorted(p.name for p in (tmp_path / "a").iterdir()) == [
        ".parlzoek-fetch.jsonl", "2020-2021"]  # fmt: skip
    assert by_dates.new == 2  # answered 2016-10-31 and 2016-11-03


def test_the_askers_party_is_read_where_the_service_names_it():
    hit = parse_hit({"id": "http://be.vlp.feed/5", "metatags": {"metatag": [{"name": "soort", "value": "SCHV"}]}})
    tagged = parse_hit({"id": "http://be.vlp.feed/6", "metatags": {"metatag": [
        {"name": "soort", "value": "SCHV"}, {"name": "fractie", "value": "Vooruit"}]}})  # fmt: skip
    asker = {"id": 1, "voornaam": "Lotte", "naam": "Peeters"}
    assert sidecar(hit, {"vraagsteller": {**asker, "fractie": " Groen "}}, "u")["party"] == "Groen"
    assert sidecar(hit, {"vraagsteller": {**asker, "fractie": {"id": 3, "naam": "N-VA"}}}, "u")["party"] == "N-VA"
    assert sidecar(tagged, {"vraagsteller": asker}, "u")["party"] == "Vooruit"
    assert sidecar(hit, {"vraagsteller": asker}, "u")["party"] is None  # nothing guessed


@pytest.mark.slow  # a fetch and an index for one field
def test_a_fetched_questions_party_is_indexed_and_searchable(runner, tmp_path):
    corpus, ix = tmp_path / "corpus", str(tmp_path / "ix")
    with FakeParliament(make_questions(4)) as server:
        assert run_fetch(server, corpus).new == 4
    assert runner.invoke(app, ["index", str(corpus), "--index", ix]).exit_code == 0
    result = json.loads(runner.invoke(app, ["search", "partij:groen", "--index", ix, "-f", "json", "--facets"]).stdout)
    assert [(hit["asker"], hit["party"]) for hit in result["results"]] == [("Lotte Peeters", "Groen")]
    assert result["facets"]["party"] == {"Groen": 1}
    everyone = json.loads(runner.invoke(app, ["search", "dossiers", "--index", ix, "-f", "json"]).stdout)
    assert sorted((hit["asker"], hit["party"] or "") for hit in everyone["results"]) == [
        ("Jonas Van den Broeck", "N-VA"),
        ("Lotte Peeters", "Groen"),
        ("Sara Claes", "CD&V"),
        ("Tom De Smet", ""),
    ]
