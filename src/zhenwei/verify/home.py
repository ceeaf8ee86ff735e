"""Staff home: open suspect codes (一码多扫, scans after destruction) in the user's area."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext

from zhenwei.core.access import restrict, user_scope
from zhenwei.core.waiting import WaitingItem

from .choices import SuspectStatus
from .models import SuspectCode


def waiting(user) -> list[WaitingItem]:
    if not user_scope(user).can("change"):
        return []
    flags = restrict(SuspectCode.objects.filter(status=SuspectStatus.OPEN), user).select_related("division")
    return [
        WaitingItem(
            title=gettext("可疑编码待核查：%(code)s（%(reason)s）")
            % {"code": flag.code, "reason": flag.get_reason_display()},
            url=reverse("verify:index"),
            app="verify",
            detail=gettext("%(division)s，%(date)s 发现")
            % {"division": flag.division, "date": f"{flag.flagged_at:%Y-%m-%d}"},
        )
        for flag in flags[:20]
    ]
