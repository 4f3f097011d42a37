"""Document text is data, never markup or terminal commands.

Parliamentary text may hold anything a PDF or an export carried: square brackets that rich
would read as markup, ANSI/OSC escape sequences, bidi overrides that reorder what a reader
sees. Every renderer passes text through here first.
"""

from __future__ import annotations

import re

_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: titles, hyperlinks
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC
    r"|\x1b[@-Z\\-_]?"  # any other escape
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def strip_controls(text: str) -> str:
    """Remove escape sequences, control and bidi-override characters; keep newlines and tabs.

    >>> strip_controls("Vlaams\\x1b[31m Parlement\\x1b]0;pwned\\x07")
    'Vlaams Parlement'
    """
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))


def for_rich(text: str | None) -> str:
    """Safe to hand to rich as markup: controls gone, brackets escaped."""
    from rich.markup import escape

    return escape(strip_controls(text or ""))
