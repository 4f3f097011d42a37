"""A real browser against a running ``parlzoek serve``: headless Chromium on part of the dev data.

The browser loads each page as a user's click would (the link's URL taken from the page it is
on), and saves a screenshot of each step under the test's temporary directory. Chromium is
Debian's ``chromium`` package (``.ci/run`` installs it); without it the test is skipped.
"""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from itertools import islice
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest

pytest.importorskip("starlette", reason="the web extra (starlette, jinja2, uvicorn) is not installed")

from parlzoek.web.serve import PARLZOEK, server_process

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="no chromium: apt-get install chromium (.ci/run does)"),
    pytest.mark.slow,  # a real server and a real browser
]
SUBSET = 400  # documents of the dev corpus: enough for facets and several pages, indexed in seconds


class Page(HTMLParser):
    """What the test reads from a rendered page: links (href, text, the section they are in), marks, ids."""

    def __init__(self, dom: str) -> None:
        super().__init__()
        self.links: list[tuple[str, str, str]] = []
        self.marks: list[str] = []
        self.ids: set[str] = set()
        self._section: list[str] = []
        self._link: list[str] | None = None
        self._mark: list[str] | None = None
        self.feed(dom)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.ids.update([attrs["id"]] if attrs.get("id") else [])
        if tag in {"aside", "section", "ul", "ol", "main", "header"}:
            self._section.append(attrs.get("class") or tag)
        if tag == "a":
            self._link = [attrs.get("href") or "", "", " ".join(self._section)]
        if tag == "mark":
            self._mark = [""]

    def handle_endtag(self, tag):
        if tag in {"aside", "section", "ul", "ol", "main", "header"} and self._section:
            self._section.pop()
        if tag == "a" and self._link:
            self.links.append((self._link[0], self._link[1].strip(), self._link[2]))
            self._link = None
        if tag == "mark" and self._mark:
            self.marks.append(self._mark[0])
            self._mark = None

    def handle_data(self, data):
        if self._link:
            self._link[1] += data
        if self._mark:
            self._mark[0] += data


@pytest.fixture(scope="module")
def server(dekamer, tmp_path_factory):
    root = tmp_path_factory.mktemp("browser")
    with (dekamer / "dev-corpus.jsonl").open(encoding="utf-8") as lines:
        (root / "dev.jsonl").write_text("".join(islice(lines, SUBSET)), encoding="utf-8")
    built = subprocess.run([*PARLZOEK, "index", str(root / "dev.jsonl"), "--index", str(root / "ix")],
                           capture_output=True, text=True, check=False)  # fmt: skip
    assert built.returncode == 0, built.stderr
    with server_process(root / "ix") as base:
        yield base


def _chromium(url: str, *options: str) -> str:
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
               "--window-size=1280,1000", *options, url]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=90, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def visit(url: str, shot: Path) -> Page:
    """The page as the browser rendered it, and its screenshot at ``shot``."""
    _chromium(url, f"--screenshot={shot}")
    assert shot.stat().st_size > 10_000  # a picture of a page, not an empty canvas
    return Page(_chromium(url, "--dump-dom"))


def test_search_refine_by_minister_and_read_the_first_document(server, tmp_path):
    search = visit(f"{server}/?q=asielzoekers+opvang", tmp_path / "1-zoeken.png")
    hits = [href for href, _, where in search.links if href.startswith("/doc/") and "hits" in where]
    assert len(hits) == 10 and {m.lower() for m in search.marks} & {"asielzoekers", "opvang"}

    href, minister, _ = next(link for link in search.links if "facets" in link[2] and "minister=" in link[0])
    refined_url = urljoin(server, href)
    refined = visit(refined_url, tmp_path / "2-minister.png")
    assert parse_qs(urlsplit(refined_url).query) == {"q": ["asielzoekers opvang"], "minister": [minister]}
    chips = [text for _, text, where in refined.links if "chips" in where]
    assert chips == [f"Minister: {minister} ×"]

    first = next(href for href, _, where in refined.links if href.startswith("/doc/") and "hits" in where)
    document_url = urljoin(server, first)
    document = visit(document_url, tmp_path / "3-document.png")
    assert urlsplit(document_url).fragment == "treffer" and parse_qs(urlsplit(document_url).query)["q"] == [
        "asielzoekers opvang"
    ]
    assert "treffer" in document.ids and document.marks
    assert {m.lower()[:5] for m in document.marks} <= {"asiel", "opvan"}
    assert any(text == "← Terug naar de resultaten" for _, text, _ in document.links)
