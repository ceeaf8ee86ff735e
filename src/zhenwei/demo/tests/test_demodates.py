"""The demo's dates placed relative to today: the past stays past, the future stays future, months stay
months, at any date (month-ends, leap days, New Year's Eve, before the authored present)."""

import datetime as dt
import os

import pytest
from django.utils import timezone

from zhenwei.demo import demodates

D = dt.date
TODAYS = [
    D(2026, 3, 1),
    D(2026, 11, 25),
    D(2026, 11, 26),
    D(2026, 12, 6),
    D(2026, 12, 25),
    D(2026, 12, 26),
    D(2027, 1, 31),
    D(2027, 2, 28),
    D(2027, 12, 31),
    D(2028, 2, 29),
    D(2031, 7, 15),
]
# Authored dates the demo uses: the past (2023 listings, March–November 2026), the present, the
# coming weeks and years (deadlines, a pending listing, validity ends).
AUTHORED = [
    D(2023, 3, 15),
    D(2026, 1, 31),
    D(2026, 3, 1),
    D(2026, 3, 31),
    D(2026, 5, 31),
    D(2026, 10, 31),
    D(2026, 11, 24),
    D(2026, 11, 25),
    D(2026, 11, 26),
    D(2026, 12, 1),
    D(2026, 12, 31),
    D(2029, 11, 30),
]


@pytest.mark.parametrize("today", TODAYS, ids=str)
def test_past_stays_past_future_stays_future_and_order_is_kept(today):
    placed = [demodates.on(d, today_=today) for d in AUTHORED]
    assert placed == sorted(placed)
    for authored, day in zip(AUTHORED, placed, strict=True):
        if authored <= demodates.AUTHORED_TODAY:
            assert day < today, (authored, day)
        else:
            assert (day - today) == (authored - demodates.AUTHORED_TODAY)
    gap = (today - demodates.present(today_=today)).days
    assert 1 <= gap <= 31


@pytest.mark.parametrize("today", TODAYS, ids=str)
def test_months_move_whole_and_stay_distinct(today):
    months = demodates.covered_months(today_=today)
    assert len(set(months)) == 9 and all(m.day == 1 for m in months)
    assert [demodates.add_months(months[0], i) for i in range(9)] == months
    assert months[-1] == demodates.present(today_=today).replace(day=1)  # authored November
    # every day of an authored month lands in the month that month moved to
    for authored in (D(2026, 3, 1), D(2026, 3, 31), D(2026, 10, 15)):
        placed = demodates.on(authored, today_=today)
        assert placed.replace(day=1) == demodates.month(authored, today_=today)


def test_day_clamped_to_month_end_and_periods_keep_their_length():
    assert demodates.add_months(D(2026, 3, 31), 1) == D(2026, 4, 30)
    assert demodates.add_months(D(2026, 1, 31), 13) == D(2027, 2, 28)
    assert demodates.add_months(D(2026, 11, 25), -9) == D(2026, 2, 25)
    start, end = demodates.period(D(2026, 3, 25), D(2029, 3, 24), today_=D(2027, 12, 31))
    assert (end - start) == (D(2029, 3, 24) - D(2026, 3, 25))


def test_datetimes_keep_local_time_and_are_before_now_late_on_the_last_day():
    tz = timezone.get_current_timezone()
    authored = dt.datetime(2026, 11, 25, 23, 30, tzinfo=tz)  # the authored present, late evening
    placed = demodates.at(authored, today_=D(2027, 12, 31))
    assert timezone.localtime(placed, tz).time() == dt.time(23, 30)
    assert timezone.localtime(placed, tz).date() < D(2027, 12, 31)


@pytest.mark.dates
def test_frozen_clock_follows_zhenwei_test_today():
    """Under ``make test-dates`` the marked tests see the moment given in ZHENWEI_TEST_TODAY."""
    value = os.environ.get("ZHENWEI_TEST_TODAY")
    if not value:
        pytest.skip("ZHENWEI_TEST_TODAY not set: the real clock")
    assert timezone.localdate() == dt.date.fromisoformat(value[:10])
    if "T" in value:
        assert timezone.localtime().strftime("%H:%M") == value[11:16]
