import datetime as dt

import pytest

from parlzoek.corpus.dates import parse_dutch_date, session_year, session_year_of_iso


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("op vraag nr. 687 van 8 juni 2017", dt.date(2017, 6, 8)),
        ("datum: 26 februari 2024", dt.date(2024, 2, 26)),
        ("13 December 2023", dt.date(2023, 12, 13)),
        ("31 februari 2024", None),
        ("geen datum", None),
    ],
)
def test_dutch_dates(text, expected):
    assert parse_dutch_date(text) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2017, 6, 8), "2016-2017"),
        (dt.date(2017, 9, 24), "2016-2017"),  # the day before the fourth Monday of September 2017
        (dt.date(2017, 9, 25), "2017-2018"),
        (dt.date(2016, 9, 25), "2015-2016"),  # 2016's fourth Monday is the 26th
        (dt.date(2024, 1, 1), "2023-2024"),
    ],
)
def test_session_year_starts_on_fourth_monday_of_september(day, expected):
    assert session_year(day) == expected


def test_session_year_of_bad_iso_is_none():
    assert session_year_of_iso("2017-13-45") is None
    assert session_year_of_iso(None) is None
