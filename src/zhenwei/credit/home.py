"""Staff home: credit listings whose publication period ends within 30 days (review before it lapses)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from zhenwei.core.access import restrict, user_scope
from zhenwei.core.waiting import WaitingItem

from .models import CreditEntry
from .selectors import active_q

NOTICE_DAYS = 30


def waiting(user) -> list[WaitingItem]:
    if not user_scope(user).can("change"):
        return []
    today = timezone.localdate()
    qs = restrict(
        CreditEntry.objects.filter(
            active_q(today), publication_end__lte=today + dt.timedelta(days=NOTICE_DAYS)
        ),
        user,
        "change",
    ).only("pk", "subject_name", "subject_kind", "publication_end")[:20]
    return [
        WaitingItem(
            title=gettext("信用名单公示期将满：%(subject)s")
            % {"subject": e.subject_name if e.subject_kind == "legal_person" else gettext("自然人")},
            url=reverse("credit:entry-detail", args=[e.pk]),
            app="credit",
            due=e.publication_end,
            detail=gettext("到期后自动停止公示；如需延长或移出，请作出决定"),
        )
        for e in qs
    ]
