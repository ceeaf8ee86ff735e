"""The staff home page: tips awaiting an acceptance decision (overdue first), unrouted tips, and
rewards awaiting a second person's approval."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext

from zhenwei.core.access import user_scope
from zhenwei.core.waiting import WaitingItem

from .choices import RewardStatus, TipStatus
from .selectors import reward_list, tip_list

MAX_ITEMS = 15


def waiting(user) -> list[WaitingItem]:
    scope = user_scope(user)
    if not scope.can("change"):
        return []
    items: list[WaitingItem] = []
    pending = (
        tip_list(user=user, action="change")
        .filter(status=TipStatus.RECEIVED)
        .order_by("acceptance_due", "received_at")[:MAX_ITEMS]
    )
    for tip in pending:
        where = tip.lead_department.name if tip.lead_department else gettext("待分办")
        items.append(
            WaitingItem(
                title=gettext("举报待受理 %(number)s：%(category)s")
                % {"number": tip.number, "category": tip.category or gettext("未分类")},
                url=reverse("tips:detail", args=[tip.pk]),
                app=gettext("举报投诉"),
                due=tip.acceptance_due,
                detail=f"{tip.division.name} · {tip.get_channel_display()} · {where}",
            )
        )
    if scope.can("approve"):
        for reward in (
            reward_list(user=user).filter(status=RewardStatus.PROPOSED).exclude(proposed_by=user)[:MAX_ITEMS]
        ):
            items.append(
                WaitingItem(
                    title=gettext("举报奖励待审批 %(number)s：%(amount)s 元")
                    % {"number": reward.tip.number, "amount": reward.amount},
                    url=reverse("tips:reward-detail", args=[reward.pk]),
                    app=gettext("举报投诉"),
                    detail=gettext("提出人 %(person)s") % {"person": reward.proposed_by},
                )
            )
    return items
