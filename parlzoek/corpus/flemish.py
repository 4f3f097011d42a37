"""Parse the text of a Flemish Parliament written question (schriftelijke vraag) with its answer.

Two layouts are known. The text-export layout of the sample starts with the title, then the
question, the minister's name and function in capitals, ``ANTWOORD op vraag nr. N van DATUM``
and the answer. The official combined PDF opens with ``SCHRIFTELIJKE VRAAG nr. N van ASKER
datum: DATUM``, the minister, the subject, the question, then the same answer part, with
``van ASKER`` after the date. PDF extraction may break lines anywhere between those words, so
headers are matched on the text with any whitespace between words. Anything else becomes a
best-effort record and a warning; parsing never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parlzoek.corpus.dates import DUTCH_DATE, parse_dutch_date, session_year
from parlzoek.corpus.textclean import HyphenHints, collapse_spaces, normalize, unwrap

_DATE = DUTCH_DATE.pattern
_CAPS_WORD = r"[A-ZÀ-Þ][A-ZÀ-Þ'’\-]*\b"
_QUESTION_HEADER = re.compile(
    rf"SCHRIFTELIJKE\s+VRAAG\s+nr\.?\s*(?P<number>\d+)\s+van\s+(?P<asker>.+?)\s+datum\s*:\s*(?P<date>{_DATE})",
    re.DOTALL,
)
_ANSWER_HEADER = re.compile(
    rf"\b(?i:ANTWOORD\s+op\s+vraag\s+nr)\.?\s*(?P<number>\d+)\s+van\s+(?P<date>(?i:{_DATE}))"
    rf"(?:\s+van\s+(?P<asker>{_CAPS_WORD}(?:\s+{_CAPS_WORD})*))?"
)
_CAPS_TOKEN = re.compile(r"^[^a-zß-ÿ]*[A-ZÀ-Þ][^a-zß-ÿ]*$")
_NAME_TOKEN = re.compile(r"^[A-ZÀ-Þ][A-ZÀ-Þ'’\-]*$")
_FUNCTION_START = re.compile(
    r"\b(?:VICE-?MINISTER-PRESIDENT|MINISTER-PRESIDENT|VLAAMS\s+MINISTER|MINISTER|STAATSSECRETARIS)\b"
)
_PROPER_IN_FUNCTIONS = re.compile(r"\b(vlaamse regering|vlaams|vlaamse|vlaanderen|brussel|brusselse|europese)\b")


@dataclass(slots=True)
class ParsedText:
    """What the text of one document said; ``warnings`` explain any guess the parser had to make."""

    title: str
    question: str
    answer: str | None
    number: int | None = None
    date: str | None = None
    session_year: str | None = None
    minister: str | None = None
    minister_function: str | None = None
    asker: str | None = None
    warnings: list[str] = field(default_factory=list)


def person_name(caps: str | None) -> str | None:
    """``KURT DE LOOR`` → ``Kurt De Loor``: Flemish surnames keep their particles capitalised."""
    if not caps or not caps.strip():
        return None
    name = collapse_spaces(caps)
    return name.title() if name.isupper() else name


def function_text(caps: str) -> str:
    """Capitals shout; keep the function readable and its proper nouns capitalised."""
    text = collapse_spaces(caps).lower()
    text = _PROPER_IN_FUNCTIONS.sub(lambda m: m.group(0).title(), text)
    return text[:1].upper() + text[1:]


def _caps_block_before(text: str) -> tuple[int, str]:
    """The run of capitalised words that ends ``text`` (the minister's name and function)."""
    tokens = list(re.finditer(r"\S+", text))
    first = len(tokens)
    while first > 0 and _CAPS_TOKEN.match(tokens[first - 1].group()):
        first -= 1
    while first < len(tokens) and not _NAME_TOKEN.match(tokens[first].group()):
        first += 1  # a question ending in "(VDAB)?" is not part of the name
    if first == len(tokens):
        return len(text), ""
    return tokens[first].start(), text[tokens[first].start() :]


def _caps_block_after(text: str) -> tuple[str, int]:
    tokens = list(re.finditer(r"\S+", text))
    last = 0
    while last < len(tokens) and _CAPS_TOKEN.match(tokens[last].group()):
        last += 1
    end = tokens[last - 1].end() if last else 0
    return text[:end], end


def _split_minister(block: str) -> tuple[str | None, str | None]:
    block = block.strip()
    if not block:
        return None, None
    match = _FUNCTION_START.search(block)
    if match and match.start() > 0:
        return person_name(block[: match.start()]), function_text(block[match.start() :])
    if match:
        return None, function_text(block)
    name, _, rest = block.partition("\n")
    return person_name(name), (function_text(rest) if rest.strip() else None)


def _subject(text: str) -> tuple[str, int]:
    """The subject after the minister: up to two short lines (topic, subtopic), ended by a blank line."""
    lines, offset = [], 0
    for raw in text.split("\n"):
        line = raw.strip()
        if not line and lines:
            offset += len(raw) + 1
            break
        if line:
            if len(lines) == 2 or len(line) > 100 or line[-1] in ".?!:;," or not line[0].isupper():
                break
            lines.append(line)
        offset += len(raw) + 1
    return " - ".join(lines), min(offset, len(text))


def _with_date(parsed: ParsedText, date_text: str) -> None:
    day = parse_dutch_date(date_text)
    if day:
        parsed.date = day.isoformat()
        parsed.session_year = session_year(day)


def _asker_and_answer_start(header: re.Match[str]) -> tuple[str | None, int]:
    """A name wrapped over two lines continues on the next; a complete one ends its line (the
    answer may well open with a capitalised abbreviation such as ``VDAB``)."""
    asker = header.group("asker")
    if not asker:
        return None, header.end()
    first_line = asker.split("\n", 1)[0]
    if "\n" in asker and len(first_line.split()) >= 2:
        return first_line, header.start("asker") + len(first_line)
    return asker, header.end()


def _answer_part(text: str, parsed: ParsedText, hints: HyphenHints) -> int:
    """Fill number, date, asker, minister and answer from the answer header; return where the question ends."""
    header = _ANSWER_HEADER.search(text)
    if not header:
        return len(text)
    parsed.number = parsed.number or int(header.group("number"))
    if not parsed.date:
        _with_date(parsed, header.group("date"))
    asker, answer_start = _asker_and_answer_start(header)
    parsed.asker = parsed.asker or person_name(asker)
    parsed.answer = unwrap(text[answer_start:], hints)
    block_start, block = _caps_block_before(text[: header.start()])
    minister, function = _split_minister(block)
    parsed.minister = parsed.minister or minister
    parsed.minister_function = parsed.minister_function or function
    return block_start


def _parse_official(text: str, header: re.Match[str], hints: HyphenHints) -> ParsedText:
    parsed = ParsedText(title="", question="", answer=None, number=int(header.group("number")))
    parsed.asker = person_name(header.group("asker"))
    _with_date(parsed, header.group("date"))
    rest = text[header.end() :]
    block, block_end = _caps_block_after(rest)
    parsed.minister, parsed.minister_function = _split_minister(block)
    title, title_end = _subject(rest[block_end:])
    parsed.title = title
    body = rest[block_end + title_end :]
    question_end = _answer_part(body, parsed, hints)
    parsed.question = unwrap(body[:question_end], hints)
    if not title:
        parsed.warnings.append("no subject found after the minister's name; title left empty")
    return parsed


def _parse_export(text: str, hints: HyphenHints) -> ParsedText:
    first_line, _, rest = text.strip().partition("\n")
    parsed = ParsedText(title=collapse_spaces(first_line), question="", answer=None)
    question_end = _answer_part(rest, parsed, hints)
    parsed.question = unwrap(rest[:question_end], hints)
    if parsed.answer is None:
        parsed.warnings.append(
            "layout not recognised (no 'SCHRIFTELIJKE VRAAG' or 'ANTWOORD op vraag nr.' header): "
            "first line taken as title, the rest as question"
        )
    return parsed


def parse_text(text: str) -> ParsedText:
    """Parse one document's text; never raises, and says in ``warnings`` what it had to guess."""
    text = normalize(text)
    hints = HyphenHints(text)
    header = _QUESTION_HEADER.search(text)
    if header and not text[: header.start()].strip():
        return _parse_official(text, header, hints)
    return _parse_export(text, hints)
