"""The one definition of "overdue" (逾期) used by every count and every red marking.

Rule: a due **date** is overdue when it is before today in the platform's time zone (Asia/Shanghai,
settings.TIME_ZONE) — the due day itself is still in time; a due **datetime** is overdue once it has
passed. Something already done is never overdue: callers pass ``due=None`` (or ``done=True``) for it.
Querysets use :func:`overdue_q` with the same rule so that lists, filters and counts agree.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone


def today() -> dt.date:
    """Today in Asia/Shanghai (the platform's time zone), whatever the server's clock zone."""
    return timezone.localdate()


def is_overdue(
    due: dt.date | dt.datetime | None,
    today: dt.date | None = None,
    *,
    now: dt.datetime | None = None,
    done: bool = False,
) -> bool:
    """True when ``due`` has passed: a date before today, or a datetime before now."""
    if due is None or done:
        return False
    if isinstance(due, dt.datetime):
        if timezone.is_naive(due):
            due = timezone.make_aware(due)
        return due < (now or timezone.now())
    return due < (today or timezone.localdate())


def overdue_q(field: str, *, today: dt.date | None = None, datetime: bool = False) -> Q:
    """The queryset form of :func:`is_overdue` for a date (or, with ``datetime=True``, datetime) field."""
    bound = timezone.now() if datetime else (today or timezone.localdate())
    return Q(**{f"{field}__lt": bound})


def count_overdue(dues, today: dt.date | None = None) -> int:
    """How many of ``dues`` are overdue (the number a badge shows next to the red rows)."""
    return sum(1 for due in dues if is_overdue(due, today))
