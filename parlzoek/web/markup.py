"""Document text as HTML: escaped, control characters stripped, the query's hits in ``<mark>``."""

from __future__ import annotations

import html

from markupsafe import Markup

from parlzoek.textsafety import strip_controls

FIRST_HIT = "treffer"  # the id of the first hit on a document page: /doc/…#treffer scrolls to it


def _escaped(text: str) -> str:
    return html.escape(strip_controls(text), quote=False)


class HitMarker:
    """Marks the hits of one page's texts; the first hit marked gets the ``FIRST_HIT`` id (none
    where ``anchor`` is false: a page of results has no first hit to scroll to)."""

    def __init__(self, anchor: bool = True) -> None:
        self.first_done = not anchor

    def mark(self, text: str, spans) -> Markup:
        """``text`` as HTML with the character ``spans`` (start, end) in ``<mark>``."""
        out, at = [], 0
        for start, end in sorted(spans):
            if start < at:  # overlapping spans: the earlier one already covers it
                continue
            out.append(_escaped(text[at:start]))
            anchor = "" if self.first_done else f' id="{FIRST_HIT}"'
            self.first_done = True
            out.append(f"<mark{anchor}>{_escaped(text[start:end])}</mark>")
            at = end
        out.append(_escaped(text[at:]))
        return Markup("".join(out))
