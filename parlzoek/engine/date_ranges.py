"""Date ranges that honour ``<``, ``>`` and ``{}``, for the query parser's view of a schema."""

from __future__ import annotations

import copy

from whoosh.fields import DATETIME
from whoosh.query import Every, NumericRange
from whoosh.util.times import datetime_to_long


class ExactDateRanges(DATETIME):
    """A DATETIME field whose ranges end where the user said.

    Whoosh's DATETIME widens every range to whole periods and drops exclusive bounds, so
    ``datum:<2017-03`` ran to the end of March and ``datum:>2017-03`` began on its first day. Here
    a period after ``>`` or ``{`` starts once it is over, and one before ``<`` or ``}`` ends where
    it begins."""

    def parse_range(self, fieldname, start, end, startexcl, endexcl, boost=1.0):  # noqa: PLR0917 (Whoosh's)
        if start is None and end is None:
            return Every(fieldname, boost=boost)
        if start is not None:
            period = self._parse_datestring(start)
            start = datetime_to_long(period.ceil()) + 1 if startexcl else datetime_to_long(period.floor())
        if end is not None:
            period = self._parse_datestring(end)
            end = datetime_to_long(period.floor()) - 1 if endexcl else datetime_to_long(period.ceil())
        return NumericRange(fieldname, start, end, boost=boost)


def exact_date_ranges(schema):
    """A copy of ``schema`` whose DATETIME fields are ``ExactDateRanges``, for a query parser. Only
    the copy changes (each date field is copied and given the subclass): an index's own schema is
    never touched, and pickles as it was."""
    view = copy.copy(schema)
    view._fields = dict(schema._fields)
    for name, field in schema._fields.items():
        if type(field) is DATETIME:
            view._fields[name] = exact = copy.copy(field)
            exact.__class__ = ExactDateRanges
    return view
