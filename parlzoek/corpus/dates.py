"""Dutch dates as parliamentary documents write them, and the Flemish session year they fall in."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6,
    "juli": 7, "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip

MONTH_PATTERN = "|".join(MONTHS)
DUTCH_DATE = re.compile(rf"(\d{{1,2}})\s+({MONTH_PATTERN})\s+(\d{{4}})", re.IGNORECASE)


def parse_dutch_date(text: str) -> dt.date | None:
    """Read the first ``8 juni 2017``-style date in ``text``; ``None`` if there is none or it is impossible.

    >>> parse_dutch_date("op vraag nr. 687 van 8 juni 2017")
    datetime.date(2017, 6, 8)
    """
    match = DUTCH_DATE.search(text)
    if not match:
        return None
    day, month, year = match.groups()
    try:
        return dt.date(int(year), MONTHS[month.lower()], int(day))
    except ValueError:
        return None


def fourth_monday_of_september(year: int) -> dt.date:
    first = dt.date(year, 9, 1)
    first_monday = first + dt.timedelta(days=(7 - first.weekday()) % 7)
    return first_monday + dt.timedelta(weeks=3)


def session_year(day: dt.date) -> str:
    """The Flemish Parliament's session year opens on the fourth Monday of September.

    >>> session_year(dt.date(2017, 6, 8))
    '2016-2017'
    >>> session_year(dt.date(2017, 9, 25))
    '2017-2018'
    """
    start = day.year if day >= fourth_monday_of_september(day.year) else day.year - 1
    return f"{start}-{start + 1}"


def session_year_of_iso(iso_date: str | None) -> str | None:
    if not iso_date:
        return None
    try:
        return session_year(dt.date.fromisoformat(iso_date[:10]))
    except ValueError:
        return None
