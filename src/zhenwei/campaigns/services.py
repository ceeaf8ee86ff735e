"""Writes of campaigns: task status with evidence, liaisons, and one-off duty submissions."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhenwei.core.access import require_access, user_scope
from zhenwei.core.audit import audit_create, audit_record, audit_update, snapshot
from zhenwei.core.choices import AuditAction

from .choices import TASK_TRANSITIONS, DutyKind, TaskStatus
from .models import DutySubmission, Liaison, ReportingDuty, TaskAssignment


def assignment_transition(
    *, assignment: TaskAssignment, to: str, actor, progress: str = "", evidence: str = ""
) -> TaskAssignment:
    """Move a task in a division to another state; "done" needs evidence (佐证材料)."""
    require_access(actor, assignment, "change")
    if to not in TaskStatus.values:
        raise ValidationError(f"未知状态 {to}")
    if to != assignment.status and to not in TASK_TRANSITIONS[assignment.status]:
        raise ValidationError(
            f"任务不能从“{assignment.get_status_display()}”变为“{TaskStatus(to).label}” (transition not allowed)"
        )
    evidence = (evidence or "").strip()
    if to == TaskStatus.DONE and not (evidence or assignment.evidence):
        raise ValidationError("标记完成须填写佐证材料 (evidence is required to mark a task done)")
    with transaction.atomic():
        before = assignment.status
        if progress.strip():
            assignment.progress = progress.strip()
        if evidence:
            assignment.evidence = evidence
        assignment.status = to
        assignment.updated_by = actor
        assignment.save()
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=assignment,
            before={"status": before},
            after={"status": to, "evidence": assignment.evidence},
            note=progress.strip(),
        )
    return assignment


def liaison_save(*, liaison: Liaison, actor) -> Liaison:
    """Create or update one liaison row (联络员基本信息表)."""
    if not user_scope(actor).can_in("change", liaison.division):
        raise PermissionDenied("无权维护该单位的联络员")
    liaison.full_clean()
    with transaction.atomic():
        if liaison.pk:
            before = snapshot(Liaison.objects.get(pk=liaison.pk))
            liaison.save()
            audit_update(actor=actor, obj=liaison, before=before)
        else:
            liaison.save()
            audit_create(actor=actor, obj=liaison)
    return liaison


def duty_submit(*, duty: ReportingDuty, actor, note: str = "") -> DutySubmission:
    """Record a one-off duty as fulfilled (实施方案, 联络员信息表, 工作总结 received)."""
    if duty.kind == DutyKind.MONTHLY_REPORT:
        raise ValidationError("月报通过报表报送，不在此登记 (monthly reports are submitted as reports)")
    if not user_scope(actor).can_in("change", duty.division):
        raise PermissionDenied("无权为该单位登记报送")
    with transaction.atomic():
        submission = DutySubmission.objects.create(
            duty=duty, note=note.strip(), submitted_by=actor, submitted_at=timezone.now()
        )
        audit_create(actor=actor, obj=submission)
    return submission
