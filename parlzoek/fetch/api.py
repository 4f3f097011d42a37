"""HTTP to the Flemish Parliament's services: polite, patient with failures, and never half-writing a file.

One client serves a whole fetch: it spaces requests (a few per second at most), retries 429 and
5xx answers and dropped connections with exponential backoff (honouring ``Retry-After``), sends
an identifying User-Agent, and downloads files to a temporary name that is renamed only when
complete, so an interrupted run never leaves a partial file that looks done.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from parlzoek import __version__
from parlzoek.errors import ParlzoekError

DEFAULT_API_URL = "https://ws.vlpar.be"
USER_AGENT = f"parlzoek/{__version__} (full-text search of written questions; https://pypi.org/project/parlzoek/)"
JSON_TIMEOUT = 30.0
FILE_TIMEOUT = 120.0
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_BACKOFF = 60.0


CONNECTION_HINT = (
    f"check the network connection, and the service's address: --api-url or $PARLZOEK_API_URL "
    f"(default {DEFAULT_API_URL})"
)


class FetchError(ParlzoekError):
    """A request that failed for good (after retries), or an answer we cannot read."""


class ServiceError(FetchError):
    """The service could not be reached, or refused a request: a network or address problem, so
    its message comes with a hint on both."""

    hint = CONNECTION_HINT


@dataclass(frozen=True, slots=True)
class Download:
    """A file on disk as fetched, or as it already was when the server said it had not changed."""

    changed: bool
    content_type: str
    etag: str | None
    last_modified: str | None
    sha256: str
    size: int


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    return float(value) if value.isdecimal() else None


class ApiClient:
    """The one HTTP client of a fetch run; ``rate`` is requests per second, ``retries`` per request."""

    def __init__(self, rate: float = 3.0, retries: int = 4, backoff: float = 1.0) -> None:
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.retries = retries
        self.backoff = backoff
        self.requests = 0
        self.bytes = 0
        self._last = 0.0
        self._http = httpx.Client(headers={"User-Agent": USER_AGENT}, follow_redirects=True, timeout=JSON_TIMEOUT)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _pace(self) -> None:
        wait = self._last + self.interval - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last = time.monotonic()

    def _send(self, url: str, headers: dict[str, str], timeout: float, stream: bool = False) -> httpx.Response:
        """One request, retried on 429/5xx and transport errors; other statuses are the caller's."""
        for attempt in range(self.retries + 1):
            self._pace()
            self.requests += 1
            try:
                request = self._http.build_request("GET", url, headers=headers, timeout=timeout)
                response = self._http.send(request, stream=stream)
            except httpx.TransportError as exc:
                if attempt == self.retries:
                    raise ServiceError(f"{url}: {type(exc).__name__}: {exc}") from exc
                time.sleep(min(MAX_BACKOFF, self.backoff * 2**attempt))
                continue
            if response.status_code not in RETRY_STATUSES or attempt == self.retries:
                return response
            response.close()
            time.sleep(min(MAX_BACKOFF, _retry_after(response) or self.backoff * 2**attempt))
        raise AssertionError("unreachable")  # pragma: no cover

    def get_body(self, url: str) -> bytes:
        """The body of a 200 answer to a request for JSON (some endpoints may still answer XML)."""
        response = self._send(url, {"Accept": "application/json"}, JSON_TIMEOUT)
        if response.status_code != 200:
            raise ServiceError(f"{url}: HTTP {response.status_code}")
        self.bytes += len(response.content)
        return response.content

    def get_json(self, url: str) -> Any:
        body = self.get_body(url)
        try:
            return json.loads(body)
        except ValueError as exc:
            raise FetchError(f"{url}: malformed JSON ({exc})") from exc

    def download(self, url: str, target: Path, known: dict[str, Any] | None = None) -> Download:
        """Fetch ``url`` into ``target``; with what we knew of it (``known``), ask only for a change."""
        headers = {}
        if known and target.exists():
            if known.get("etag"):
                headers["If-None-Match"] = known["etag"]
            if known.get("last_modified"):
                headers["If-Modified-Since"] = known["last_modified"]
        response = self._send(url, headers, FILE_TIMEOUT, stream=True)
        try:
            if response.status_code == 304 and known:
                return Download(False, known.get("content_type", ""), known.get("etag"), known.get("last_modified"),
                                known.get("sha256", ""), target.stat().st_size)  # fmt: skip
            if response.status_code != 200:
                raise FetchError(f"{url}: HTTP {response.status_code}")
            digest, size = self._stream_to(response, target)
        finally:
            response.close()
        changed = not (known and known.get("sha256") == digest)
        return Download(changed, response.headers.get("content-type", ""), response.headers.get("etag"),
                        response.headers.get("last-modified"), digest, size)  # fmt: skip

    def _stream_to(self, response: httpx.Response, target: Path) -> tuple[str, int]:
        partial = target.with_name(f".{target.name}.{os.getpid()}.part")
        digest, size = hashlib.sha256(), 0
        try:
            with partial.open("wb") as handle:
                for chunk in response.iter_bytes():
                    handle.write(chunk)
                    digest.update(chunk)
                    size += len(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(partial, target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        self.bytes += size
        return digest.hexdigest(), size
