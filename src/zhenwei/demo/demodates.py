"""Where the demo's dates land: the demo is written around a fixed "present" and placed relative to today.

The demo loaders keep the dates they were authored with (``dt.date(2026, 3, 20)``), reason about ages
and stages in that authored calendar, and pass every date they store through :func:`on` (dates) or
:func:`at` (datetimes). The mapping:

* a date on or before the authored present (``AUTHORED_TODAY``, 2026-11-25) moves by a whole number
  of months, the same for every date, with the day clamped to the month's end (31 March → 30 April);
  the number of months is the largest that keeps the moved present before today (by 1 to 31 days),
  so the past stays in the past, even late on its last day, and a month of the demo stays one
  calendar month (monthly reports, 3·15 events);
* a date after the authored present (a deadline, the start of a pending listing, a plan for next
  month) lands the same number of days after *today*, so what was in the future stays in the future
  by the same distance.

The mapping is monotone (the order of events is kept). Names that embed a year (decision numbers such
as 〔2026〕, "2026年" in titles) are natural keys of the demo and stay as authored.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.utils import timezone

AUTHORED_TODAY = dt.date(2026, 11, 25)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months, the day clamped to the target month's length."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1]))


def today() -> dt.date:
    """The real local date (``settings.TIME_ZONE``) the demo is placed against."""
    return timezone.localdate()


def months_shift(*, today_: dt.date | None = None) -> int:
    """Whole months the authored past moves by: the largest N with ``AUTHORED_TODAY`` + N months < today."""
    real = today_ or today()
    n = (real.year - AUTHORED_TODAY.year) * 12 + real.month - AUTHORED_TODAY.month
    while add_months(AUTHORED_TODAY, n) >= real:
        n -= 1
    return n


def on(day: dt.date, *, today_: dt.date | None = None) -> dt.date:
    """An authored date placed relative to today (see the module docstring)."""
    real = today_ or today()
    if day > AUTHORED_TODAY:
        return real + (day - AUTHORED_TODAY)
    return add_months(day, months_shift(today_=real))


def at(moment: dt.datetime, *, today_: dt.date | None = None) -> dt.datetime:
    """An authored datetime placed like :func:`on`; the local time of day is kept."""
    tz = timezone.get_current_timezone()
    aware = moment if timezone.is_aware(moment) else timezone.make_aware(moment, tz)
    local = timezone.localtime(aware, tz)
    day = on(local.date(), today_=today_)
    return timezone.make_aware(dt.datetime.combine(day, local.time().replace(tzinfo=None)), tz)


def month(first: dt.date, *, today_: dt.date | None = None) -> dt.date:
    """The first day of the month an authored month (given by any day in it) lands on: every month,
    past or coming, moves by the same whole number of months."""
    return add_months(first.replace(day=1), months_shift(today_=today_))


def present(*, today_: dt.date | None = None) -> dt.date:
    """Where the authored present lands (1 to 31 days before today)."""
    return on(AUTHORED_TODAY, today_=today_)


def covered_months(*, today_: dt.date | None = None) -> list[dt.date]:
    """First days of the months the demo's activity covers: authored March to November 2026, moved."""
    return [month(dt.date(2026, m, 1), today_=today_) for m in range(3, 12)]


def period(start: dt.date, end: dt.date | None, *, today_: dt.date | None = None):
    """A validity or publication period: its start placed by :func:`on`, its length kept in days."""
    placed = on(start, today_=today_)
    return placed, (placed + (end - start) if end is not None else None)
