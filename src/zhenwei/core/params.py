"""The one parser of request parameters that name a number, an id, a year, a month or a date.

A value that cannot be what it names is the client's error: ``InvalidParameter`` (Django answers a
``BadRequest`` with 400, the API's exception handler with a JSON 400), never a 500 from ``int()``,
``datetime.date()`` or the database driver. Path parameters that cannot name a record are 404 instead
(the router's lookup pattern and ``bound_int_converters`` in zhenwei.urls refuse them before any
view runs). docs/security.md, T55–T57.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import BadRequest
from django.utils.translation import gettext

# What every database the platform runs on stores in a (big) integer column: 64-bit signed.
DB_INT_MIN = -(2**63)
DB_INT_MAX = 2**63 - 1
# An id in a path: digits, at most 18 of them (always below DB_INT_MAX), so no pattern can reach the
# database with a number it cannot hold.
ID_REGEX = r"[0-9]{1,18}"
YEAR_MIN, YEAR_MAX = 1, 9999  # datetime.date's range
_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})(?:-\d{1,2})?\s*$")


class InvalidParameter(BadRequest, ValueError):
    """A request parameter that cannot be what it names (400). A ValueError too, so callers that
    already turn ValueError into 404 (path parameters) keep doing so."""

    def __init__(self, name: str, value, expected: str):
        shown = str(value)
        shown = shown if len(shown) <= 40 else shown[:40] + "…"
        super().__init__(f"参数 {name} 无效（{expected}）: {shown!r}")
        self.name, self.value, self.expected = name, value, expected


def parse_int(value, *, name: str = "id", minimum: int = DB_INT_MIN, maximum: int = DB_INT_MAX) -> int:
    text = str(value).strip()
    if not re.fullmatch(r"[+-]?[0-9]{1,19}", text):
        raise InvalidParameter(name, value, gettext("应为整数"))
    number = int(text)
    if not minimum <= number <= maximum:
        raise InvalidParameter(
            name,
            value,
            gettext("应在 %(minimum)s 到 %(maximum)s 之间") % {"minimum": minimum, "maximum": maximum},
        )
    return number


def parse_id(value, *, name: str = "id") -> int:
    """A record's primary key: a positive integer the database can hold."""
    return parse_int(value, name=name, minimum=1)


def parse_year(value, *, name: str = "year", default: int | None = None) -> int:
    if value in (None, "") and default is not None:
        return default
    return parse_int(value, name=name, minimum=YEAR_MIN, maximum=YEAR_MAX)


def parse_month(value, *, name: str = "month") -> dt.date:
    """``YYYY-MM`` (or a date in that month) → the first day of that month."""
    if isinstance(value, dt.date):
        return value.replace(day=1)
    m = _MONTH.match(str(value or ""))
    if not m:
        raise InvalidParameter(name, value, gettext("格式应为 YYYY-MM"))
    year, month = int(m.group(1)), int(m.group(2))
    if not (YEAR_MIN <= year <= YEAR_MAX and 1 <= month <= 12):
        raise InvalidParameter(name, value, gettext("年 0001–9999，月 01–12"))
    return dt.date(year, month, 1)


def parse_date(value, *, name: str = "date") -> dt.date:
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidParameter(name, value, gettext("格式应为 YYYY-MM-DD")) from None


class BoundedIntConverter:
    """Django's ``<int:…>`` path converter with the database's bound: a number no column can hold
    does not match (404), instead of reaching the view and the driver (OverflowError, a 500)."""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > DB_INT_MAX:
            raise ValueError("beyond the database's integer range")
        return number

    def to_url(self, value) -> str:
        return str(value)


def bound_int_converters(patterns) -> int:
    """Give every ``<int:…>`` of these URL patterns (and everything they include) the bounded
    converter; called once on the root URLconf, so a page added tomorrow is bounded too. Returns how
    many parameters it bounded."""
    from django.urls import URLPattern, URLResolver
    from django.urls.converters import IntConverter

    count = 0
    for pattern in patterns:
        converters = getattr(pattern.pattern, "converters", None) or {}
        for name, converter in list(converters.items()):
            if type(converter) is IntConverter:
                converters[name] = BoundedIntConverter()
                count += 1
        if isinstance(pattern, URLResolver):
            count += bound_int_converters(pattern.url_patterns)
        elif not isinstance(pattern, URLPattern):
            continue
    return count
