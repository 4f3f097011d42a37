"""``parlzoek fetch`` against a local HTTP server shaped like the parliament's services; no internet."""

import json
from pathlib import Path

import pytest
from fake_parliament import FakeParliament, make_questions
from typer.testing import CliRunner

from parlzoek.cli import app
from parlzoek.errors import UsageError
from parlzoek.fetch.api import ApiClient
from parlzoek.fetch.detail import detail_from_xml, person, sidecar
from parlzoek.fetch.run import FetchHooks, fetch
from parlzoek.fetch.search import parse_hit
from parlzoek.fetch.selection import selections, session_year


@pytest.fixture
def runner():
    return CliRunner()


def fast_client() -> ApiClient:
    return ApiClient(rate=0, backoff=0)


def run_fetch(server: FakeParliament, corpus: Path, **kwargs):
    with fast_client() as client:
        return fetch([session_year("2016-2017")], corpus, server.base_url, client=client, **kwargs)


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


def test_a_word_file_is_kept_reported_and_skipped_by_the_loader_with_a_reason(tmp_path):
    from parlzoek.corpus import load

    questions = make_questions(2)
    questions[0].content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    with FakeParliament(questions) as server:
        summary = run_fetch(server, tmp_path / "c")
    assert summary.new == 2 and [schv_id for schv_id, _ in summary.unreadable] == [str(questions[0].schv_id)]
    result = load([tmp_path / "c"])
    assert [d.metadata["schv_id"] for d in result.documents] == [str(questions[1].schv_id)]
    (problem,) = result.problems
    assert problem.source.endswith(f"schv-{questions[0].schv_id}.meta.json") and "PDF only" in problem.message
    assert (tmp_path / "c" / "2016-2017" / f"schv-{questions[0].schv_id}.docx").is_file()


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
