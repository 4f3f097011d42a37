"""Bytes from a source file into text, gzip or not, bounded in size, with an honest word on the encoding.

Exports from old systems arrive in cp1252 or latin-1; we read them rather than refuse them,
and say that we guessed.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from parlzoek.errors import SourceError

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024  # one question with its answer; a bigger .txt is not one document
MAX_PDF_BYTES = 100 * 1024 * 1024
MAX_RECORD_BYTES = 10 * 1024 * 1024  # one JSONL line
MAX_JSON_BYTES = 512 * 1024 * 1024  # a JSON array is parsed whole
_FALLBACK_ENCODINGS = ("cp1252", "latin-1")


def open_binary(path: Path) -> BinaryIO:
    """Open a source for reading bytes; ``.gz`` files are decompressed on the fly."""
    try:
        if path.suffix.lower() == ".gz":
            return gzip.open(path, "rb")  # type: ignore[return-value]
        return path.open("rb")
    except OSError as exc:
        raise SourceError(f"cannot open: {exc.strerror or exc}") from exc


def decode(data: bytes) -> tuple[str, str | None]:
    """Text and, when it was not UTF-8, a warning naming the encoding used instead.

    >>> decode("financiën".encode("cp1252"))
    ('financiën', 'not valid UTF-8; decoded as cp1252')
    """
    if b"\x00" in data:
        raise SourceError("binary data (NUL bytes): not a text file")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    for encoding in _FALLBACK_ENCODINGS:
        try:
            return data.decode(encoding), f"not valid UTF-8; decoded as {encoding}"
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte string")  # pragma: no cover


def read_bytes(path: Path, limit: int) -> bytes:
    """The whole file, refused when it is larger than ``limit`` rather than read into memory."""
    try:
        with open_binary(path) as stream:
            data = stream.read(limit + 1)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise SourceError(f"cannot read: {exc}") from exc
    if len(data) > limit:
        raise SourceError(f"larger than {limit // (1024 * 1024)} MB; not read")
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
