"""Whoosh's snippet formatter, made safe for HTML: Whoosh passes the text between hits through
``Formatter._text``, a private hook, which is why this lives in the engine."""

from __future__ import annotations

import html

from whoosh.highlight import Formatter, get_text

from parlzoek.textsafety import strip_controls


class MarkFormatter(Formatter):
    """Whoosh formatter for snippets: text HTML-escaped (and free of control characters), hits in ``<mark>``."""

    between = " … "

    def _text(self, text: str) -> str:
        return html.escape(strip_controls(text), quote=False)

    def format_token(self, text: str, token, replace: bool = False) -> str:
        return f"<mark>{self._text(get_text(text, token, replace))}</mark>"
