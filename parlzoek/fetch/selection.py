"""Turn ``--session-year``, ``--legislature`` and ``--from/--to`` into search selections.

Date bounds are only used when a selection reaches the search cap and must be split: they are
derived from the labels (a session year opens on the fourth Monday of September; a legislature
runs from one June election to the next), widened by a year because answers are published
after the question's session closes. Hits are then kept by their own ``zittingsjaar`` or
``legislatuur`` metatag.
"""

from __future__ import annotations

import datetime as dt
import re

from parlzoek.corpus.dates import fourth_monday_of_september
from parlzoek.errors import UsageError
from parlzoek.fetch.search import Hit, Selection, date_range

_YEARS = re.compile(r"^(\d{4})-(\d{4})$")
PUBLICATION_LAG = dt.timedelta(days=365)


def _years(label: str, option: str) -> tuple[int, int]:
    match = _YEARS.match(label.strip())
    if not match or int(match.group(2)) <= int(match.group(1)):
        raise UsageError(f"{option} wants two years like 2016-2017, not {label!r}")
    return int(match.group(1)), int(match.group(2))


def _tag_is(name: str, value: str):
    def keep(hit: Hit) -> bool:
        return hit.first(name) in (None, value)

    return keep


def session_year(label: str) -> Selection:
    first, second = _years(label, "--session-year")
    if second != first + 1:
        raise UsageError(f"a session year spans two consecutive years (2016-2017), not {label!r}")
    label = f"{first}-{second}"
    start = fourth_monday_of_september(first)
    end = fourth_monday_of_september(second) - dt.timedelta(days=1) + PUBLICATION_LAG
    return Selection(f"session year {label}", f"+inmeta:zittingsjaar={label}", _tag_is("zittingsjaar", label),
                     start, end)  # fmt: skip


def legislature(label: str) -> Selection:
    first, second = _years(label, "--legislature")
    label = f"{first}-{second}"
    start, end = dt.date(first, 6, 1), dt.date(second, 6, 30) + PUBLICATION_LAG
    return Selection(f"legislature {label}", f"+inmeta:legislatuur={label}", _tag_is("legislatuur", label),
                     start, end)  # fmt: skip


def date_span(start: dt.date, end: dt.date) -> Selection:
    if end < start:
        raise UsageError(f"--to {end} is before --from {start}")
    return Selection(f"{start}..{end}", date_range(start, end), lambda hit: True, start, end)


def selections(
    session_years: list[str], legislatures: list[str], start: dt.date | None, end: dt.date | None
) -> list[Selection]:
    chosen = [session_year(s) for s in session_years] + [legislature(label) for label in legislatures]
    if start or end:
        chosen.append(date_span(start or dt.date(1995, 1, 1), end or dt.date.today()))
    if not chosen:
        raise UsageError("say what to fetch: --session-year 2016-2017, --legislature 2019-2024, or --from/--to")
    return chosen
