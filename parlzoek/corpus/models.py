"""The records every later stage works on: documents, their passages, and what went wrong reading them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from parlzoek.errors import SourceError


@dataclass(frozen=True, slots=True)
class Passage:
    """One numbered sub-question with its answer: the unit a reader wants to see for a hit.

    Offsets point into the owning document's ``question`` and ``answer`` strings, so a
    highlighter or a reader can always go back to the full text:
    ``document.question[question_start:question_end] == passage.question``.
    """

    doc_id: str
    n: int
    question: str
    answer: str
    question_start: int
    question_end: int
    answer_start: int
    answer_end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Sibling:
    """The same written question put to another minister: its number runs per minister."""

    minister: str
    number: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


MAX_NUMBER = 2**32 - 1  # stored in 32 bits; question numbers run to a few thousand a session


@dataclass(frozen=True, slots=True)
class Document:
    """A written question with its answer (``None`` while unanswered) and its metadata."""

    id: str
    title: str
    question: str
    answer: str | None
    number: int | None = None
    date: str | None = None
    session_year: str | None = None
    minister: str | None = None
    minister_function: str | None = None
    asker: str | None = None
    party: str | None = None  # the asker's party or parliamentary group, as the source spells it
    themes: tuple[str, ...] = ()
    topic: str | None = None  # the line above the subject in the official layout ("Kabinetten")
    siblings: tuple[Sibling, ...] = ()  # every minister the question was put to, with its number there
    source: str | None = None
    source_line: int | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    passages: tuple[Passage, ...] = ()

    def __post_init__(self) -> None:
        if self.number is not None and not 0 <= self.number <= MAX_NUMBER:
            raise SourceError(f"question number {self.number} is out of range (0 to {MAX_NUMBER})")

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["themes"] = list(self.themes)
        data["siblings"] = [s.to_dict() for s in self.siblings]
        data["passages"] = [p.to_dict() for p in self.passages]
        return data


@dataclass(frozen=True, slots=True)
class ReadWarning:
    """A reader's word that it used a fallback; the loader adds the source and reports it."""

    message: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """Something in a source that was skipped (a problem) or read with a fallback (a warning)."""

    source: str
    message: str
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "line": self.line, "message": self.message}

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.message}"
