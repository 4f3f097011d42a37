"""Bytes from a source file into text, gzip or not, bounded in size, with an honest word on the encoding.

Exports from old systems arrive in cp1252 or latin-1; we read them rather than refuse them,
and say that we guessed.
"""

from __future__ import annotations

import codecs
import gzip
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from parlzoek.errors import SourceError

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024  # one question with its answer; a bigger .txt is not one document
MAX_PDF_BYTES = 100 * 1024 * 1024
MAX_RECORD_BYTES = 10 * 1024 * 1024  # one JSONL line
MAX_JSON_BYTES = 128 * 1024 * 1024  # a JSON array is parsed whole (some 5× its size in memory): use JSONL beyond
_BINARY_CONTROLS = re.compile("[\x01-\x08\x0e-\x1f]")


def open_binary(path: Path) -> BinaryIO:
    """Open a source for reading bytes; ``.gz`` files are decompressed on the fly."""
    try:
        if path.suffix.lower() == ".gz":
            return gzip.open(path, "rb")  # type: ignore[return-value]
        return path.open("rb")
    except OSError as exc:
        raise SourceError(f"cannot open: {exc.strerror or exc}") from exc


def _as_cp1252(error: UnicodeError) -> tuple[str, int]:
    """Bytes that are not UTF-8 read as cp1252 (latin-1 for the five bytes cp1252 leaves undefined)."""
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return "".join(_cp1252_char(bytes([b])) for b in bad), error.end


def _cp1252_char(byte: bytes) -> str:
    try:
        return byte.decode("cp1252")
    except UnicodeDecodeError:
        return byte.decode("latin-1")


codecs.register_error("parlzoek-cp1252", _as_cp1252)


def decode(data: bytes) -> tuple[str, str | None]:
    """Text and, when it was not all UTF-8, a warning saying the rest was read as cp1252.

    Byte by byte, so a file that mixes both (an export pasted together from two systems) keeps
    its UTF-8 parts intact instead of turning every ``ë`` into ``Ã«``.

    >>> decode("financiën".encode("cp1252") + " België".encode("utf-8"))
    ('financiën België', 'not valid UTF-8 throughout; the other bytes decoded as cp1252')
    """
    if b"\x00" in data:
        raise SourceError("binary data (NUL bytes): not a text file")
    try:
        text, warning = data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        text = data.decode("utf-8-sig", errors="parlzoek-cp1252")
        warning = "not valid UTF-8 throughout; the other bytes decoded as cp1252"
    if _looks_binary(text):
        raise SourceError("binary data (control characters): not a text file")
    return text, warning


def _looks_binary(text: str, sample: int = 65536) -> bool:
    """Random bytes decode to text full of control characters; real documents have next to none."""
    head = text[:sample]
    return len(_BINARY_CONTROLS.findall(head)) > max(8, len(head) // 50)


def read_bytes(path: Path, limit: int) -> bytes:
    """The whole file, refused when it is larger than ``limit`` rather than read into memory."""
    too_large = SourceError(f"larger than {limit // (1024 * 1024)} MB; not read")
    try:
        if path.suffix.lower() != ".gz" and path.stat().st_size > limit:
            raise too_large  # known without reading a byte; a .gz only tells by inflating
        with open_binary(path) as stream:
            data = stream.read(limit + 1)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise SourceError(f"cannot read: {exc}") from exc
    if len(data) > limit:
        raise too_large
    if not data.strip():
        raise SourceError("empty file")
    return data


def read_lines(path: Path, limit: int = MAX_RECORD_BYTES) -> Iterator[tuple[int, bytes | SourceError]]:
    """Numbered lines; a line longer than ``limit`` comes back as an error and is skipped, not slurped."""
    try:
        with open_binary(path) as stream:
            number = 0
            while True:
                line = stream.readline(limit + 1)
                if not line:
                    return
                number += 1
                if len(line) > limit and not line.endswith(b"\n"):
                    while (rest := stream.readline(1024 * 1024)) and not rest.endswith(b"\n"):
                        pass
                    yield number, SourceError(f"line longer than {limit // (1024 * 1024)} MB; skipped", number)
                    continue
                yield number, line
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise SourceError(f"cannot read: {exc}") from exc
