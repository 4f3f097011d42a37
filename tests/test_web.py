"""``parlzoek serve``'s routes, through Starlette's test client on a small index with a hostile document."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import warnings
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

pytest.importorskip("starlette", reason="the web extra (starlette, jinja2, uvicorn) is not installed")

from corpus_helpers import write_corpus
from reliability.test_output_safety import EVIL

with warnings.catch_warnings():  # starlette 1.x would rather have httpx2 for its test client; httpx works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient
from typer.testing import CliRunner

from parlzoek.corpus.models import Document
from parlzoek.terminal.cli import app as cli_app
from parlzoek.web.app import CSP, create_app, official_links
from parlzoek.web.engines import PoolSettings
from parlzoek.web.params import MAX_PAGE, MAX_QUERY_CHARS

MINISTERS = ["Liesbeth Homans", "Jan Jambon", "Hilde Crevits"]
PARTIES = ["N-VA", "CD&V", "Open Vld"]
FUNCTIONS = ["Vlaams minister van Binnenlands Bestuur", "Vlaams minister van Onderwijs"]
THEMES = [["ASIEL", "MIGRATIE"], ["ASIEL"], ["HUISVESTING", "ASIEL", "BEGROTING"]]


def _docs() -> list[dict]:
    docs = []
    for n in range(30):
        docs.append({
            "id": f"w{n:02d}", "number": 100 + n, "date": f"{2015 + n % 3}-0{1 + n % 9}-1{n % 10}",
            "title": f"Opvang van asielzoekers, deel {n}", "minister": MINISTERS[n % 3],
            "asker": f"Vraagsteller {n % 4}", "party": PARTIES[n % 3], "minister_function": FUNCTIONS[n % 2],
            "themes": THEMES[n % 3] if n % 5 else [],
            "question": f"1. Hoeveel asielzoekers vonden opvang in {2015 + n % 3}?\n2. Wat kost de opvang?",
            "answer": f"1. Er waren {n * 10} plaatsen voor asielzoekers.\n2. De opvang kost veel.",
        })  # fmt: skip
    return [*docs, {**EVIL, "title": "<script>alert(1)</script> " + EVIL["title"]}]


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("web")
    corpus = write_corpus(root / "src", _docs())
    assert CliRunner().invoke(cli_app, ["index", str(corpus), "--index", str(root / "ix")]).exit_code == 0
    return root / "ix"


@pytest.fixture(scope="module")
def client(index):
    with TestClient(create_app(index)) as client:
        yield client


class Links(HTMLParser):
    """The hrefs of a page's links and the text of its ``<mark>`` elements."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.marks: list[str] = []
        self.ids: list[str] = []
        self._in_mark = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "mark":
            self._in_mark = True
            self.marks.append("")

    def handle_endtag(self, tag):
        if tag == "mark":
            self._in_mark = False

    def handle_data(self, data):
        if self._in_mark:
            self.marks[-1] += data


def _ids(html: str) -> list[str]:
    return re.findall(r'href="/doc/([^"?]+)\?', html)


def test_the_start_page_has_a_labelled_search_box(client):
    page = client.get("/")
    assert page.status_code == 200
    assert '<label for="q">' in page.text and 'id="q" name="q"' in page.text and 'lang="nl"' in page.text


def test_a_search_lists_results_with_metadata_marked_passages_and_count(client):
    page = client.get("/", params={"q": "asielzoekers opvang"})
    assert page.status_code == 200
    assert "30 resultaten" in page.text
    assert len(_ids(page.text)) == 10
    assert (
        "nr. 1" in page.text and "Jan Jambon" in page.text and "Vraagsteller" in page.text and "CD&amp;V" in page.text
    )
    assert {m.lower() for m in Links(page.text).marks} >= {"asielzoekers", "opvang"}
    # question and answer apart, labelled as on the terminal (they ran together in one line)
    assert '<p><span class="pn">1. V:</span> Hoeveel <mark>asielzoekers</mark> vonden' in page.text
    assert '<p><span class="pn">A:</span> Er waren' in page.text


def test_a_long_passage_is_shown_around_its_hit_and_says_it_was_cut(tmp_path):
    words = " ".join(f"woord{n}" for n in range(200))
    doc = {
        "id": "lang",
        "title": "Lang",
        "question": f"1. begin {words} begrotingstekort {words} einde?",
        "answer": "1. Ja.",
    }
    corpus = write_corpus(tmp_path / "src", [doc])
    assert CliRunner().invoke(cli_app, ["index", str(corpus), "--index", str(tmp_path / "ix")]).exit_code == 0
    with TestClient(create_app(tmp_path / "ix")) as client:
        page = client.get("/", params={"q": "begrotingstekort"}).text
    shown = re.search(r'<span class="pn">1. V:</span> (.*?)</p>', page).group(1)
    assert shown.startswith("… ") and shown.endswith(" …") and "<mark>begrotingstekort</mark>" in shown
    assert len(shown) < 500 and "begin" not in shown and "einde" not in shown  # a window around the hit


def test_pagination_and_page_size_are_in_the_url(client):
    first = _ids(client.get("/", params={"q": "opvang"}).text)
    second_page = client.get("/", params={"q": "opvang", "page": "2"})
    second = _ids(second_page.text)
    assert len(second) == 10 and not set(first) & set(second)
    assert "Pagina 2 van 3" in second_page.text
    links = Links(second_page.text).hrefs
    assert "/?q=opvang" in links and "/?q=opvang&page=3" in links  # previous, next
    assert len(_ids(client.get("/", params={"q": "opvang", "n": "20"}).text)) == 20


def test_sorting_by_date_puts_the_newest_first(client, index):
    page = client.get("/", params={"q": "opvang", "sort": "datum", "n": "50"})
    api = client.get("/api/search", params={"q": "opvang", "sort": "datum", "n": "50"}).json()
    dates = [hit["date"] for hit in api["results"]]
    assert dates == sorted(dates, reverse=True) and len(set(dates)) > 3
    assert _ids(page.text) == [hit["id"] for hit in api["results"]]
    assert '<strong aria-current="true">datum</strong>' in page.text


def test_a_facet_link_adds_a_filter_and_its_chip_removes_it(client):
    page = client.get("/", params={"q": "opvang"})
    facet = next(h for h in Links(page.text).hrefs if "minister=Jan+Jambon" in h)
    filtered = client.get(facet)
    assert "10 resultaten" in filtered.text
    api = client.get("/api/search" + facet[1:] + "&n=50").json()
    assert {hit["minister"] for hit in api["results"]} == {"Jan Jambon"}
    chip = next(h for h in Links(filtered.text).hrefs if "Jan" not in h and h.startswith("/?q=opvang"))
    assert parse_qs(urlsplit(chip).query) == {"q": ["opvang"]}


@pytest.mark.parametrize(("name", "value", "field", "count"), [
    ("jaar", "2016", "date", 10), ("partij", "Open Vld", "party", 10), ("minister", "Hilde Crevits", "minister", 10),
])  # fmt: skip
def test_every_filter_narrows_to_its_value(client, name, value, field, count):
    data = client.get("/api/search", params={"q": "opvang", name: value, "n": "50"}).json()
    assert data["total"] == count
    assert all(str(hit[field]).startswith(value) for hit in data["results"])


def _themes_of(client, ids: list[str]) -> list[list[str]]:
    return [client.get(f"/api/doc/{doc_id}").json()["themes"] for doc_id in ids]


@pytest.mark.parametrize(("name", "value", "field"), [
    ("beleidsdomein", FUNCTIONS[1], "minister_function"), ("vraagsteller", "Vraagsteller 2", "asker"),
])  # fmt: skip
def test_the_function_and_asker_facets_are_links_that_filter(client, name, value, field):
    page = client.get("/", params={"q": "opvang"})
    facet = next(h for h in Links(page.text).hrefs if parse_qs(urlsplit(h).query).get(name) == [value])
    api = client.get("/api/search" + facet[1:] + "&n=50").json()
    assert api["total"] > 0 and {hit[field] for hit in api["results"]} == {value}
    everything = client.get("/api/search", params={"q": "opvang", "n": "50", "facets": "1"}).json()
    assert everything["facets"][{"beleidsdomein": "function", "vraagsteller": "asker"}[name]][value] == api["total"]


def test_a_theme_facet_counts_every_theme_of_a_document_and_filters_to_it(client):
    everything = client.get("/api/search", params={"q": "opvang", "n": "50", "facets": "1"}).json()
    themes = everything["facets"]["theme"]
    assert set(themes) == {"ASIEL", "MIGRATIE", "HUISVESTING", "BEGROTING"}
    assert sum(themes.values()) > everything["total"] - sum(n % 5 == 0 for n in range(30))  # several per document
    page = client.get("/", params={"q": "opvang"})
    assert all(f"<h3>{label}</h3>" in page.text for label in ("Thema", "Beleidsdomein", "Vraagsteller"))
    for theme, count in themes.items():
        facet = next(h for h in Links(page.text).hrefs if parse_qs(urlsplit(h).query).get("thema") == [theme])
        filtered = client.get(facet)
        assert f"{count} resultaten" in filtered.text or (count == 1 and "1 resultaat" in filtered.text)
        api = client.get("/api/search" + facet[1:] + "&n=50").json()
        assert api["total"] == count and all(theme in t for t in _themes_of(client, [h["id"] for h in api["results"]]))
        chip = next(h for h in Links(filtered.text).hrefs if "thema" not in h and h.startswith("/?q=opvang"))
        assert parse_qs(urlsplit(chip).query) == {"q": ["opvang"]}


def test_filters_combine_and_keep_the_sort(client):
    page = client.get("/", params={"q": "opvang", "jaar": "2017", "partij": "N-VA", "sort": "datum"})
    assert page.status_code == 200
    links = Links(page.text).hrefs
    assert any(h == "/?q=opvang&partij=N-VA&sort=datum" for h in links)  # the year's chip keeps the rest


def test_a_document_page_shows_everything_with_hits_marked_and_an_anchor(client):
    page = client.get("/doc/w07", params={"q": "asielzoekers"})
    assert page.status_code == 200
    parsed = Links(page.text)
    assert "treffer" in parsed.ids and {"p1", "p2"} <= set(parsed.ids)
    assert parsed.marks and all(m.lower() == "asielzoekers" for m in parsed.marks)
    assert "Wat kost de opvang?" in page.text and "70 plaatsen" in page.text and "nr. 107" not in page.text
    assert "Jan Jambon" in page.text and "Vraagsteller 3" in page.text


def test_result_links_open_the_document_at_its_first_hit(client):
    page = client.get("/", params={"q": "asielzoekers"})
    assert re.search(r'href="/doc/w\d\d\?q=asielzoekers#treffer"', page.text)


def test_hostile_text_shows_as_text_everywhere(client):
    for url, params in [("/", {"q": "maatwerkbedrijven alarm nep"}), ("/doc/kwaad", {"q": "nep"}),
                        ("/", {"q": "<script>alert(2)</script>"})]:  # fmt: skip
        page = client.get(url, params=params)
        assert "<script>" not in page.text and "&lt;script&gt;" in page.text, url
        assert "\x1b" not in page.text and "\u202e" not in page.text, url
        if params["q"] != "<script>alert(2)</script>":  # the document's own <mark> is text around our hit
            assert "&lt;mark&gt;<mark>nep</mark>&lt;/mark&gt;" in page.text, url


def test_every_page_forbids_inline_script(client):
    for url in ["/", "/?q=opvang", "/doc/w01", "/?q=titel:", "/nergens", "/api/search?q=opvang"]:
        response = client.get(url)
        assert response.headers["content-security-policy"] == CSP, url
        assert "script-src" not in CSP and "default-src 'none'" in CSP  # no script of any origin
    assert "<script" not in client.get("/?q=opvang").text


def test_a_query_error_is_a_message_beside_the_box(client):
    page = client.get("/", params={"q": "onbekend:veld opvang"})
    assert page.status_code == 400
    assert 'role="alert"' in page.text and "onbekend veld onbekend: in de zoekvraag; de velden zijn" in page.text
    assert 'value="onbekend:veld opvang"' in page.text  # the query stays in the box to correct
    assert "Deze zoekvraag lukt niet: " in page.text and "unknown" not in page.text  # Dutch, lead and all
    dutch_of = {"jaar:": "jaar: heeft geen waarde", '"open': "aanhalingsteken is niet gesloten",
                "opvang~3": "laat te veel tikfouten toe", "(opvang OR kost": "een haakje is niet gesloten"}  # fmt: skip
    for query, dutch in dutch_of.items():
        assert dutch in client.get("/", params={"q": query}).text
        assert dutch in client.get("/api/search", params={"q": query}).json()["error"]
    assert "als JSON (API)" not in page.text  # no link to the same error as JSON
    assert "<h1>" in page.text


def test_near_matches_are_counted_apart_labelled_and_left_out_of_the_facets(client):
    query = "maatwerkbedrijven opvangplaatsen"  # one document holds the first word; 30 more share parts of the second
    page = client.get("/", params={"q": query})
    api = client.get("/api/search", params={"q": query}).json()
    assert api["hits"] == 1 and api["total"] == 31
    heading = re.search(r'<h1 class="count">(.*?)</h1>', page.text, re.S).group(1)
    assert heading.startswith("1 treffer voor") and heading.endswith("en 30 bijna-treffers")
    assert "Geen enkel document bevat opvangplaatsen." in page.text
    labels = re.findall(r'<p class="near">([^<]*)</p>', page.text)
    assert len(labels) == sum(hit["near"] is not None for hit in api["results"]) == 9
    assert all(label.startswith("bijna-treffer: ") and "‘opvangplaatsen’" in label for label in labels)
    assert "Geteld: de 1 treffer, zonder de bijna-treffers." in page.text
    facets = client.get("/api/search", params={"q": query, "facets": "1"}).json()["facets"]
    for facet, name in (("minister", "minister"), ("theme", "thema")):  # a count is what its filter then finds
        for value, count in facets[facet].items():
            filtered = client.get("/api/search", params={"q": query, name: value}).json()
            assert filtered["hits"] == count, (facet, value)


def test_a_result_links_to_its_document_with_the_search_and_the_way_back(client):
    search = {"q": "opvang", "thema": "ASIEL", "sort": "datum", "page": "2"}
    page = client.get("/", params=search)
    first = next(h for h in Links(page.text).hrefs if h.startswith("/doc/"))
    path, _, fragment = first.partition("#")
    assert fragment == "treffer" and parse_qs(urlsplit(path).query) == {k: [v] for k, v in search.items()}
    document = client.get(path)
    back = re.search(r'<p class="back"><a href="([^"]+)"', document.text).group(1)
    assert parse_qs(urlsplit(back.replace("&amp;", "&")).query) == parse_qs(urlsplit(path).query)
    assert Links(document.text).marks and 'id="treffer"' in document.text


def test_a_document_with_a_query_that_cannot_be_read_is_still_shown(client):
    page = client.get("/doc/w01", params={"q": "jaar:"})
    assert page.status_code == 200 and "Opvang van asielzoekers, deel 1" in page.text
    assert "Deze zoekvraag lukt niet: " in page.text and not Links(page.text).marks
    assert re.search(r"[.)] Er is niets gemarkeerd\.", page.text)


def test_a_page_past_the_last_says_so_and_links_to_the_last(client):
    page = client.get("/", params={"q": "opvang", "page": "50"})
    assert page.status_code == 400
    assert "Pagina 50 bestaat niet: deze zoekopdracht heeft 3 pagina&#39;s. " in page.text
    assert '<a href="/?q=opvang&amp;page=3">Naar pagina 3</a>' in page.text
    nothing = client.get("/", params={"q": "xyzzyq", "page": "2"}).text
    assert "Pagina 2 bestaat niet: deze zoekopdracht vindt niets. " in nothing


def test_no_results_say_which_word_no_document_holds_and_what_to_try(client):
    page = client.get("/", params={"q": "xyzzyq"})
    assert page.status_code == 200 and "0 resultaten" in page.text
    assert "Geen enkel document bevat xyzzyq." in page.text and "Probeer minder of andere woorden" in page.text
    assert "Verfijnen" not in page.text  # no empty facets column


def test_a_new_search_keeps_the_page_size(client):
    page = client.get("/", params={"q": "opvang", "n": "20"})
    assert '<input type="hidden" name="n" value="20">' in page.text
    assert '<input type="hidden" name="n"' not in client.get("/", params={"q": "opvang"}).text


def test_the_api_says_in_dutch_what_passages_takes(client):
    answer = client.get("/api/search", params={"q": "opvang", "passages": "abc"})
    assert answer.status_code == 400
    assert answer.json() == {"error": "passages moet een geheel getal tussen 0 en 10 zijn"}


@pytest.mark.parametrize("params", [
    {"q": "x" * (MAX_QUERY_CHARS + 1)}, {"q": "opvang", "page": str(MAX_PAGE + 1)}, {"q": "opvang", "page": "0"},
    {"q": "opvang", "n": "101"}, {"q": "opvang", "n": "veel"}, {"q": "opvang", "sort": "willekeurig"},
    {"q": "opvang", "jaar": "twee"},
])  # fmt: skip
def test_limits_give_one_line_not_a_server_error(client, params):
    page = client.get("/", params=params)
    assert page.status_code == 400
    message = re.search(r'role="alert">([^<]*)</p>', page.text).group(1)
    assert message and "\n" not in message
    api = client.get("/api/search", params=params)
    assert api.status_code == 400 and list(api.json()) == ["error"]


def test_a_missing_document_and_page_are_404_pages(client):
    assert client.get("/doc/bestaat-niet").status_code == 404
    assert client.get("/api/doc/bestaat-niet").status_code == 404
    assert client.get("/nergens").status_code == 404
    assert client.get("/download.xlsx", params={"q": "opvang"}).status_code == 404


def test_the_server_only_reads(client):
    assert client.post("/", data={"q": "opvang"}).status_code == 405
    assert client.delete("/doc/w01").status_code == 405


def test_api_search_is_the_clis_json(client, index):
    for query, extra in [("asielzoekers opvang", []), ("opvang jaar:2016", ["--page", "2", "-n", "3"])]:
        cli = CliRunner().invoke(cli_app, ["search", query, "--index", str(index), "-f", "json", *extra])
        params = {"q": query, **({"page": "2", "n": "3"} if extra else {})}
        assert client.get("/api/search", params=params).text == cli.stdout


def test_api_document_is_shows_json(client, index):
    cli = CliRunner().invoke(cli_app, ["show", "kwaad", "--index", str(index), "-f", "json"])
    assert client.get("/api/doc/kwaad").text == cli.stdout


def test_downloads_follow_the_batch_contracts(client, index):
    rows = list(csv.reader(io.StringIO(client.get("/download.csv", params={"q": "maatwerkbedrijven"}).text)))
    assert rows[0][:4] == ["qid", "query", "rank", "id"]
    assert rows[1][3] == "kwaad" and rows[1][7] == "'+Liesbeth Homans"  # a formula stays text
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows[1:] for cell in row)
    near = list(csv.DictReader(io.StringIO(client.get("/download.csv", params={"q": "opvangplaatsen"}).text)))
    assert near and all(row["near"].startswith("compound part of 'opvangplaatsen'") for row in near)
    assert all(row["asker"].startswith("Vraagsteller ") and row["party"] in PARTIES for row in near[:30])
    full = client.get("/download.json", params={"q": "opvang", "partij": "CD&V"})
    assert full.headers["content-disposition"] == 'attachment; filename="parlzoek.json"'
    data = json.loads(full.text)
    assert data["total"] == 10 and len(data["results"]) == 10 and data["limit"] == 1000


def test_did_you_mean_links_to_the_corrected_search(client):
    page = client.get("/", params={"q": "kosst", "jaar": "2016"})
    assert "Bedoelde u" in page.text and 'href="/?q=kost&amp;jaar=2016"' in page.text


def test_official_links_are_http_only():
    doc = Document(id="x", title="t", question="q", answer=None, metadata={
        "urls": {"page": "https://www.vlaamsparlement.be/x", "document": "javascript:alert(1)"}})  # fmt: skip
    assert official_links(doc) == [("Op de website van het Parlement", "https://www.vlaamsparlement.be/x")]


def test_a_slow_search_times_out_without_holding_the_others(index):
    import threading

    from parlzoek.search.service import SearchEngine

    release = threading.Event()
    original = SearchEngine.search

    def slow_or_not(self, text, **options):
        if text == "traag":
            release.wait(5)
        return original(self, "opvang" if text == "traag" else text, **options)

    app = create_app(index, PoolSettings(threads=2, timeout=0.3))
    with TestClient(app) as client:
        SearchEngine.search = slow_or_not
        try:
            slow = client.get("/", params={"q": "traag"})
            quick = client.get("/", params={"q": "asielzoekers"})
        finally:
            SearchEngine.search = original
            release.set()
    assert slow.status_code == 400 and "duurde langer dan 0.3 seconden" in slow.text
    assert quick.status_code == 200 and "30 resultaten" in quick.text


@pytest.mark.parametrize("rebuild", [["--rebuild"], []], ids=["new generation", "update in place"])
def test_a_published_update_is_seen_without_restart(tmp_path, rebuild):
    root = tmp_path
    corpus = write_corpus(root / "src", _docs()[:3])
    runner = CliRunner()
    assert runner.invoke(cli_app, ["index", str(corpus), "--index", str(root / "ix")]).exit_code == 0
    with TestClient(create_app(root / "ix", PoolSettings(threads=1, recheck=0))) as client:
        assert client.get("/api/search", params={"q": "opvang"}).json()["total"] == 3
        write_corpus(root / "src", _docs()[:7])
        result = runner.invoke(cli_app, ["index", str(corpus), "--index", str(root / "ix"), *rebuild])
        assert result.exit_code == 0
        assert client.get("/api/search", params={"q": "opvang"}).json()["total"] == 7


def test_serve_without_the_web_extra_says_what_to_install(monkeypatch, index):
    monkeypatch.setitem(sys.modules, "parlzoek.web.serve", None)  # as if starlette, jinja2 or uvicorn were missing
    result = CliRunner().invoke(cli_app, ["serve", "--index", str(index)])
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == "parlzoek serve needs the web extra: pip install 'parlzoek[web]' (from a checkout: pip install '.[web]'; "
        "Starlette, Jinja2, uvicorn)"
    )


def test_serve_refuses_a_port_in_use_in_one_line_before_saying_it_listens(monkeypatch, index):
    import socket

    from parlzoek.web import serve

    monkeypatch.setattr(serve, "run", lambda *args: pytest.fail("started on a port in use"))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli_app, ["serve", "--index", str(index), "--port", str(port)])
    assert result.exit_code == 2 and "http://" not in result.output
    assert result.stderr.strip().splitlines() == [
        f"Error: cannot listen on 127.0.0.1:{port}: Address already in use; another server listens there: "
        "choose another --port"
    ]


def test_serve_says_where_it_listens_and_that_it_is_local_only(monkeypatch, index):
    from parlzoek.web import serve

    started = []
    monkeypatch.setattr(serve, "run", lambda *args: started.append(args))
    result = CliRunner().invoke(cli_app, ["serve", "--index", str(index), "--port", "8099"])
    assert result.exit_code == 0 and started == [(index, "127.0.0.1", 8099, 1)]
    assert "http://127.0.0.1:8099/ (alleen vanaf deze machine" in result.stderr


def test_a_document_page_lists_similar_questions_with_their_shared_terms_never_itself(client):
    page = client.get("/doc/w07")
    assert page.status_code == 200 and "Vergelijkbare vragen" in page.text
    section = page.text.split('id="vergelijkbaar-kop"')[1]
    linked = re.findall(r'href="/doc/([^"?#]+)"', section)
    assert linked and "w07" not in linked and all(re.fullmatch(r"w\d\d", doc_id) for doc_id in linked)
    assert "deelt: " in section and "asielzoeker" in section and "%" in section


def test_hits_in_a_title_are_marked_and_scrolled_to_where_no_passage_holds_one(client):
    results = client.get("/", params={"q": "titel:deel"}).text  # the titles say "deel", the passages do not
    titles = re.findall(r"<h3><a [^>]*>(.*?)</a></h3>", results)
    assert titles and all("<mark>deel</mark>" in title for title in titles)
    document = client.get("/doc/w01", params={"q": "titel:deel"}).text
    assert '<h1>Opvang van asielzoekers, <mark id="treffer">deel</mark> 1</h1>' in document
    document = client.get("/doc/w01", params={"q": "asielzoekers"}).text  # the first passage's hit is scrolled to
    assert "<h1>Opvang van <mark>asielzoekers</mark>, deel 1</h1>" in document
    assert document.index('id="treffer"') > document.index('<section class="passage"')


def test_a_facet_can_be_browsed_without_words(client):
    page = client.get("/", params={"partij": "CD&V", "sort": "datum"})
    api = client.get("/api/search", params={"partij": "CD&V", "sort": "datum"}).json()
    assert page.status_code == 200 and '<h1 class="count">10 resultaten</h1>' in page.text
    assert api["total"] == 10 and {hit["party"] for hit in api["results"]} == {"CD&V"}
    assert _ids(page.text) == [hit["id"] for hit in api["results"]]
    assert "Partij: CD&amp;V" in page.text  # its chip, to take it away
    assert client.get("/").text.count('class="count"') == 0  # no words and no filter: the start page
    documents = [h for h in Links(page.text).hrefs if h.startswith("/doc/")]
    assert documents and not any("#" in h for h in documents)  # no words: no first hit to scroll to
    assert api["parsed"].startswith("(*")  # not Whoosh's "None:*"
    document = client.get(documents[0]).text
    back = re.search(r'<p class="back"><a href="([^"]+)"', document).group(1)
    assert parse_qs(urlsplit(back.replace("&amp;", "&")).query) == {"partij": ["CD&V"], "sort": ["datum"]}


def test_a_filter_value_no_document_has_is_named_with_the_value_it_likely_meant(client):
    page = client.get("/", params={"q": "opvang", "partij": "n-va"})
    assert "Geen enkel document heeft partij ‘n-va’: bedoelde u" in page.text
    assert "/?q=opvang&amp;partij=N-VA" in page.text  # the link puts the index's own spelling in
    assert client.get("/?q=opvang&partij=N-VA").text.count("Geen enkel document heeft") == 0
    assert "bedoelde u" in client.get("/", params={"q": "opvang", "partij": "cdv"}).text  # CD&V
    page = client.get("/", params={"partij": "Nope", "jaar": "2016"})
    assert "Geen enkel document heeft partij ‘Nope’." in page.text and "jaar ‘2016’" not in page.text


def test_a_phrase_no_document_holds_is_named_with_its_words_apart(client):
    page = client.get("/", params={"q": 'titel:"asielzoekers opvang" OR "kost veel geld"'})
    assert "Geen enkel document bevat de zin <q>asielzoekers opvang</q>" in page.text
    assert "Geen enkel document bevat de zin <q>kost veel geld</q>" in page.text
    apart = "/?q=titel%3A%28asielzoekers+opvang%29+OR+%22kost+veel+geld%22"  # one phrase apart at a time
    assert apart in Links(page.text).hrefs
    assert '<h1 class="count">30 resultaten' in client.get(apart).text
    assert "de zin" not in client.get("/", params={"q": '"opvang kost" "nergens te vinden"'}).text  # one finds
    assert "Geen enkel document bevat de zin" not in client.get("/", params={"q": 'opvang -"kost veel"'}).text


def test_the_start_pages_examples_come_from_the_index_and_find_something(client):
    examples = [href for href in Links(client.get("/").text).hrefs if href.startswith("/?q=")]
    assert len(examples) == 3
    for href in examples:
        assert "resultaten voor" in client.get(href).text, href  # fixed examples found nothing in other data


def test_a_search_that_finds_nothing_offers_no_sorting_or_downloads_and_says_what_to_do(client):
    nothing = client.get("/", params={"partij": "N-VA", "jaar": "1990"}).text
    assert "Sorteer op" not in nothing and "/download.csv" not in nothing
    assert "Geen enkel document heeft al deze filters samen" in nothing and "belastng~" not in nothing
    assert "belastng~" in client.get("/", params={"q": "xyzzyq"}).text
