"""Staff home: open suspect codes (一码多扫, scans after destruction) in the user's area."""

from __future__ import annotations

from django.urls import reverse

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
            title=f"可疑编码待核查：{flag.code}（{flag.get_reason_display()}）",
            url=reverse("verify:index"),
            app="verify",
            detail=f"{flag.division}，{flag.flagged_at:%Y-%m-%d} 发现",
        )
        for flag in flags[:20]
    ]
