"""Reading an index's compound segment files through one memory map, without copying them.

``open_generation`` in ``store`` says why. Whoosh reads a file inside a compound file through
its ``subset``, positional reads (``get``) slicing the buffer and the few sequential ones going
through ``file``; here both work on a view of the map, so only the bytes asked for are copied.
"""

from __future__ import annotations

import io
import mmap

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile, StructFile

COMPOUND_SUFFIX = ".seg"


class MappedStorage(FileStorage):
    """A directory of index files whose compound segment files are read through a memory map."""

    def __init__(self, path: str) -> None:
        super().__init__(path, supports_mmap=False)  # Whoosh's own mapping is the copying one

    def open_file(self, name, **kwargs):
        if not name.endswith(COMPOUND_SUFFIX):
            return super().open_file(name, **kwargs)
        return MappedFile(open(self._fpath(name), "rb"), name=name, **kwargs)  # closed with the MappedFile


class MappedFile(StructFile):
    """A compound file; the files inside it are views of its memory map."""

    def __init__(self, handle, name=None, onclose=None) -> None:
        super().__init__(handle, name=name, onclose=onclose)
        self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)

    def subset(self, offset, length, name=None):
        return ViewFile(memoryview(self._map)[offset : offset + length], name=name or self._name)


class ViewFile(BufferFile):
    """Whoosh's ``BufferFile``, minus the copy of the whole buffer its ``BytesIO`` makes."""

    def __init__(self, view: memoryview, name=None, onclose=None) -> None:
        self._buf, self._name, self.onclose = view, name, onclose
        self.file = io.BufferedReader(_ViewReader(view))
        self.is_real = False
        self.is_closed = False


class _ViewReader(io.RawIOBase):
    def __init__(self, view: memoryview) -> None:
        self._view, self._pos = view, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        size = max(0, min(len(buffer), len(self._view) - self._pos))
        buffer[:size] = self._view[self._pos : self._pos + size]
        self._pos += size
        return size

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: len(self._view)}[whence]
        self._pos = base + offset
        return self._pos

    def tell(self) -> int:
        return self._pos
