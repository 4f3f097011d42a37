"""Undo what PDF text extraction does to prose: hard line breaks, words split at a line end, odd spaces.

Paragraphs come back separated by one blank line, each on a single line, so that later
stages (passage splitting, highlighting) see the text a person would read.
"""

from __future__ import annotations

import re
import unicodedata

from parlzoek.corpus.markers import starts_with_marker
from parlzoek.corpus.tables import table_rows

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_LINE_BREAKS = str.maketrans({"\r": "\n", "\f": "\n", "\v": "\n", "\u2028": "\n", "\u2029": "\n"})
_SPACES = re.compile(r"[^\S\n]+")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_SPLIT_END = re.compile(r"([\w'’]+)-$")
_NEXT_WORD = re.compile(r"^([^\W_][\w'’]*)")
# A lettered sub-part ("a) in het basisonderwijs;") or a bullet: a line of its own in its paragraph.
_SUB_PART = re.compile(r"^(?:[-•▪●◦*–]|\(?[a-z]\)|[ivx]{1,4}\))\s")
# Page furniture of the parliament's PDFs: the address footer, a page number on its own line,
# a running header that ends in its page count ("SV 147 (2023-2024) - pagina 2 van 3").
_FOOTER = re.compile(r"(?i)\bleuvenseweg\b|\bvlaamsparlement\.be\b")
_PAGE_NUMBER = re.compile(r"(?i)^(?:(?:pagina|blz\.?|p\.)\s*)?\d{1,3}(?:\s*(?:/|van)\s*\d{1,3})?$")
_PAGE_HEADER = re.compile(r"(?i)\b(?:pagina|blz\.?|p\.)\s*\d{1,3}\s*(?:/|van)\s*\d{1,3}$")
_MAX_FURNITURE = 120
# A number on its own line after "nr." is the question's number, broken off by extraction.
_NUMBER_CALLED_FOR = re.compile(r"(?i)\bnr\.?\s*$")
_HEADING_SHARE = 0.5  # of the longest line
_HEADING_WORDS = 6
_VOWELS = set("aeiouyàáâäèéêëìíîïòóôöùúûü")
_ELLIPSIS_CONJUNCTIONS = {"en", "of", "noch", "en/of", "tot", "als"}


def normalize(text: str) -> str:
    """NFC, one kind of line break and of space, no invisible hyphens: the base every parser starts from."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    text = text.translate(_LINE_BREAKS).translate(_INVISIBLE)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def is_page_furniture(line: str) -> bool:
    """A page's footer, running header or page number (see ``_FOOTER`` and its neighbours)."""
    line = line.strip()
    if not line or len(line) > _MAX_FURNITURE:
        return False
    return bool(_FOOTER.search(line) or _PAGE_NUMBER.match(line) or _PAGE_HEADER.search(line))


def strip_page_furniture(text: str) -> str:
    """Drop page footers, running headers and page numbers with the blank lines around them, so
    that a sentence running over a page break runs on; one that ended before it still ends
    its paragraph there.

    >>> strip_page_furniture("De opsplitsing per\\n\\nVlaams Parlement - Leuvenseweg 86\\n2\\n\\nprovincie.")
    'De opsplitsing per\\nprovincie.'
    """
    lines = text.split("\n")
    if not any(is_page_furniture(line) for line in lines):
        return text
    kept: list[str] = []
    dropped = False
    for line in lines:
        if is_page_furniture(line) and not _NUMBER_CALLED_FOR.search(_last_text(kept)):
            dropped = True
            while kept and not kept[-1].strip():
                kept.pop()
            continue
        if dropped and not line.strip():
            continue
        if dropped and kept and kept[-1].rstrip()[-1:] in (".", "?", "!", ":"):
            kept.append("")
        dropped = False
        kept.append(line)
    return "\n".join(kept)


def _last_text(lines: list[str]) -> str:
    return next((line for line in reversed(lines) if line.strip()), "")


def collapse_spaces(text: str) -> str:
    """One line, single spaces: for titles, names and other one-line fields."""
    return " ".join(text.split())


class HyphenHints:
    """What the rest of a document says about a word split at a line end.

    A hyphenated form written elsewhere (``economie-ondernemingen``) says the hyphen is real;
    the joined form written elsewhere (``doelgroepwerknemers``) says it was only a line break.
    """

    def __init__(self, text: str) -> None:
        unbroken = re.sub(r"-\n", " ", text.lower())
        self.words = set(_WORD.findall(unbroken))

    def keep_hyphen(self, left: str, right: str) -> bool:
        joined_with, joined_without = f"{left}-{right}".lower(), f"{left}{right}".lower()
        if joined_with in self.words:
            return True
        if joined_without in self.words:
            return False
        return _spelling_keeps_hyphen(left, right)


def _spelling_keeps_hyphen(left: str, right: str) -> bool:
    """Dutch spelling: a compound keeps its hyphen after an abbreviation or a number, before a
    capital, and where two vowels would clash (``zee-egel``, ``economie-ondernemingen``)."""
    if any(ch.isdigit() for ch in left) or (len(left) > 1 and left.isupper()) or left[-1].isupper():
        return True
    if right[:1].isupper() or right[:1].isdigit():
        return True
    return left[-1].lower() in _VOWELS and right[:1].lower() in _VOWELS


def _join(previous: str, line: str, hints: HyphenHints) -> str:
    split = _SPLIT_END.search(previous)
    following = _NEXT_WORD.match(line)
    if split and following:
        if following.group(1).lower() in _ELLIPSIS_CONJUNCTIONS:
            return f"{previous} {line}"  # "land- en tuinbouw": the hyphen stands before a space
        if hints.keep_hyphen(split.group(1), following.group(1)):
            return previous + line
        return previous[:-1] + line
    return f"{previous} {line}"


def _is_heading(paragraph: list[str], line: str, width: int) -> bool:
    """A paragraph of one short line that ends no sentence, before a capital: a heading
    (``Situatieschets``), not the start of a wrapped sentence, which fills its line."""
    (only, *more) = paragraph
    return (
        not more
        and len(only) < _HEADING_SHARE * width
        and len(only.split()) <= _HEADING_WORDS
        and only[-1] not in ".?!:;,-–"
        and only[:1].isupper()
        and line[:1].isupper()
    )


def _starts_block(line: str) -> bool:
    return starts_with_marker(line)


def unwrap(text: str, hints: HyphenHints | None = None) -> str:
    """Join hard-wrapped lines into paragraphs; numbered items start a new paragraph, lettered
    sub-parts, bullets and table rows (``tables``) a new line inside theirs.

    >>> unwrap("Via de ESF-\\ntender en de doelgroep-\\nwerknemers:\\na) hier;\\nb) daar.\\n2. Idem.")
    'Via de ESF-tender en de doelgroepwerknemers:\\na) hier;\\nb) daar.\\n\\n2. Idem.'
    """
    text = normalize(text)
    hints = hints or HyphenHints(text)
    lines = text.split("\n")
    rows = table_rows(lines)
    width = max(map(len, lines), default=0)
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for i, line in enumerate(lines):
        if not line:
            if current:
                paragraphs.append(current)
            current = []
        elif i in rows:
            current.append(rows[i])
        elif current and (i - 1) in rows:
            paragraphs.append(current)  # prose after a table starts a paragraph of its own
            current = [line]
        elif current and _SUB_PART.match(line):
            current.append(line)
        elif current and not _starts_block(line) and not _is_heading(current, line, width):
            current[-1] = _join(current[-1], line, hints)
        else:
            if current:
                paragraphs.append(current)
            current = [line]
    if current:
        paragraphs.append(current)
    return "\n\n".join("\n".join(paragraph) for paragraph in paragraphs)
