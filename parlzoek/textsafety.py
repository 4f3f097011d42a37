"""Document text is data, never markup or terminal commands.

Parliamentary text may hold anything a PDF or an export carried: square brackets that rich
would read as markup, ANSI/OSC escape sequences, bidi overrides that reorder what a reader
sees. Every renderer passes text through here first.
"""

from __future__ import annotations

import json
import re
from typing import Any

_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: titles, hyperlinks
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC
    r"|\x1b[@-Z\\-_]?"  # any other escape
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
_LINE_SEPARATORS = str.maketrans({"\x85": "\n", "\u2028": "\n", "\u2029": "\n"})  # as a terminal won't show them
_C1_AND_BIDI = "\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069"  # DEL, C1 controls, bidi marks and overrides
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f{_C1_AND_BIDI}]")


def strip_controls(text: str) -> str:
    """Remove escape sequences, control and bidi-override characters; keep newlines and tabs.

    >>> strip_controls("Vlaams\\x1b[31m Parlement\\x1b]0;pwned\\x07")
    'Vlaams Parlement'
    """
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text.translate(_LINE_SEPARATORS)))


_BRACKET = re.compile(r"(\\*)\[")
_RICH_TAG = re.compile(r"\[[a-z#/@][^[]*?]")  # what rich reads as a tag (its RE_TAGS)
_TRAILING_BACKSLASHES = re.compile(r"(\\+)$")


def for_rich(text: str | None) -> str:
    r"""Safe to hand to rich as markup: controls gone, brackets escaped.

    rich's own ``escape`` only escapes brackets that look like tags, but its renderer also takes
    a backslash before any other bracket as an escape (``\[`` showed as ``[``). So each bracket
    is written for what rich will do with it: before a tag-like one, its backslashes doubled and
    one added; before another, one backslash more where there are any. Backslashes at the end
    are doubled, for the tag the caller closes with.

    >>> print(for_rich(r"[bold] a\[1] b\[x"))
    \[bold] a\\[1] b\\[x
    """
    return _TRAILING_BACKSLASHES.sub(r"\1\1", _BRACKET.sub(_escaped_bracket, strip_controls(text or "")))


def _escaped_bracket(found: re.Match[str]) -> str:
    backslashes = found.group(1)
    if _RICH_TAG.match(found.string, found.end() - 1):
        return f"{backslashes}{backslashes}\\["
    return f"{backslashes}\\[" if backslashes else "["


_UNSAFE_IN_JSON = re.compile(f"[{_C1_AND_BIDI}\u2028\u2029]")


def to_json(data: Any, **options: Any) -> str:
    """JSON that is safe to print and to read line by line: characters that end a line for some
    readers (U+0085, U+2028) or steer a terminal (C1 controls, bidi overrides) are written as
    ``\\uXXXX`` escapes. The data is unchanged, only its spelling; other text stays readable UTF-8.
    """
    text = json.dumps(data, ensure_ascii=False, **options)
    return _UNSAFE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
