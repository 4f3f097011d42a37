"""One fetch run: search each selection, then per question its details and files, into a corpus directory.

Layout: ``DIR/<session year>/schv-<id>.meta.json`` (our sidecar) beside ``schv-<id>.pdf`` (or
``.docx``, ``.doc``, ``.rtf``: named by the type the server gives, else by the file's first
bytes), and a question's further files as ``schv-<id>.2.docx``, ``schv-<id>.3.xlsx``; the
sidecar says which are parts of the text (a separate answer file) and which are attachments,
and the loader reads the sidecar with its parts as one document. A question whose search
metatags are unchanged since the last run, with its files in place, costs no request;
otherwise its details are fetched again and its files asked for conditionally (ETag /
Last-Modified), so an unchanged file is not downloaded twice. One question failing is a
reported failure; the run goes on.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parlzoek.corpus.filetext import sniff
from parlzoek.errors import cannot_write
from parlzoek.fetch.api import DEFAULT_API_URL, ApiClient, Download, FetchError
from parlzoek.fetch.detail import parse_detail, sidecar
from parlzoek.fetch.journal import Journal, write_json_atomically
from parlzoek.fetch.parts import is_text_part
from parlzoek.fetch.search import SEARCH_CAP, Hit, Searcher, Selection

API_URL_ENV = "PARLZOEK_API_URL"
_EXTENSIONS = {
    "application/pdf": ".pdf",
    "application/msword": ".doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/rtf": ".rtf",
    "text/rtf": ".rtf",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
}


@dataclass(slots=True)
class FetchHooks:
    """Progress hooks; the library prints nothing."""

    found: Callable[[int], None] = lambda count: None
    done: Callable[[str], None] = lambda outcome: None


@dataclass(slots=True)
class FetchSummary:
    corpus: Path
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    requests: int = 0
    bytes: int = 0
    seconds: float = 0.0


def default_corpus_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path("parlzoek", appauthor=False) / "corpus"


def api_url(option: str | None) -> str:
    return (option or os.environ.get(API_URL_ENV) or DEFAULT_API_URL).rstrip("/")


def fingerprint(hit: Hit) -> str:
    return hashlib.sha256(json.dumps(hit.meta, sort_keys=True).encode()).hexdigest()


def _opendata_url(base: str, hit: Hit) -> str:
    return hit.first("opendata") or f"{base}/e/opendata/schv/{hit.schv_id}"


def _extension(content_type: str, path: Path) -> str:
    """The extension for a downloaded file: by its type, else (``application/octet-stream``) by its first bytes."""
    known = _EXTENSIONS.get(content_type.split(";", maxsplit=1)[0].strip().lower())
    if known:
        return known
    try:
        with path.open("rb") as handle:
            return sniff(handle.read(16)) or ".bin"
    except OSError:
        return ".bin"


def _file_state(download: Download) -> dict[str, Any]:
    return {"etag": download.etag, "last_modified": download.last_modified, "sha256": download.sha256,
            "content_type": download.content_type}  # fmt: skip


class Fetcher:
    def __init__(self, client: ApiClient, corpus: Path, base_url: str) -> None:
        self.client, self.corpus, self.base_url = client, corpus, base_url
        self.journal = Journal(corpus)
        self.summary = FetchSummary(corpus)

    def _in_place(self, entry: dict[str, Any]) -> bool:
        folder = self.corpus / entry["folder"]
        files = [entry.get("file"), *(extra.get("file") for extra in (entry.get("extras") or {}).values())]
        return (folder / entry["sidecar"]).is_file() and all((folder / f).is_file() for f in files if f)

    def question(self, hit: Hit) -> str:
        """Bring one question up to date; returns ``new``, ``updated``, ``unchanged`` or ``failed``."""
        entry = self.journal.get(hit.schv_id)
        current = fingerprint(hit)
        if entry and entry.get("fingerprint") == current and self._in_place(entry):
            return "unchanged"
        try:
            changed = self._refresh(hit, entry, current)
        except FetchError as exc:
            self.summary.failed.append((hit.schv_id, str(exc)))
            return "failed"
        if entry is None:
            return "new"
        return "updated" if changed else "unchanged"

    def _details(self, hit: Hit) -> dict[str, Any]:
        url = _opendata_url(self.base_url, hit)
        try:
            return sidecar(hit, parse_detail(self.client.get_body(url)), url)
        except ValueError as exc:
            raise FetchError(f"details at {url}: malformed JSON ({exc})") from exc
        except ET.ParseError as exc:
            raise FetchError(f"details at {url}: malformed XML ({exc})") from exc

    @staticmethod
    def _write_sidecar(path: Path, meta: dict[str, Any]) -> bool:
        """Write ``meta`` unless the sidecar already says exactly that; ``True`` if it was written."""
        try:
            if json.loads(path.read_text(encoding="utf-8")) == meta:
                return False
        except (OSError, ValueError):
            pass  # missing or unreadable: write it afresh
        write_json_atomically(path, meta)
        return True

    def _refresh(self, hit: Hit, entry: dict[str, Any] | None, current: str) -> bool:
        meta = self._details(hit)
        document = meta["urls"]["document"]
        if not document:
            raise FetchError("no question/answer file listed (not answered yet?)")
        folder = meta["session_year"] or "zonder-zittingsjaar"
        (self.corpus / folder).mkdir(parents=True, exist_ok=True)
        stem = f"schv-{hit.schv_id}"
        same_folder = bool(entry) and entry.get("folder") == folder
        known = {document: {"file": entry.get("file"), "download": entry.get("download")}} if same_folder else {}
        known.update((entry.get("extras") or {}) if same_folder else {})
        urls = [document, *dict.fromkeys(u for u in meta["urls"]["files"] if u != document)]
        fetched = [self._file(url, folder, stem if i == 0 else f"{stem}.{i + 1}", known.get(url) or {})
                   for i, url in enumerate(urls)]  # fmt: skip
        (main, main_download), extras = fetched[0], fetched[1:]
        meta["file"], meta["content_type"] = main.name, main_download.content_type
        meta["parts"] = [{"file": main.name, "url": document, "content_type": main_download.content_type}]
        for url, (path, download) in zip(urls[1:], extras, strict=True):
            record = {"file": path.name, "url": url, "content_type": download.content_type}
            if is_text_part(path):
                meta["parts"].append(record)
            else:
                meta["attachments"].append({"title": None, **record})
        sidecar_path = self.corpus / folder / f"{stem}.meta.json"
        meta_changed = self._write_sidecar(sidecar_path, meta)
        if main.suffix == ".bin":
            kind = main_download.content_type or "unknown type"
            self.summary.unreadable.append((hit.schv_id, f"{kind} ({main.name}): not PDF, Word or RTF"))
        self.journal.record({"schv_id": hit.schv_id, "fingerprint": current, "folder": folder,
                             "sidecar": sidecar_path.name, "file": main.name, "download": _file_state(main_download),
                             "extras": {url: {"file": path.name, "download": _file_state(download)}
                                        for url, (path, download) in zip(urls[1:], extras, strict=True)}})  # fmt: skip
        return any(download.changed for _, download in fetched) or meta_changed

    def _file(self, url: str, folder: str, stem: str, known: dict[str, Any]) -> tuple[Path, Download]:
        """Download one file of a question (conditionally, when we had it), named by its type."""
        target = self.corpus / folder / (known.get("file") or f"{stem}.pdf")
        download = self.client.download(url, target, known.get("download"))
        return self._named_by_type(target, stem, download.content_type), download

    @staticmethod
    def _named_by_type(target: Path, stem: str, content_type: str) -> Path:
        wanted = target.with_name(stem + _extension(content_type, target))
        if wanted != target:
            os.replace(target, wanted)
        return wanted


def fetch(
    selections: list[Selection],
    corpus: Path,
    base_url: str,
    *,
    client: ApiClient,
    hooks: FetchHooks | None = None,
    cap: int = SEARCH_CAP,
) -> FetchSummary:
    """Fetch every written question of ``selections`` into ``corpus``; failures are in the summary."""
    started = time.perf_counter()
    hooks = hooks or FetchHooks()
    try:
        corpus.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise cannot_write(corpus, exc) from None
    fetcher = Fetcher(client, corpus, base_url)
    searcher = Searcher(client, base_url, cap)
    try:
        for selection in selections:
            hits = list(searcher.hits(selection))
            hooks.found(len(hits))
            for hit in hits:
                outcome = fetcher.question(hit)
                if outcome != "failed":
                    setattr(fetcher.summary, outcome, getattr(fetcher.summary, outcome) + 1)
                hooks.done(outcome)
    finally:
        fetcher.journal.compact()
    summary = fetcher.summary
    summary.requests, summary.bytes = client.requests, client.bytes
    summary.seconds = time.perf_counter() - started
    return summary
