"""Staff home page items: decisions the user's department owns, decisions overdue at meetings the
user's department convened, and urgent reports to acknowledge."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from zhenwei.core.access import user_scope
from zhenwei.core.waiting import WaitingItem

from .choices import OPEN_DECISION_STATUSES
from .models import Decision
from .selectors import decisions_owned_by, urgent_awaiting_for


def waiting(user) -> list[WaitingItem]:
    scope = user_scope(user)
    if not scope.department_ids:
        return []
    items: list[WaitingItem] = []
    owned = list(decisions_owned_by(user=user)[:50])
    for d in owned:
        items.append(
            WaitingItem(
                title=gettext("会议议定事项：%(text)s") % {"text": d.text[:50]},
                url=reverse("joint:decision-detail", args=[d.pk]),
                app=gettext("联席会议"),
                due=d.due_on,
                detail=gettext("%(meeting)s（%(date)s）· 责任单位 %(department)s")
                % {
                    "meeting": d.meeting.title,
                    "date": f"{d.meeting.held_on:%Y-%m-%d}",
                    "department": d.owner_department.name,
                },
            )
        )
    seen = {d.pk for d in owned}
    convened_overdue = (
        Decision.objects.filter(
            meeting__convening_department_id__in=scope.department_ids,
            status__in=OPEN_DECISION_STATUSES,
            due_on__lt=timezone.localdate(),
        )
        .exclude(pk__in=seen)
        .select_related("meeting", "owner_department")
        .order_by("due_on")[:50]
    )
    for d in convened_overdue:
        items.append(
            WaitingItem(
                title=gettext("督办：%(department)s逾期未落实议定事项")
                % {"department": d.owner_department.name},
                url=reverse("joint:decision-detail", args=[d.pk]),
                app=gettext("联席会议"),
                due=d.due_on,
                detail=d.text[:80],
            )
        )
    for r in urgent_awaiting_for(user=user)[:50]:
        items.append(
            WaitingItem(
                title=gettext("重要情况待签收：%(title)s") % {"title": r.report.title},
                url=reverse("joint:urgent-detail", args=[r.report_id]),
                app=gettext("重要情况报送"),
                due=timezone.localtime(r.report.reported_at).date(),
                detail=gettext("%(sender)s报送 · %(recipient)s签收")
                % {"sender": r.report.reporting_department.name, "recipient": r.department.name},
            )
        )
    return items
