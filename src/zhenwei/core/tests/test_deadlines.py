"""core.deadlines: the one rule of overdue (date before today in Asia/Shanghai; datetime passed)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time

from zhenwei.core.deadlines import count_overdue, is_overdue
from zhenwei.core.waiting import WaitingItem

pytestmark = pytest.mark.dates
SH = ZoneInfo("Asia/Shanghai")


@freeze_time("2026-12-06 17:30:00")  # UTC: already 2026-12-07 01:30 in Shanghai
def test_a_due_date_is_overdue_from_the_next_day_in_shanghai():
    assert is_overdue(dt.date(2026, 12, 6))  # yesterday in Shanghai, though still "today" in UTC
    assert not is_overdue(dt.date(2026, 12, 7))  # the due day itself is in time
    assert not is_overdue(None)
    assert not is_overdue(dt.date(2026, 12, 1), done=True)
    assert count_overdue([dt.date(2026, 12, 1), dt.date(2026, 12, 7), None]) == 1


@freeze_time("2026-12-06 12:00:00")
def test_a_due_datetime_is_overdue_once_passed():
    assert is_overdue(dt.datetime(2026, 12, 6, 19, 59, tzinfo=SH))  # 11:59 UTC
    assert not is_overdue(dt.datetime(2026, 12, 6, 20, 1, tzinfo=SH))


@freeze_time("2026-12-06 12:00:00")
def test_waiting_items_use_the_same_rule_and_show_a_module_label(db):
    share_like = WaitingItem("x", "/", "registry", due=dt.datetime(2026, 12, 6, 8, 0, tzinfo=SH))
    assert share_like.overdue and share_like.due_date == dt.date(2026, 12, 6)
    assert share_like.module == "台账"  # the app's verbose name, not its label
    assert WaitingItem("y", "/", "移交抄送").module == "移交抄送"
    assert not WaitingItem("z", "/", "cases", due=dt.date(2026, 12, 6)).overdue
