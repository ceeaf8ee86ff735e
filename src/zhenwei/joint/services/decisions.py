"""Decisions of meetings (会议议定事项): tasks of an owner department, tracked to completion."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from zhenwei.core.access import allowed, require
from zhenwei.core.audit import audit_record, audit_update, snapshot
from zhenwei.core.choices import AuditAction
from zhenwei.core.models import Department
from zhenwei.notifications.contracts import notify

from ..choices import DECISION_TRANSITIONS, OPEN_DECISION_STATUSES, DecisionStatus
from ..models import Decision, Meeting
from .common import _departments, _m2m_audit

# Days before a decision's deadline when its owner is reminded.
DUE_SOON_DAYS = 3


def decision_url(decision: Decision) -> str:
    return reverse("joint:decision-detail", args=[decision.pk])


def decision_add(
    *,
    meeting: Meeting,
    text: str,
    owner_department: Department,
    due_on: dt.date,
    actor,
    cooperating_departments: Iterable = (),
) -> Decision:
    """Add a decision (会议议定事项) to a meeting; it becomes a task of the owner department, who is notified."""
    require(actor, "change", meeting.division)
    if not text.strip():
        raise ValidationError(gettext("议定事项内容不能为空"))
    if due_on is None:
        raise ValidationError(gettext("议定事项必须有完成时限"))
    if due_on < meeting.held_on:
        raise ValidationError(
            gettext("完成时限 %(due_on)s 早于会议日期 %(meeting_held_on)s")
            % {"due_on": due_on, "meeting_held_on": meeting.held_on}
        )
    cooperating = [d for d in _departments(cooperating_departments) if d.pk != owner_department.pk]
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        seq = (meeting.decisions.aggregate(m=Max("seq"))["m"] or 0) + 1
        decision = Decision(
            meeting=meeting, seq=seq, text=text.strip(), owner_department=owner_department, due_on=due_on
        )
        decision.full_clean()
        decision.save()
        decision.cooperating_departments.set(cooperating)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=decision,
            after={**snapshot(decision), **_m2m_audit(decision, cooperating_departments=cooperating)},
        )
        notify(
            kind="meeting_decision",
            title=f"会议议定事项：{decision.text[:60]}",
            body=f"{meeting.title}（{meeting.held_on:%Y年%m月%d日}）议定，由{owner_department.name}负责，"
            f"{due_on:%Y年%m月%d日}前完成。",
            url=decision_url(decision),
            departments=[owner_department, *cooperating],
            due=due_on,
            dedupe_key=f"decision:{decision.pk}:assigned",
            source_object=decision,
        )
    return decision


def decision_transition(
    *, decision: Decision, to: str, actor, note: str = "", on: dt.date | None = None
) -> Decision:
    """Move a decision to another state (落实中 / 已办结 / 撤销); the owner reports progress with a note."""
    if not allowed(actor, "change", decision):
        raise PermissionDenied(gettext("只有责任单位或上级专项办可以更新该议定事项"))
    if to not in DecisionStatus.values:
        raise ValidationError(gettext("未知状态：%(to)s") % {"to": to})
    if to != decision.status and to not in DECISION_TRANSITIONS[decision.status]:
        raise ValidationError(
            gettext("议定事项不能从“%(decision_get_status_disp)s”变为“%(decisionstatus_to_label)s”")
            % {
                "decision_get_status_disp": decision.get_status_display(),
                "decisionstatus_to_label": DecisionStatus(to).label,
            }
        )
    if to == DecisionStatus.DONE and not (note.strip() or decision.progress_note.strip()):
        raise ValidationError(gettext("办结时请填写落实情况"))
    with transaction.atomic():
        before = snapshot(decision)
        decision.status = to
        if note.strip():
            stamp = timezone.localdate().strftime("%Y-%m-%d")
            decision.progress_note = f"{decision.progress_note}\n{stamp} {note.strip()}".strip()
        decision.done_on = (on or timezone.localdate()) if to == DecisionStatus.DONE else None
        decision.save()
        audit_update(actor=actor, obj=decision, before=before, note=note)
    return decision


def decisions_remind(*, today: dt.date | None = None) -> int:
    """Tell owners of decisions due within DUE_SOON_DAYS and of overdue ones (once each, by dedupe key);
    overdue ones also go to the convening department. Returns notifications created."""
    today = today or timezone.localdate()
    created = 0
    open_qs = Decision.objects.filter(status__in=OPEN_DECISION_STATUSES).select_related(
        "meeting", "owner_department"
    )
    for decision in open_qs.filter(due_on__lt=today):
        created += notify(
            kind="overdue",
            title=f"议定事项已逾期：{decision.text[:60]}",
            body=f"完成时限 {decision.due_on:%Y-%m-%d}，责任单位 {decision.owner_department.name}。",
            url=decision_url(decision),
            departments=[decision.owner_department, decision.meeting.convening_department],
            due=decision.due_on,
            dedupe_key=f"decision:{decision.pk}:overdue",
            source_object=decision,
        )
    for decision in open_qs.filter(due_on__gte=today, due_on__lte=today + dt.timedelta(days=DUE_SOON_DAYS)):
        created += notify(
            kind="due",
            title=f"议定事项即将到期：{decision.text[:60]}",
            url=decision_url(decision),
            departments=[decision.owner_department],
            due=decision.due_on,
            dedupe_key=f"decision:{decision.pk}:due",
            source_object=decision,
        )
    return created
