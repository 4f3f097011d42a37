"""Each ranked term's document numbers and frequencies as plain arrays, one file per segment.

Whoosh keeps a term's postings in pickled, compressed blocks of 128, positions included; reading
them back (``zlib`` and ``pickle`` per block) was most of a search's time, and the positions are
only needed for phrases and word pairs. Next to Whoosh's files, each segment written by our
commit (``postings``) gets this file: for every term of a scored field, its document numbers
(``uint32``) and frequencies (``uint8``, or ``float32`` where one is not a small whole number, the
very value Whoosh stores), found by the offset of the term's postings in Whoosh's postings file,
which the reader's matcher already knows. Searching maps it and scores whole terms with numpy.

An index without the file (written by another writer) is still searched, through Whoosh's
blocks, with the same results.
"""

from __future__ import annotations

import struct
import sys
from array import array
from collections.abc import Sequence

EXTENSION = ".flp"
_MAGIC = b"PZFL"
_FOOTER = struct.Struct("<QQ4s")  # where the directory starts, how many terms, magic
_SMALL, _FLOAT = 0, 1  # how a term's frequencies are stored


class FlatPostingsWriter:
    """Writes the file as a segment's terms are committed, keeping only the directory in memory."""

    def __init__(self, file) -> None:
        self._file = file
        self._keys, self._starts = array("Q"), array("Q")
        self._counts, self._kinds = array("I"), array("B")
        self._file.write(_MAGIC)

    def add(self, key: int, docnums: Sequence[int], weights: Sequence[float]) -> None:
        """A term's postings; ``key``: where they start in Whoosh's postings file."""
        self._pad(4)
        self._keys.append(key)
        self._starts.append(self._file.tell())
        self._counts.append(len(docnums))
        stored = array("f", weights)
        values = stored.tolist()
        small = min(values) >= 0 and max(values) < 256 and all(map(float.is_integer, values))
        self._kinds.append(_SMALL if small else _FLOAT)
        self._write(array("I", docnums))
        self._write(array("B", map(int, values)) if small else stored)

    def close(self) -> None:
        self._pad(8)
        where = self._file.tell()
        for table in (self._keys, self._starts, self._counts, self._kinds):
            self._write(table)
        self._file.write(_FOOTER.pack(where, len(self._keys), _MAGIC))
        self._file.close()

    def _write(self, values: array) -> None:
        if sys.byteorder != "little":
            values = array(values.typecode, values)
            values.byteswap()
        self._file.write(values.tobytes())

    def _pad(self, alignment: int) -> None:
        self._file.write(b"\0" * (-self._file.tell() % alignment))


class FlatPostings:
    """One segment's file, read in place (a memory map where the index is mapped)."""

    def __init__(self, buffer) -> None:
        import numpy as np

        self._np, view = np, memoryview(buffer)
        where, count, magic = _FOOTER.unpack(view[-_FOOTER.size :])
        if magic != _MAGIC or view[:4] != _MAGIC:
            raise ValueError("not a flat postings file")
        self._view = view
        self._keys = np.frombuffer(view, "<u8", count, where)
        self._starts = np.frombuffer(view, "<u8", count, where + 8 * count)
        self._counts = np.frombuffer(view, "<u4", count, where + 16 * count)
        self._kinds = np.frombuffer(view, "u1", count, where + 20 * count)

    def get(self, key: int):
        """(document numbers, frequencies as float64) of the term whose Whoosh postings start at
        ``key``, or ``None``."""
        np = self._np
        at = int(np.searchsorted(self._keys, key))
        if at == len(self._keys) or int(self._keys[at]) != key:
            return None
        start, count = int(self._starts[at]), int(self._counts[at])
        docnums = np.frombuffer(self._view, "<u4", count, start)
        kind = "u1" if self._kinds[at] == _SMALL else "<f4"
        return docnums, np.frombuffer(self._view, kind, count, start + 4 * count).astype(np.float64)


def open_flat_postings(reader) -> FlatPostings | None:
    """The file of a segment reader's segment, or ``None`` (another writer, or not a segment)."""
    segment, storage = getattr(reader, "_segment", None), getattr(reader, "_storage", None)
    if segment is None or storage is None:
        return None
    try:
        stream = segment.open_file(storage, EXTENSION)
    except Exception:  # Whoosh raises NameError, KeyError or OSError for a missing file, by storage
        return None
    if isinstance(getattr(stream, "_buf", None), memoryview):
        buffer = stream._buf  # a view of the mapped compound file: lives as long as the map
    else:
        buffer = stream.read()
        stream.close()
    try:
        return FlatPostings(buffer)
    except (ValueError, struct.error):
        return None
