"""Writes of campaigns: the campaign office's set-up (campaign, phases, leading group, liaisons, task
matrix, reporting duties), task status with evidence, versioned one-off duty submissions with their
review, and notices of criticism (通报).

Set-up writes belong to the campaign office: the actor must hold "change" and "approve" (the
capabilities of a CAMPAIGN_OFFICE membership) in a division containing the campaign's. An officer or
an inspector holds "change" but not "approve", so they can update their tasks but not re-plan the
campaign."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from zhenwei.core.access import actor_user, allowed, is_system_actor, require
from zhenwei.core.audit import audit_create, audit_delete, audit_record, snapshot
from zhenwei.core.choices import AuditAction
from zhenwei.core.models import Department, Division

from .choices import TASK_TRANSITIONS, DutyKind, SubmissionStatus, TaskStatus
from .models import (
    Campaign,
    CampaignPhase,
    CampaignTask,
    CriticismNotice,
    DutySubmission,
    LeadingGroupMember,
    Liaison,
    ReportingDuty,
    TaskAssignment,
)


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
                created_by=actor_user(actor),
            )
            audit_create(actor=actor, obj=share, note=f"抄送专项行动 {campaign.doc_number}")
            made += 1
    return made


def assignment_transition(
    *, assignment: TaskAssignment, to: str, actor, progress: str = "", evidence: str = ""
) -> TaskAssignment:
    """Move a task in a division to another state; "done" needs evidence (佐证材料)."""
    require(actor, "change", assignment)
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
        assignment.updated_by = actor_user(actor)
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


# ---- the campaign office's set-up ------------------------------------------------------------------


def can_manage(user, campaign: Campaign) -> bool:
    """Whether ``user`` is the campaign's office (change and approve in the campaign's division)."""
    return allowed(user, "change", campaign.division) and allowed(user, "approve", campaign.division)


def require_office(actor, division: Division) -> None:
    """Raise PermissionDenied unless ``actor`` holds the campaign office's rights in ``division``."""
    require(actor, "change", division)
    require(actor, "approve", division)


def _inside(division: Division | None, campaign: Campaign) -> bool:
    return division is not None and division.path.startswith(campaign.division.path)


def _save_audited(obj: Model, actor, *, note: str = "", m2m: dict | None = None) -> Model:
    """full_clean, save and audit one record (create or update) in one transaction."""
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from None
    with transaction.atomic():
        if obj.pk:
            before = snapshot(type(obj)._default_manager.get(pk=obj.pk))
            obj.save()
            for name, values in (m2m or {}).items():
                before[name] = sorted(getattr(obj, name).values_list("pk", flat=True))
                getattr(obj, name).set(values)
            after = {**snapshot(obj), **{n: sorted(v.pk for v in vals) for n, vals in (m2m or {}).items()}}
            audit_record(
                actor=actor, action=AuditAction.UPDATE, obj=obj, before=before, after=after, note=note
            )
        else:
            obj.save()
            for name, values in (m2m or {}).items():
                getattr(obj, name).set(values)
            after = {**snapshot(obj), **{n: sorted(v.pk for v in vals) for n, vals in (m2m or {}).items()}}
            audit_record(actor=actor, action=AuditAction.CREATE, obj=obj, after=after, note=note)
    return obj


def _stored_campaign_division(obj: Model) -> Division | None:
    """For an update, the campaign division the record had before the change (moving a record to
    another campaign needs the office's rights in both)."""
    if not obj.pk:
        return None
    old = type(obj)._default_manager.filter(pk=obj.pk).select_related("campaign__division").first()
    return old.campaign.division if old is not None else None


def _check_part(obj: Model, actor) -> Campaign:
    campaign = obj.campaign
    require_office(actor, campaign.division)
    old = _stored_campaign_division(obj)
    if old is not None:
        require_office(actor, old)
    return campaign


def campaign_save(*, campaign: Campaign, actor) -> Campaign:
    """Create or edit a campaign (issuing document, period, lead department, monthly template)."""
    require_office(actor, campaign.division)
    if campaign.pk:
        old = Campaign.objects.select_related("division").get(pk=campaign.pk)
        require_office(actor, old.division)
    errors: dict[str, list[str]] = {}
    if campaign.starts_on and campaign.ends_on and campaign.ends_on < campaign.starts_on:
        errors["ends_on"] = ["结束日期不能早于开始日期 (the campaign ends before it starts)"]
    if campaign.lead_department_id and not _inside(campaign.lead_department.division, campaign):
        errors["lead_department"] = [
            "牵头部门须在专项行动的行政区划内 (lead department outside the division)"
        ]
    if campaign.pk and campaign.starts_on and campaign.ends_on:
        outside = CampaignPhase.objects.filter(campaign=campaign).exclude(
            starts_on__gte=campaign.starts_on, ends_on__lte=campaign.ends_on
        )
        names = "、".join(p.name for p in outside)
        if names:
            errors["starts_on"] = [
                f"工作阶段“{names}”将超出专项行动期间，请先调整阶段日期 (phases would fall outside the period)"
            ]
    if errors:
        raise ValidationError(errors)
    return _save_audited(campaign, actor)


def phase_save(*, phase: CampaignPhase, actor) -> CampaignPhase:
    """Create or edit a phase: its dates inside the campaign's, its sort number unused."""
    campaign = _check_part(phase, actor)
    errors: dict[str, list[str]] = {}
    if phase.starts_on and phase.ends_on:
        if phase.ends_on < phase.starts_on:
            errors["ends_on"] = ["阶段结束日期不能早于开始日期 (the phase ends before it starts)"]
        if phase.starts_on < campaign.starts_on or phase.ends_on > campaign.ends_on:
            errors.setdefault("starts_on", []).append(
                f"阶段日期须在专项行动期间 {campaign.starts_on:%Y-%m-%d} 至 {campaign.ends_on:%Y-%m-%d} 内 "
                "(phase dates outside the campaign)"
            )
    if CampaignPhase.objects.filter(campaign=campaign, sort=phase.sort).exclude(pk=phase.pk).exists():
        errors["sort"] = [f"序号 {phase.sort} 已被其他阶段使用 (sort number already used)"]
    if errors:
        raise ValidationError(errors)
    return _save_audited(phase, actor)


def group_member_save(*, member: LeadingGroupMember, actor) -> LeadingGroupMember:
    """Create or edit a post of the leading group or its office."""
    campaign = _check_part(member, actor)
    if member.department_id and not _inside(member.department.division, campaign):
        raise ValidationError(
            {"department": ["所在部门须在专项行动的行政区划内 (department outside the division)"]}
        )
    return _save_audited(member, actor)


def liaison_save(*, liaison: Liaison, actor) -> Liaison:
    """Create or edit one liaison row (联络员基本信息表, seed 002 annex 2) of a unit in the campaign."""
    campaign = _check_part(liaison, actor)
    errors: dict[str, list[str]] = {}
    if liaison.division_id and not _inside(liaison.division, campaign):
        errors["division"] = ["联络员所在区划须在专项行动的行政区划内 (division outside the campaign)"]
    if (
        liaison.department_id
        and liaison.division_id
        and liaison.department.division_id != liaison.division_id
    ):
        errors["department"] = ["平台部门须属于所选区划 (department of another division)"]
    if liaison.mobile and not re.fullmatch(r"1[3-9]\d{9}", liaison.mobile.strip()):
        errors["mobile"] = ["手机号应为 11 位数字 (mobile must be 11 digits)"]
    if errors:
        raise ValidationError(errors)
    if liaison.pk:
        # The old row's division must be writable too (a row is not moved out of reach).
        require(actor, "change", Liaison.objects.get(pk=liaison.pk).division)
    return _save_audited(liaison, actor)


def task_save(
    *,
    task: CampaignTask,
    actor,
    cooperating_departments: Iterable[Department] | None = None,
    divisions: Iterable[Division] | None = None,
) -> CampaignTask:
    """Create or edit a task of the matrix: lead and cooperating departments, and the divisions it is
    assigned to (one TaskAssignment each). A division is taken off only while its assignment has not
    started; assignments already worked on are kept."""
    campaign = _check_part(task, actor)
    errors: dict[str, list[str]] = {}
    if CampaignTask.objects.filter(campaign=campaign, sort=task.sort).exclude(pk=task.pk).exists():
        errors["sort"] = [f"序号 {task.sort} 已被其他任务使用 (sort number already used)"]
    if task.lead_department_id and not _inside(task.lead_department.division, campaign):
        errors["lead_department"] = [
            "牵头部门须在专项行动的行政区划内 (lead department outside the division)"
        ]
    cooperating = list(cooperating_departments) if cooperating_departments is not None else None
    for d in cooperating or ():
        if d.pk == task.lead_department_id:
            errors.setdefault("cooperating_departments", []).append(
                f"{d.name}已是牵头部门，不能同时为配合部门 (lead department listed as cooperating)"
            )
        elif not _inside(d.division, campaign):
            errors.setdefault("cooperating_departments", []).append(
                f"配合部门{d.name}不在专项行动的行政区划内 (department outside the division)"
            )
    wanted = list(divisions) if divisions is not None else None
    for div in wanted or ():
        if not _inside(div, campaign):
            errors.setdefault("divisions", []).append(
                f"{div.name}不在专项行动的行政区划内 (division outside the campaign)"
            )
    if task.due_on and task.due_on > campaign.ends_on:
        errors["due_on"] = [
            f"完成时限不能晚于专项行动结束日期 {campaign.ends_on:%Y-%m-%d} (due after the campaign ends)"
        ]
    removed: list[TaskAssignment] = []
    if wanted is not None and task.pk:
        keep = {d.pk for d in wanted}
        removed = list(task.assignments.exclude(division_id__in=keep).select_related("division"))
        started = [a.division.name for a in removed if a.status != TaskStatus.PENDING]
        if started:
            errors.setdefault("divisions", []).append(
                f"{'、'.join(started)}已开始落实该任务，不能撤销 (assignment already started)"
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _save_audited(
            task, actor, m2m={"cooperating_departments": cooperating} if cooperating is not None else None
        )
        if wanted is not None:
            for a in removed:
                audit_delete(actor=actor, obj=a, note="撤销任务落实区划")
                a.delete()
            have = set(task.assignments.values_list("division_id", flat=True))
            for div in wanted:
                if div.pk not in have:
                    a = TaskAssignment.objects.create(task=task, division=div)
                    audit_create(actor=actor, obj=a)
    return task


def duty_save(*, duty: ReportingDuty, actor) -> ReportingDuty:
    """Create or edit a reporting duty: monthly (template, day, months) or one-off (due date)."""
    campaign = _check_part(duty, actor)
    errors: dict[str, list[str]] = {}
    if duty.division_id and not _inside(duty.division, campaign):
        errors["division"] = ["报送单位须在专项行动的行政区划内 (division outside the campaign)"]
    if duty.department_id and duty.division_id and duty.department.division_id != duty.division_id:
        errors["department"] = ["报送部门须属于报送单位区划 (department of another division)"]
    if duty.kind == DutyKind.MONTHLY_REPORT:
        for name in ("template", "day_of_month", "first_month", "last_month"):
            if not getattr(duty, name):
                errors[name] = ["月报须填写报表模板、每月报送日和起止月份 (monthly duty incomplete)"]
        if duty.first_month and duty.last_month and duty.last_month < duty.first_month:
            errors["last_month"] = ["最后报送月份不能早于首个报送月份"]
        if duty.day_of_month and not 1 <= duty.day_of_month <= 28:
            errors["day_of_month"] = ["每月报送日应在 1 至 28 之间"]
    elif not duty.due_on:
        errors["due_on"] = ["一次性报送须填写报送期限 (a one-off duty needs its due date)"]
    if errors:
        raise ValidationError(errors)
    return _save_audited(duty, actor)


def campaign_part_delete(*, obj: Model, actor) -> None:
    """Delete a phase, leading-group post, liaison or task (with its assignments, none started)."""
    if not isinstance(obj, CampaignPhase | LeadingGroupMember | Liaison | CampaignTask):
        raise ValidationError("该记录不能在此删除")
    require_office(actor, obj.campaign.division)
    if isinstance(obj, CampaignTask):
        started = obj.assignments.exclude(status=TaskStatus.PENDING)
        if started.exists():
            raise ValidationError("任务已有区划开始落实，不能删除 (assignments already started)")
    with transaction.atomic():
        audit_delete(actor=actor, obj=obj)
        obj.delete()


# ---- one-off duties: versioned submissions and their review ----------------------------------------


def latest_submission(duty: ReportingDuty) -> DutySubmission | None:
    return duty.submissions.order_by("-version").first()


def duty_submit(
    *,
    duty: ReportingDuty,
    actor,
    note: str = "",
    fileobj: IO[bytes] | None = None,
    file_name: str = "",
    declared_type: str | None = None,
) -> DutySubmission:
    """Submit a one-off duty (实施方案, 联络员信息表, 工作总结) with its file, as a new version; earlier
    versions are kept. A person must attach a file; an accepted duty takes no further version."""
    if duty.kind == DutyKind.MONTHLY_REPORT:
        raise ValidationError(
            gettext("月报通过报表报送，不在此登记 (monthly reports are submitted as reports)")
        )
    if not allowed(actor, "change", duty.division):
        raise PermissionDenied(gettext("无权为该单位登记报送"))
    if fileobj is None and not is_system_actor(actor):
        raise ValidationError({"file": [gettext("请上传报送的文件 (a file is required)")]})
    from zhenwei.core.files import evidence_store

    with transaction.atomic():
        # Lock the duty so two submissions at once do not take the same version number.
        ReportingDuty.objects.select_for_update().filter(pk=duty.pk).first()
        last = latest_submission(duty)
        if last is not None and last.status == SubmissionStatus.ACCEPTED:
            raise ValidationError(f"第{last.version}版已被采纳，无需再次报送 (the duty was accepted already)")
        submission = DutySubmission.objects.create(
            duty=duty,
            version=(last.version + 1) if last else 1,
            note=note.strip(),
            submitted_by=actor_user(actor),
            submitted_at=timezone.now(),
        )
        if fileobj is not None:
            submission.file = evidence_store(
                fileobj=fileobj,
                name=file_name or "file",
                declared_type=declared_type,
                actor=actor,
                attach_to=submission,
                division=duty.division,
                description=f"{duty.title} 第{submission.version}版",
            )
            submission.save(update_fields=["file"])
        audit_create(actor=actor, obj=submission, note=f"{duty.title} 第{submission.version}版")
    return submission


def submission_review(*, submission: DutySubmission, to: str, actor, reason: str = "") -> DutySubmission:
    """The receiving office accepts (采纳) or returns (退回, with a reason) the latest version of a
    duty; a returned duty is open again until a new version comes."""
    duty = submission.duty
    require_office(actor, duty.campaign.division)
    if to not in (SubmissionStatus.ACCEPTED, SubmissionStatus.RETURNED):
        raise ValidationError({"to": ["审核结果应为“采纳”或“退回” (accepted or returned)"]})
    reason = (reason or "").strip()
    if to == SubmissionStatus.RETURNED and not reason:
        raise ValidationError({"reason": ["退回须说明原因 (a reason is required to return)"]})
    with transaction.atomic():
        submission = DutySubmission.objects.select_for_update().get(pk=submission.pk)
        last = latest_submission(duty)
        if last is None or last.pk != submission.pk:
            raise ValidationError("只能审核最新版本 (only the latest version is reviewed)")
        if submission.status != SubmissionStatus.SUBMITTED:
            raise ValidationError(
                f"该版本已{submission.get_status_display()}，不能再次审核 (already reviewed)"
            )
        submission.status = to
        submission.review_reason = reason
        submission.reviewed_by = actor_user(actor)
        submission.reviewed_at = timezone.now()
        submission.save(update_fields=["status", "review_reason", "reviewed_by", "reviewed_at"])
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=submission,
            before={"status": SubmissionStatus.SUBMITTED},
            after={"status": to, "reason": reason},
            note=reason,
        )
        if submission.submitted_by_id or duty.department_id:
            from zhenwei.notifications.services import notify

            verdict = "已采纳" if to == SubmissionStatus.ACCEPTED else "被退回"
            notify(
                kind="other",
                title=f"{duty.title}（第{submission.version}版）{verdict}",
                body=f"退回原因：{reason}" if reason else "",
                url=reverse("campaigns:duty-detail", args=[duty.pk]),
                users=[submission.submitted_by_id] if submission.submitted_by_id else None,
                departments=[duty.department_id] if duty.department_id else None,
                source_object=submission,
            )
    return submission


# ---- notices of criticism (通报) ----------------------------------------------------------------------


def notice_number_prefix(campaign: Campaign) -> str:
    """The office's notice prefix from the campaign's own number: 云安办发〔2026〕3号 → 云安办通."""
    head = (campaign.doc_number or "").split("〔")[0].strip()
    if head.endswith("发"):
        head = head[:-1]
    return f"{head or '专项办'}通"


def notice_next_number(campaign: Campaign, year: int) -> str:
    prefix = f"{notice_number_prefix(campaign)}〔{year}〕"
    taken = CriticismNotice.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    used = [int(m.group(1)) for n in taken if (m := re.fullmatch(re.escape(prefix) + r"(\d+)号", n))]
    return f"{prefix}{max(used, default=0) + 1}号"


def notice_issue(
    *,
    campaign: Campaign,
    target_division: Division,
    text: str,
    actor,
    target_department: Department | None = None,
    duties: Iterable[ReportingDuty] = (),
    title: str = "",
    number: str = "",
    issued_on: dt.date | None = None,
    issuing_department: Department | None = None,
) -> CriticismNotice:
    """Issue a notice of criticism (通报) to a unit that missed its duties; the unit is notified."""
    require_office(actor, campaign.division)
    duties = list(duties)
    errors: dict[str, list[str]] = {}
    if not _inside(target_division, campaign):
        errors["target_division"] = ["被通报单位须在专项行动的行政区划内 (unit outside the campaign)"]
    if target_department is not None and target_department.division_id != target_division.pk:
        errors["target_department"] = ["被通报部门须属于被通报单位区划 (department of another division)"]
    if issuing_department is not None and issuing_department.division_id != campaign.division_id:
        errors["issuing_department"] = ["印发部门须属于专项行动的行政区划 (issuing department elsewhere)"]
    for duty in duties:
        if duty.campaign_id != campaign.pk or duty.division_id != target_division.pk:
            errors.setdefault("duties", []).append(
                f"报送任务“{duty.title}”不属于该专项行动或该单位 (duty of another campaign or unit)"
            )
    if not (text or "").strip():
        errors["text"] = ["请填写通报内容 (the text is required)"]
    issued_on = issued_on or timezone.localdate()
    number = (number or "").strip() or notice_next_number(campaign, issued_on.year)
    if CriticismNotice.objects.filter(number=number).exists():
        errors["number"] = [f"通报文号 {number} 已被使用 (number already used)"]
    if errors:
        raise ValidationError(errors)
    unit = target_department.name if target_department else target_division.name
    notice = CriticismNotice(
        campaign=campaign,
        number=number,
        title=(title or "").strip() or f"关于{unit}未按时报送{campaign.title}有关材料的通报",
        issuing_division=campaign.division,
        issuing_department=issuing_department or campaign.lead_department,
        target_division=target_division,
        target_department=target_department,
        text=text.strip(),
        issued_on=issued_on,
        created_by=actor_user(actor),
    )
    with transaction.atomic():
        _save_audited(notice, actor, m2m={"duties": duties})
        from zhenwei.notifications.services import notify

        if target_department is not None:
            departments = [target_department]
        else:
            departments = list(Department.objects.filter(division=target_division, is_active=True))
        notify(
            kind="overdue",
            title=f"通报：{notice.title}"[:200],
            body=f"{notice.number}\n{notice.text[:300]}",
            url=reverse("campaigns:notice-detail", args=[notice.pk]),
            departments=departments,
            dedupe_key=f"campaign-notice:{notice.pk}",
            source_object=notice,
        )
    return notice
