"""Reads of plans, inspections and samples through the one visibility rule; deadlines as shown."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext

from zhenwei.core.access import restrict
from zhenwei.core.deadlines import is_overdue

from .choices import Judgment, SampleResult
from .models import Inspection, InspectionPlan


def plan_queryset(*, user, action: str = "view") -> QuerySet[InspectionPlan]:
    return restrict(InspectionPlan.objects.select_related("division", "department", "campaign"), user, action)


def inspection_queryset(*, user, action: str = "view") -> QuerySet[Inspection]:
    return restrict(
        Inspection.objects.select_related("division", "department", "category", "enterprise", "case"),
        user,
        action,
    )


@dataclass(frozen=True)
class Deadline:
    """One legal deadline of an inspection (MPS Order 122 art. 26) and where it stands."""

    label: str
    due: dt.date | None
    done: dt.date | None

    @property
    def state(self) -> str:
        if self.done:
            return "late" if self.due and self.done > self.due else "met"
        if is_overdue(self.due):
            return "overdue"
        return "pending"


def inspection_deadlines(inspection: Inspection) -> list[Deadline]:
    out: list[Deadline] = []
    if inspection.judgment != Judgment.UNQUALIFIED:
        return out
    out.append(Deadline(gettext("不合格判定送达（3日内）"), inspection.serve_due_on, inspection.served_on))
    if inspection.objection_on:
        sent = min((s.sent_on for s in inspection.samples.all() if s.sent_on), default=None)
        out.append(Deadline(gettext("异议后送检（5日内）"), inspection.lab_send_due_on, sent))
        for s in inspection.samples.all():
            if s.received_on:
                out.append(
                    Deadline(
                        f"检验结果（收样后3日内）{s.number}",
                        s.result_due_on,
                        s.result_on if s.result != SampleResult.PENDING else None,
                    )
                )
    return out


@dataclass(frozen=True)
class AwaitingItem:
    inspection: Inspection
    what: str
    due: dt.date | None


def inspections_awaiting(*, user) -> list[AwaitingItem]:
    """Unqualified judgments to serve, objections whose sample must go to a lab, lab results due."""
    qs = inspection_queryset(user=user, action="change").filter(judgment=Judgment.UNQUALIFIED)
    items: list[AwaitingItem] = []
    for i in qs.filter(served_on__isnull=True)[:100]:
        items.append(AwaitingItem(i, gettext("不合格判定待送达"), i.serve_due_on))
    for i in qs.filter(objection_on__isnull=False).prefetch_related("samples")[:100]:
        samples = list(i.samples.all())
        if not any(s.sent_on for s in samples):
            items.append(AwaitingItem(i, gettext("异议待送检"), i.lab_send_due_on))
        for s in samples:
            if s.received_on and s.result == SampleResult.PENDING:
                items.append(AwaitingItem(i, f"样品 {s.number} 检验结果待出具", s.result_due_on))
    return sorted(items, key=lambda x: x.due or dt.date.max)
