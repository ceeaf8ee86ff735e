"""Working days in China: public holidays and adjusted working days (调休) respected.

The built-in calendar comes from the chinesecalendar package; administrators correct or extend it
with CalendarOverride rows. Years the package does not know fall back to Monday–Friday.
"""

from __future__ import annotations

import datetime as dt

import chinese_calendar


def _overrides(start: dt.date, end: dt.date) -> dict[dt.date, bool]:
    from .models import CalendarOverride

    return dict(CalendarOverride.objects.filter(date__range=(start, end)).values_list("date", "is_workday"))


def _builtin_is_workday(day: dt.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def is_workday(day: dt.date) -> bool:
    override = _overrides(day, day).get(day)
    return override if override is not None else _builtin_is_workday(day)


def add_working_days(start: dt.date | dt.datetime, days: int) -> dt.date:
    """The date ``days`` working days after ``start`` (the start day itself is not counted)."""
    if isinstance(start, dt.datetime):
        start = start.date()
    if days < 0:
        raise ValueError("days must not be negative")
    horizon = start + dt.timedelta(days=days * 3 + 30)
    overrides = _overrides(start, horizon)
    day = start
    remaining = days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if day > horizon:
            horizon = day + dt.timedelta(days=60)
            overrides.update(_overrides(day, horizon))
        workday = overrides.get(day)
        if workday is None:
            workday = _builtin_is_workday(day)
        if workday:
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
    if end <= start:
        return 0
    overrides = _overrides(start, end)
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        workday = overrides.get(day)
        if workday if workday is not None else _builtin_is_workday(day):
            count += 1
    return count
