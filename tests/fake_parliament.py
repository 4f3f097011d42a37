"""A local stand-in for the Flemish Parliament's services, for offline fetch tests.

A real HTTP server on 127.0.0.1 answering the documented endpoints with responses shaped as in
``shared/vlaams-parlement-api.md`` §3–4: search pages (metatags, string counters, a non-SCHV
hit and a duplicate file hit mixed in, no ``result`` past the end, a result cap), open-data
details, and PDFs (made with ``make_pdf.py``) with ETags. ``archive_questions`` adds older
years: a ``.docx``, a ``.doc``, an RTF, a two-column PDF, and a question whose question and
answer are two files with an attachment beside them. Faults can be injected: 503s, a malformed
detail, a missing PDF. The questions are invented for the tests.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from make_pdf import pdf_bytes, text_pages

MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december"]  # fmt: skip


@dataclass
class Question:
    schv_id: int
    number: int
    session_year: str
    asked: str
    answered: str
    asker: tuple[str, str]
    minister: tuple[str, str]
    subject: tuple[str, str]
    themes: list[str]
    topic_word: str
    content_type: str = "application/pdf"
    party: str | None = None  # sent as the asker's ``fractie`` (a key the API reference lists as unknown)
    body: bytes | None = None  # the file as served, when it is not the generated PDF
    extra_files: list[tuple[str, bytes]] = field(default_factory=list)  # (content type, bytes), pfile + 1, + 2, …
    attachments: list[dict] = field(default_factory=list)  # the detail's ``bijlage`` entries
    themadatum: str | None = None  # the search's themadatum, when it is not the asked date

    @property
    def pfile(self) -> int:
        return self.schv_id + 500_000

    def text(self) -> str:
        day = dt.date.fromisoformat(self.asked)
        date = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
        asker, minister = " ".join(self.asker).upper(), " ".join(self.minister).upper()
        function = "VLAAMS MINISTER VAN WERK EN SOCIALE ECONOMIE"
        return "\n".join([
            "SCHRIFTELIJKE VRAAG", f"nr. {self.number}", f"van {asker}", f"datum: {date}", minister, function,
            *self.subject, "", f"De vraag gaat over {self.topic_word} in Vlaanderen.", "",
            f"1. Hoeveel dossiers over {self.topic_word} waren er in {day.year}?", "",
            "2. Welke maatregelen neemt de minister?", "", minister, function, "ANTWOORD",
            f"op vraag nr. {self.number} van {date}", f"van {asker}",
            f"1. Er waren 42 dossiers over {self.topic_word}.", "", "2. De minister volgt dit op.",
        ])  # fmt: skip

    def pdf(self) -> bytes:
        return self.body if self.body is not None else pdf_bytes(text_pages(self.text()))

    def file(self, pfile: int) -> tuple[str, bytes] | None:
        """(content type, bytes) of this question's file ``pfile``, or ``None``."""
        if pfile == self.pfile:
            return self.content_type, self.pdf()
        index = pfile - self.pfile - 1
        return self.extra_files[index] if 0 <= index < len(self.extra_files) else None


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FLEMISH_FIXTURES = Path(__file__).parent / "fixtures" / "flemish"


def archive_questions() -> list[Question]:
    """Questions of older years as their files came: Word, RTF, two columns, two files."""
    from make_word import ANSWER_PART_2005, DOCX_2007, RTF_2003, TWO_COLUMN_2002, docx_bytes, rtf_bytes, two_column_pdf

    def question(schv_id, number, year, asked, answered, asker, minister, subject, content_type, body):  # noqa: PLR0917
        return Question(schv_id=schv_id, number=number, session_year=year, asked=asked, answered=answered,
                        asker=asker, minister=minister, subject=subject, themes=[subject[0]],
                        topic_word=subject[1].lower(), content_type=content_type, body=body)  # fmt: skip

    word = question(800145, 145, "2006-2007", "2007-01-12", "2007-02-20", ("Els", "Martens"),
                    ("Frank", "Vercammen"), ("Mobiliteit", "Fietspaden langs gewestwegen"), DOCX_TYPE,
                    docx_bytes(DOCX_2007))  # fmt: skip
    word.themadatum = "2007-03-01"  # after the answer: not the asked date
    doc = question(800027, 27, "2004-2005", "2004-11-03", "2004-12-10", ("Jan", "Hermans"), ("Hilde", "Wouters"),
                   ("Welzijn", "Wachtlijsten in de thuiszorg"), "application/msword",
                   (FLEMISH_FIXTURES / "word-2004.doc").read_bytes())  # fmt: skip
    rtf = question(800061, 61, "2002-2003", "2003-02-17", "2003-03-20", ("Anna", "Jacobs"), ("Peter", "Goossens"),
                   ("Cultuur", "Subsidies voor amateurkunsten"), "application/rtf", rtf_bytes(RTF_2003))  # fmt: skip
    columns = question(800009, 9, "2002-2003", "2002-10-08", "2002-11-12", ("Tom", "Maes"), ("Karen", "Smets"),
                       ("Onderwijs", "Leerlingenvervoer buitengewoon onderwijs"), "application/pdf",
                       two_column_pdf(TWO_COLUMN_2002))  # fmt: skip
    two_files = question(900718, 88, "2004-2005", "2005-03-14", "2005-04-22", ("Lien", "Claes"),
                         ("Marc", "De Wever"), ("Leefmilieu", "Zwerfvuil langs autosnelwegen"), "application/msword",
                         (FLEMISH_FIXTURES / "schv-900718.doc").read_bytes())  # fmt: skip
    two_files.extra_files = [(DOCX_TYPE, docx_bytes(ANSWER_PART_2005)),
                             ("application/vnd.ms-excel", b"\xd0\xcf\x11\xe0 not really a spreadsheet")]  # fmt: skip
    two_files.attachments = [{"url": "https://docs.vlaamsparlement.be/pfile?id=77", "doel": "BIJLAGE",
                              "titel": "Tabel zwerfvuil per autosnelweg"}]  # fmt: skip
    return [word, doc, rtf, columns, two_files]


def make_questions(count: int, session_year: str = "2016-2017", start_id: int = 1_100_000) -> list[Question]:
    first_year = int(session_year[:4])
    words = ["maatwerkbedrijven", "leerlingenvervoer", "kinderopvang", "windenergie", "wachtlijsten"]
    askers = [("Lotte", "Peeters"), ("Jonas", "Van den Broeck"), ("Sara", "Claes"), ("Tom", "De Smet")]
    parties = ["Groen", "N-VA", "CD&V", None]  # the last asker's party is not sent
    questions = []
    for i in range(count):
        asked = dt.date(first_year, 10, 1) + dt.timedelta(days=3 * i)
        questions.append(Question(
            schv_id=start_id + i, number=100 + i, session_year=session_year, asked=asked.isoformat(),
            answered=(asked + dt.timedelta(days=30)).isoformat(), asker=askers[i % len(askers)],
            minister=("Pieter", "Janssens"), subject=("Werk", f"Onderwerp {i}"),
            themes=["Werk", "Economie"] if i % 2 else ["Werk"], topic_word=words[i % len(words)],
            party=parties[i % len(askers)],
        ))  # fmt: skip
    return questions


def legislature_of(session_year: str) -> str:
    year = int(session_year[:4])
    start = 2014 + 5 * ((year - 2014) // 5)
    return f"{start}-{start + 5}"


@dataclass
class Faults:
    unavailable: dict[str, int] = field(default_factory=dict)  # search/detail/file -> 503s still to send
    malformed_details: set[int] = field(default_factory=set)
    missing_files: set[int] = field(default_factory=set)


class FakeParliament:
    def __init__(self, questions: list[Question], cap: int = 10_000) -> None:
        self.questions = {q.schv_id: q for q in questions}
        self.cap = cap
        self.faults = Faults()
        self.log: list[str] = []
        self.file_downloads = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.parliament = self
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeParliament:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- responses -------------------------------------------------------------------------

    def _matching(self, query: str) -> list[Question]:
        found = list(self.questions.values())
        if m := re.search(r"zittingsjaar=(\d{4}-\d{4})", query):
            found = [q for q in found if q.session_year == m.group(1)]
        if m := re.search(r"legislatuur=(\d{4}-\d{4})", query):
            found = [q for q in found if legislature_of(q.session_year) == m.group(1)]
        if m := re.search(r"daterange:(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})?", query):
            found = [q for q in found if m.group(1) <= q.answered and (not m.group(2) or q.answered <= m.group(2))]
        return sorted(found, key=lambda q: (q.answered, q.schv_id), reverse=True)

    def _hit(self, q: Question, with_file: bool) -> dict:
        tags = [("soort", "SCHV"), ("aggregaattype", "Schriftelijke vraag"), ("zittingsjaar", q.session_year),
                ("legislatuur", legislature_of(q.session_year)), ("nummer", str(q.number)),
                ("onderwerp", "  -  ".join(q.subject)), *(("thema", t) for t in q.themes),
                ("vraagsteller", f"{q.asker[1]}, {q.asker[0]}"), ("minister", f"{q.minister[1]}, {q.minister[0]}"),
                ("themadatum", q.themadatum or q.asked), ("statusdatumSchvBeantwoord", q.answered),
                ("publicatiedatum", q.answered),
                ("mimetype", q.content_type), ("document", f"{self.base_url}/pfile?id={q.pfile}"),
                ("opendata", f"{self.base_url}/e/opendata/schv/{q.schv_id}")]  # fmt: skip
        feed = f"http://be.vlp.feed/{q.schv_id}" + (f"/pfls/{q.pfile}" if with_file else "")
        return {"id": feed, "date": q.answered, "mimetype": q.content_type, "title": " - ".join(q.subject),
                "url": f"https://www.vlaamsparlement.be/parlementaire-documenten/schriftelijke-vragen/{q.schv_id}",
                "metatags": {"metatag": [{"name": n, "value": v} for n, v in tags]}}  # fmt: skip

    def search(self, query: str, params: dict[str, str]) -> dict:
        found = self._matching(query)
        page, size = int(params.get("page", "1")), min(100, int(params.get("max", "10")))
        start = (page - 1) * size
        response: dict = {"count": str(len(found)), "firstindex": str(start + 1),
                          "facet_category": [{"name": "Aggregaat Type", "facet": []}]}  # fmt: skip
        if start >= min(len(found), self.cap):
            return response  # past the end, or past the cap: no result
        chunk = found[start : min(start + size, self.cap)]
        hits = [self._hit(q, with_file=True) for q in chunk]
        if page == 1 and chunk:
            hits.append(self._hit(chunk[0], with_file=False))  # the same question's bare feed hit
            hits.append(
                {"id": "http://be.vlp.feed/999/pfls/1", "metatags": {"metatag": [{"name": "soort", "value": "VI"}]}}
            )
        response.update(result=hits, lastindex=start + len(chunk))
        return response

    def detail(self, q: Question) -> dict:
        return {"id": q.schv_id, "titel": f"Vraag over {q.topic_word}", "onderwerp": "  -  ".join(q.subject),
                "zittingsjaar": q.session_year, "thema": q.themes,
                "vraagsteller": {"id": 4512, "voornaam": q.asker[0], "naam": q.asker[1],
                                 **({"fractie": q.party} if q.party else {})},
                "minister": {"id": 4498, "voornaam": q.minister[0], "naam": q.minister[1]},
                "procedureverloop": [{"status": "Vraag gesteld aan de minister", "datum": f"{q.asked}T00:00:00+0100"},
                                     {"status": "Tijdig beantwoord", "datum": f"{q.answered}T00:00:00+0100"}],
                "soort-antwoord": "Antwoord", "tijdig": True, "nieuw-veld": "kept",
                "bestand-ordered": [{"URL": f"{self.base_url}/pfile?id={q.pfile + i}"}
                                    for i in range(1 + len(q.extra_files))],
                "bijlage": q.attachments}  # fmt: skip


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def _send(self, status: int, body: bytes, content_type: str, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, data: object) -> None:
        self._send(200, json.dumps(data).encode(), "application/json;charset=UTF-8")

    def do_GET(self) -> None:
        self.server.parliament.log.append(self.path)
        kind = "search" if "/api/search/" in self.path else "detail" if "/e/opendata/" in self.path else "file"
        if self.server.parliament.faults.unavailable.get(kind, 0) > 0:
            self.server.parliament.faults.unavailable[kind] -= 1
            self._send(503, b"<html>Service Unavailable</html>", "text/html")
            return
        self._route(urlsplit(self.path))

    def _route(self, url) -> None:
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path.startswith("/api/search/query/"):
            self._json(self.server.parliament.search(unquote(url.path[len("/api/search/query/") :]), params))
        elif m := re.fullmatch(r"/e/opendata/schv/(\d+)", url.path):
            self._detail(int(m.group(1)))
        elif url.path in ("/pfile", "/files/pfile"):
            self._file(int(params.get("id", "0")))
        else:
            self._send(404, b"not found", "text/plain")

    def _detail(self, schv_id: int) -> None:
        question = self.server.parliament.questions.get(schv_id)
        if question is None:
            self._send(404, b"not found", "text/plain")
        elif schv_id in self.server.parliament.faults.malformed_details:
            self._send(200, b'{"id": 1, "titel": ', "application/json;charset=UTF-8")
        else:
            self._json(self.server.parliament.detail(question))

    def _file(self, pfile: int) -> None:
        found = next(((q, q.file(pfile)) for q in self.server.parliament.questions.values() if q.file(pfile)), None)
        if found is None or found[0].schv_id in self.server.parliament.faults.missing_files:
            self._send(404, b"not found", "text/plain")
            return
        content_type, body = found[1]
        etag = f'"{hashlib.sha256(body).hexdigest()[:16]}"'
        if self.headers.get("If-None-Match") == etag:
            self._send(304, b"", content_type, {"ETag": etag})
            return
        self.server.parliament.file_downloads += 1
        self._send(200, body, content_type, {"ETag": etag})
