"""Waiting items for the staff home page: reports due soon, overdue reports and tasks."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext

from zhenwei.core.waiting import WaitingItem

from .selectors import duties_for_user


def waiting(user) -> list[WaitingItem]:
    today = timezone.localdate()
    upcoming, overdue = duties_for_user(user=user, today=today)
    items = [
        WaitingItem(
            title=gettext("待报送：%(title)s") % {"title": i.title},
            url=i.url(),
            app="campaigns",
            due=i.due,
            detail=i.duty.campaign.title,
        )
        for i in upcoming
    ]
    items += [
        WaitingItem(
            title=gettext("逾期未报：%(title)s") % {"title": i.title},
            url=i.url(),
            app="campaigns",
            due=i.due,
            detail=i.duty.campaign.title,
        )
        for i in overdue[:30]
    ]
    return items
