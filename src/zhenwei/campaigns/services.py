"""Writes of campaigns: task status with evidence, liaisons, and one-off duty submissions."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from zhenwei.core.access import require_access, user_scope
from zhenwei.core.audit import audit_create, audit_record, audit_update, snapshot
from zhenwei.core.choices import AuditAction

from .choices import TASK_TRANSITIONS, DutyKind, TaskStatus
from .models import Campaign, DutySubmission, Liaison, ReportingDuty, TaskAssignment


def campaign_participants(*, campaign: Campaign) -> set[int]:
    """Departments taking part: task leads and cooperators, duty holders, liaisons' departments."""
    ids: set[int] = set()
    for task in campaign.tasks.prefetch_related("cooperating_departments"):
        ids.add(task.lead_department_id)
        ids.update(d.pk for d in task.cooperating_departments.all())
    ids.update(campaign.duties.exclude(department__isnull=True).values_list("department_id", flat=True))
    ids.update(campaign.liaisons.exclude(department__isnull=True).values_list("department_id", flat=True))
    return ids


def campaign_share_with_participants(*, campaign: Campaign, actor) -> int:
    """Copy (抄送) the campaign to every participating department outside its own reach, through
    the platform's one sharing mechanism, so that a town sees the county campaign it works in.
    Idempotent; returns the number of new copies."""
    from django.contrib.contenttypes.models import ContentType

    from zhenwei.core.choices import ShareKind
    from zhenwei.core.models import Department, Share

    ct = ContentType.objects.get_for_model(Campaign)
    existing = set(
        Share.objects.filter(content_type=ct, object_id=campaign.pk, kind=ShareKind.COPY).values_list(
            "to_department_id", flat=True
        )
    )
    made = 0
    with transaction.atomic():
        for department in Department.objects.filter(
            pk__in=campaign_participants(campaign=campaign) - existing
        ):
            share = Share.objects.create(
                content_type=ct,
                object_id=campaign.pk,
                kind=ShareKind.COPY,
                from_department=campaign.lead_department,
                to_department=department,
                reason=f"专项行动成员单位：{campaign.doc_number}",
                created_by=actor if getattr(actor, "pk", None) else None,
            )
            audit_create(actor=actor, obj=share, note=f"抄送专项行动 {campaign.doc_number}")
            made += 1
    return made


def assignment_transition(
    *, assignment: TaskAssignment, to: str, actor, progress: str = "", evidence: str = ""
) -> TaskAssignment:
    """Move a task in a division to another state; "done" needs evidence (佐证材料)."""
    require_access(actor, assignment, "change")
    if to not in TaskStatus.values:
        raise ValidationError(gettext("未知状态 %(to)s") % {"to": to})
    if to != assignment.status and to not in TASK_TRANSITIONS[assignment.status]:
        raise ValidationError(
            gettext(
                "任务不能从“%(assignment_get_status_di)s”变为“%(taskstatus_to_label)s” (transition not allowed)"
            )
            % {
                "assignment_get_status_di": assignment.get_status_display(),
                "taskstatus_to_label": TaskStatus(to).label,
            }
        )
    evidence = (evidence or "").strip()
    if to == TaskStatus.DONE and not (evidence or assignment.evidence):
        raise ValidationError(gettext("标记完成须填写佐证材料 (evidence is required to mark a task done)"))
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
        raise PermissionDenied(gettext("无权维护该单位的联络员"))
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
        raise ValidationError(
            gettext("月报通过报表报送，不在此登记 (monthly reports are submitted as reports)")
        )
    if not user_scope(actor).can_in("change", duty.division):
        raise PermissionDenied(gettext("无权为该单位登记报送"))
    with transaction.atomic():
        submission = DutySubmission.objects.create(
            duty=duty, note=note.strip(), submitted_by=actor, submitted_at=timezone.now()
        )
        audit_create(actor=actor, obj=submission)
    return submission
