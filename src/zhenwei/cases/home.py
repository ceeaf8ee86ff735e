"""Waiting items for the staff home page: transfers to acknowledge, my open and overdue actions."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext

from zhenwei.core.waiting import WaitingItem

from .selectors import my_actions, share_inbox


def waiting(user) -> list[WaitingItem]:
    items: list[WaitingItem] = []
    for share in share_inbox(user=user)[:50]:
        target = share.target
        if target is None:
            continue
        label = share.content_type.model_class()._meta.verbose_name
        items.append(
            WaitingItem(
                title=gettext("%(kind)s待签收：%(label)s %(target)s")
                % {"kind": share.get_kind_display(), "label": label, "target": target},
                url=reverse("cases:inbox"),
                app=gettext("移交抄送"),
                due=share.due_at,
                detail=gettext("来自 %(sender)s：%(reason)s")
                % {
                    "sender": share.from_department or share.created_by or gettext("按分办规则自动分办"),
                    "reason": share.reason[:80],
                },
            )
        )
    for action in my_actions(user=user)[:50]:
        items.append(
            WaitingItem(
                title=f"{action.case.number} {action}",
                url=reverse("cases:case-detail", args=[action.case_id]) + f"#action-{action.pk}",
                app=gettext("案件"),
                due=action.due_on,
                detail=action.case.title,
            )
        )
    return items
