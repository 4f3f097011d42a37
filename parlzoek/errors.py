"""Domain exceptions: each carries a message meant for people, turned into an exit code at the CLI edge."""


class ParlzoekError(Exception):
    """Base of every error parlzoek reports to a user instead of a traceback."""

    exit_code = 1
    hint: str | None = None

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        if hint is not None:
            self.hint = hint


class SourceError(ParlzoekError):
    """A source (file, record, line) could not be read; the loader turns it into a reported problem."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


class IndexMissingError(ParlzoekError):
    """No index at the given location."""


class IndexMismatchError(ParlzoekError):
    """The index was built by an analyzer or schema other than this version's."""


class IndexLockedError(ParlzoekError):
    """Another process is writing the index."""


class IndexDamagedError(ParlzoekError):
    """The index cannot be opened or read."""


class IndexWriteError(ParlzoekError):
    """Writing the index failed (disk full, permissions); the index as it was is kept."""


class Interrupted(ParlzoekError):
    """The user pressed Ctrl-C; what was being written is discarded, the index as it was is kept."""

    exit_code = 130


class QueryError(ParlzoekError):
    """A query that cannot be run: empty, only stop words, or not understood.

    ``dutch`` says the same (hint included) for the web page, whose interface is Dutch; the CLI
    speaks English. Where it is missing the page shows the English message."""

    exit_code = 2
    dutch: str | None = None

    def __init__(self, message: str, hint: str | None = None, *, dutch: str | None = None) -> None:
        super().__init__(message, hint)
        if dutch is not None:
            self.dutch = dutch


class NothingToSearchError(QueryError):
    """A query of stop words or exclusions only: nothing it would keep."""


class MissingExtraError(ParlzoekError):
    """A command needs an optional extra that is not installed; the message says what to install."""

    exit_code = 2


class UsageError(ParlzoekError):
    """Options that contradict each other or an input file in the wrong shape."""

    exit_code = 2


class NothingToIndexError(ParlzoekError):
    """No source could be read: a mistyped path, a folder without sources; no index was created or changed."""


_WHY_NOT = {
    IsADirectoryError: "it is a folder",
    NotADirectoryError: "a part of the path is not a folder",
    PermissionError: "permission denied",
    FileExistsError: "a file is in the way",
}


def os_reason(exc: OSError, *, writing: bool = False) -> str:
    """Why a user-given path could not be read or written, in words (not ``[Errno 21] …``)."""
    if isinstance(exc, FileNotFoundError):
        return "no such directory" if writing else "no such file"
    why = next((text for kind, text in _WHY_NOT.items() if isinstance(exc, kind)), None)
    return why or exc.strerror or str(exc)


def cannot_write(path: object, exc: OSError) -> UsageError:
    """The one-line error for a user-given path that cannot be written (``--output``, ``--into``,
    ``--index``): a usage error, since the path is what the user typed, named with the reason."""
    return UsageError(f"cannot write {path}: {os_reason(exc, writing=True)}")
