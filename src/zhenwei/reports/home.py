"""Waiting items: reports awaiting your review, and your reports returned for correction."""

from __future__ import annotations

from django.utils.translation import gettext

from zhenwei.core.access import allowed, user_scope
from zhenwei.core.waiting import WaitingItem

from .choices import ReportStatus
from .models import MonthlyReport
from .selectors import reports_to_review


def _url(report: MonthlyReport) -> str:
    return report.get_absolute_url()


def waiting(user) -> list[WaitingItem]:
    scope = user_scope(user)
    items: list[WaitingItem] = []
    if allowed(user, "approve"):
        for r in reports_to_review(user=user)[:30]:
            items.append(
                WaitingItem(
                    title=gettext("待审核：%(division)s %(month)s %(form)s")
                    % {
                        "division": r.division.name + (" " + r.department.name if r.department_id else ""),
                        "month": f"{r.month:%Y-%m}",
                        "form": r.template.title,
                    },
                    url=_url(r),
                    app="reports",
                    detail=gettext("上传报表") if r.source == "upload" else "",
                )
            )
    if scope.division_ids:
        from django.db.models import Q

        returned = MonthlyReport.objects.filter(
            Q(department__isnull=True) | Q(department_id__in=scope.department_ids),
            status=ReportStatus.RETURNED,
            division_id__in=scope.division_ids,
        ).select_related("division", "template", "department")
        for r in returned[:30]:
            items.append(
                WaitingItem(
                    title=gettext("被退回：%(division)s %(month)s %(form)s")
                    % {"division": r.division.name, "month": f"{r.month:%Y-%m}", "form": r.template.title},
                    url=_url(r),
                    app="reports",
                    detail=r.return_reason,
                )
            )
    return items
