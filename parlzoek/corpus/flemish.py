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
from parlzoek.corpus.markers import starts_with_marker
from parlzoek.corpus.models import Sibling
from parlzoek.corpus.names import function_text, person_name
from parlzoek.corpus.tables import mark_cell_gaps
from parlzoek.corpus.textclean import HyphenHints, collapse_spaces, normalize, strip_page_furniture, unwrap

_DATE = DUTCH_DATE.pattern
_CAPS_WORD = r"(?:['’](?=[A-Z]))?[A-ZÀ-Þ][A-ZÀ-Þ'’\-]*\b"  # "VAN 'T HOF"
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
# "[Deze vraag werd gesteld aan de ministers Jan Jambon (142), Hilde Crevits (256), …]", possibly
# wrapped over lines, with or without its brackets: it ends at "]" or at the paragraph's end.
_SIBLINGS = re.compile(
    r"\[?[^\S\n]*Deze\s+vraag\s+werd\s+(?:ook\s+)?gesteld\s+aan\s+(?:de\s+)?(?:volgende\s+)?ministers?\s*:?"
    r"(?P<list>(?:[^\]\n]|\n(?![^\S\n]*\n))*)\]?",
    re.IGNORECASE,
)
_SIBLING = re.compile(r"(?P<name>[^,;()\[\]]+?)\s*\(\s*(?:nr\.?\s*)?(?P<number>\d{1,6})\s*\)")
# Signals of a subject that runs on over the next line: it ends in a word that cannot end a
# subject, a hyphen or a comma, or the next line starts in lower case.
_RUNS_ON_WORDS = {"de", "het", "een", "van", "en", "in", "op", "voor", "met", "aan", "bij", "tot", "naar", "over",
                  "om", "te", "door", "uit", "tussen", "of", "na", "per", "rond", "zonder", "tegen", "via", "onder",
                  "binnen", "buiten", "inzake", "omtrent", "sinds", "vanaf", "der", "den"}  # fmt: skip
_FULL_LINE = 0.75  # of the document's longest line: a line this long may have been wrapped
_MAX_SUBJECT_LINES = 4
_MAX_SUBJECT_LINE = 160


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
    topic: str | None = None
    siblings: tuple[Sibling, ...] = ()
    warnings: list[str] = field(default_factory=list)


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


def _subject_like(line: str) -> bool:
    """A line that could be (part of) a subject: not a numbered item, not a sentence's end."""
    return (
        bool(line)
        and len(line) <= _MAX_SUBJECT_LINE
        and not starts_with_marker(line)
        and line[-1] not in ".?!:;"
        and (line[0].isupper() or line[0].isdigit() or line[0] in "'‘\"“")
    )


def _runs_on(previous: str, line: str, width: int) -> bool:
    """Whether a subject that has ``previous`` as its last line so far goes on with ``line``."""
    if not line or starts_with_marker(line) or len(line) > _MAX_SUBJECT_LINE:
        return False
    last_word = previous.rsplit(" ", 1)[-1].lower()
    if previous[-1] in "-–,/" or last_word in _RUNS_ON_WORDS or line[0].islower():
        return True
    # A wrapped line is a full one; the subject's last line is shorter, prose's first is full.
    full = _FULL_LINE * width
    return len(previous) >= full and len(line) < full and line[-1] not in ".?!:;"


@dataclass(slots=True)
class _Subject:
    topic: str | None
    subject: str
    end: int  # offset in the text where the question's prose starts


def _lines_with_offsets(text: str) -> list[tuple[str, int]]:
    found, offset = [], 0
    for raw in text.split("\n"):
        found.append((raw.strip(), offset + len(raw) + 1))
        offset += len(raw) + 1
    return found


def _subject_lines(lines: list[tuple[str, int]], first: int, bold: frozenset[str], width: int) -> int:
    """Index past the last line of the subject that starts at ``lines[first]``."""
    if bold and collapse_spaces(lines[first][0]) in bold:  # the font says it: the subject is bold
        end = first
        while end < len(lines) and lines[end][0] and collapse_spaces(lines[end][0]) in bold:
            end += 1
        return end
    blank = next((k for k in range(first, min(len(lines), first + _MAX_SUBJECT_LINES + 1)) if not lines[k][0]), None)
    if blank is not None and all(_subject_like(lines[k][0]) for k in range(first, blank)):
        return blank  # extraction kept the blank line that ends the subject
    end = first + 1
    while end < len(lines) and end - first < _MAX_SUBJECT_LINES and _runs_on(lines[end - 1][0], lines[end][0], width):
        end += 1
    return end


def _has_topic(lines: list[tuple[str, int]], nonblank: list[int], bold: frozenset[str], width: int) -> bool:
    """The first line is the topic when a subject line follows that does not continue it."""
    if len(nonblank) < 2:
        return False
    topic, first = lines[nonblank[0]][0], lines[nonblank[1]][0]
    return _subject_like(first) and (collapse_spaces(first) in bold or not _runs_on(topic, first, width))


def _subject(text: str, bold: frozenset[str], width: int, with_topic: bool = True) -> _Subject:
    """The topic line (official layout) and the subject after it, however many lines it wraps over."""
    lines = _lines_with_offsets(text)
    nonblank = [k for k, (line, _) in enumerate(lines) if line]
    if not nonblank or not _subject_like(lines[nonblank[0]][0]):
        return _Subject(None, "", 0)
    topic = None
    first = nonblank[0]
    if with_topic and _has_topic(lines, nonblank, bold, width):
        topic, first = collapse_spaces(lines[first][0]), nonblank[1]
    end = _subject_lines(lines, first, bold, width)
    return _Subject(topic, collapse_spaces(" ".join(_joined_subject(lines[first:end]))), lines[end - 1][1])


def _joined_subject(lines: list[tuple[str, int]]) -> list[str]:
    """Subject lines, a word split over two of them joined again (``warmte-`` + ``pompen``)."""
    joined: list[str] = []
    for line, _ in lines:
        if joined and re.search(r"[^\W\d_]-$", joined[-1]) and line[:1].islower():
            joined[-1] = joined[-1][:-1] + line
        else:
            joined.append(line)
    return joined


def _siblings(text: str) -> tuple[str, tuple[Sibling, ...]]:
    """The question without its "[Deze vraag werd gesteld aan de ministers …]" line, and the
    (minister, number) pairs that line names."""
    match = _SIBLINGS.search(text)
    if not match:
        return text, ()
    pairs = []
    for pair in _SIBLING.finditer(match.group("list")):
        name = re.sub(r"^(?:en|and)\s+", "", collapse_spaces(pair.group("name")).strip(" .…"), flags=re.IGNORECASE)
        if name:
            pairs.append(Sibling(minister=person_name(name) or name, number=int(pair.group("number"))))
    if not pairs:
        return text, ()
    return text[: match.start()] + text[match.end() :], tuple(pairs)


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


def _parse_official(text: str, header: re.Match[str], hints: HyphenHints, bold: frozenset[str]) -> ParsedText:
    parsed = ParsedText(title="", question="", answer=None, number=int(header.group("number")))
    parsed.asker = person_name(header.group("asker"))
    _with_date(parsed, header.group("date"))
    rest = text[header.end() :]
    block, block_end = _caps_block_after(rest)
    parsed.minister, parsed.minister_function = _split_minister(block)
    found = _subject(rest[block_end:], bold, _width(text))
    parsed.topic = found.topic
    parsed.title = f"{found.topic} - {found.subject}" if found.topic and found.subject else found.subject
    body = rest[block_end + found.end :]
    question_end = _answer_part(body, parsed, hints)
    question, parsed.siblings = _siblings(body[:question_end])
    parsed.question = unwrap(question, hints)
    if not found.subject:
        parsed.warnings.append("no subject found after the minister's name; title left empty")
    return parsed


def _parse_export(text: str, hints: HyphenHints) -> ParsedText:
    text = text.strip()
    found = _subject(text, frozenset(), _width(text), with_topic=False)
    end = found.end if found.subject else len(text.partition("\n")[0]) + 1
    parsed = ParsedText(title=found.subject or collapse_spaces(text.partition("\n")[0]), question="", answer=None)
    rest = text[end:]
    question_end = _answer_part(rest, parsed, hints)
    question, parsed.siblings = _siblings(rest[:question_end])
    parsed.question = unwrap(question, hints)
    if parsed.answer is None:
        parsed.warnings.append(
            "layout not recognised (no 'SCHRIFTELIJKE VRAAG' or 'ANTWOORD op vraag nr.' header): "
            "first line taken as title, the rest as question"
        )
    return parsed


def _width(text: str) -> int:
    """The longest line: about the width of the page's text, in characters."""
    return max((len(line) for line in text.split("\n")), default=0)


def parse_text(text: str, bold: frozenset[str] = frozenset()) -> ParsedText:
    """Parse one document's text; never raises, and says in ``warnings`` what it had to guess.

    ``bold`` holds the lines a PDF sets in a bold font (``pdf.bold_lines``), one space between
    words: where given, the subject is the bold lines after the topic.
    """
    text = strip_page_furniture(normalize(mark_cell_gaps(text)))
    hints = HyphenHints(text)
    header = _QUESTION_HEADER.search(text)
    if header and not text[: header.start()].strip():
        return _parse_official(text, header, hints, bold)
    return _parse_export(text, hints)
