"""Writes of the report engine: drafts, audited adjustments, the submission workflow, uploads."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from zhenwei.core.access import actor_user, holds_above, is_system_actor, require
from zhenwei.core.audit import audit_create, audit_record, snapshot
from zhenwei.core.choices import AuditAction
from zhenwei.core.models import Division

from .choices import REPORT_TRANSITIONS, Column, ReportSource, ReportStatus, RowKind
from .models import MonthlyReport, ReportAdjustment, ReportTemplate
from .selectors import (
    campaign_for,
    cumulative_below_last_report,
    form_compute,
    form_values,
    month_start,
)

EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)


def _require_fill(actor, division: Division, department=None) -> None:
    """A division's figures come from someone who may change records there (a town: its own;
    ``core.access.require``); a department's column from that department's own staff only (never
    another department of the same division)."""
    if department is None:
        try:
            require(actor, "change", division)
        except PermissionDenied:
            raise PermissionDenied(
                gettext("无权填报该区划的报表 (no change right in this division)")
            ) from None
        return
    if is_system_actor(actor):
        return
    from .departments import can_fill_for

    if not can_fill_for(actor, department):
        raise PermissionDenied("只有本部门人员可以填报本部门的报表 (another department's report)")


def can_review(user, report: MonthlyReport) -> bool:
    """Accepting or returning is for the level above: "approve" held strictly above the division
    (``core.access.holds_above``); a department's column is reviewed by the campaign office of its
    division ("approve" there)."""
    if report.department_id is not None:
        from .departments import can_review_departments

        return can_review_departments(user, report.division)
    return holds_above(user, report.division, "approve")


def report_ensure(*, template: ReportTemplate, division: Division, month: dt.date, actor) -> MonthlyReport:
    """The report of a division for a month, created as a draft when it does not exist yet."""
    month = month_start(month)
    report = MonthlyReport.objects.filter(
        template=template, division=division, month=month, department__isnull=True
    ).first()
    if report is not None:
        return report
    _require_fill(actor, division)
    with transaction.atomic():
        report = MonthlyReport.objects.create(
            template=template,
            division=division,
            month=month,
            campaign=campaign_for(template=template, division=division, month=month),
        )
        audit_create(actor=actor, obj=report)
    return report


def department_report_ensure(
    *, template: ReportTemplate, division: Division, department, month: dt.date, actor
) -> MonthlyReport:
    """A member department's own report for the month (seed 004), created as a draft by that
    department's staff; refused for a department that is not a member of the campaign there."""
    from .departments import campaign_members

    month = month_start(month)
    report = MonthlyReport.objects.filter(
        template=template, division=division, department=department, month=month
    ).first()
    if report is not None:
        return report
    probe = MonthlyReport(template=template, division=division, department=department, month=month)
    _require_fill(actor, division, department)
    campaign = campaign_for(template=template, division=division, month=month)
    if department.pk not in {m.department.pk for m in campaign_members(campaign=campaign, division=division)}:
        raise ValidationError(
            f"“{department.name}”不是本区划专项行动任务的牵头或配合部门 (not a member department)"
        )
    with transaction.atomic():
        probe.campaign = campaign
        probe.save()
        audit_create(actor=actor, obj=probe)
    return probe


def _check_editable(report: MonthlyReport) -> None:
    if report.status not in EDITABLE:
        raise ValidationError(
            gettext(
                "报表状态为“%(report_get_status_displa)s”，不能修改 (only drafts and returned reports can change)"
            )
            % {"report_get_status_displa": report.get_status_display()}
        )


def report_update(
    *,
    report: MonthlyReport,
    actor,
    texts: dict[str, str] | None = None,
    preparer: str | None = None,
    preparer_phone: str | None = None,
) -> MonthlyReport:
    """Fill the free-text rows and the preparer line (填表人, 联系电话)."""
    _require_fill(actor, report.division, report.department)
    _check_editable(report)
    text_codes = set(report.template.rows.filter(kind=RowKind.TEXT).values_list("code", flat=True))
    before = snapshot(report)
    with transaction.atomic():
        if texts:
            unknown = set(texts) - text_codes
            if unknown:
                raise ValidationError(
                    gettext("表中没有这些文字栏目：%(join_sorted_unknown)s")
                    % {"join_sorted_unknown": ", ".join(sorted(unknown))}
                )
            report.texts = {**report.texts, **{k: str(v).strip()[:2000] for k, v in texts.items()}}
        if preparer is not None:
            report.preparer = preparer.strip()[:64]
        if preparer_phone is not None:
            report.preparer_phone = preparer_phone.strip()[:40]
        report.save()
        from zhenwei.core.audit import audit_update

        audit_update(actor=actor, obj=report, before=before)
    return report


def _parse_number(raw, where: str) -> Decimal:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(
            gettext("%(where)s：“%(raw)s”不是数字 (not a number)") % {"where": where, "raw": raw}
        ) from None
    if not value.is_finite():
        raise ValidationError(
            gettext("%(where)s：“%(raw)s”不是数字 (not a number)") % {"where": where, "raw": raw}
        )
    if value < 0:
        raise ValidationError(
            gettext("%(where)s：不能为负数 (negative: %(raw)s)") % {"where": where, "raw": raw}
        )
    return value


def report_adjust(
    *, report: MonthlyReport, row_code: str, column: str, value, reason: str, actor
) -> ReportAdjustment:
    """Correct one cell by hand; only with a written reason, audited, shown beside the computed value.
    In a department's column, a row whose records carry no department (not computed) is simply
    filled in: the reason may be left out there."""
    _require_fill(actor, report.division, report.department)
    _check_editable(report)
    row = report.template.rows.filter(code=row_code, kind=RowKind.NUMBER).first()
    if row is None:
        raise ValidationError(gettext("表中没有数值行 %(row_code)s") % {"row_code": row_code})
    if column not in Column.values:
        raise ValidationError(
            gettext("栏目应为 %(join_column_values)s") % {"join_column_values": "/".join(Column.values)}
        )
    number = _parse_number(value, f"{row.label}（{row.unit}）")
    form = _report_form(report)
    line = next(x for x in form.lines if x.row.code == row_code)
    computed = line.month.computed if column == Column.MONTH else line.cumulative.computed
    reason = (reason or "").strip()
    if report.department_id is not None and computed is None and not reason:
        reason = "部门填报（该行记录不分部门）"
    if len(reason) < 4:
        raise ValidationError(gettext("人工调整必须写明理由（至少4个字）(a written reason is required)"))
    with transaction.atomic():
        adjustment = ReportAdjustment.objects.create(
            report=report,
            row_code=row_code,
            column=column,
            computed=computed,
            value=number,
            reason=reason,
            created_by=actor_user(actor),
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=report,
            before={"row": row_code, "column": column, "computed": computed},
            after={"row": row_code, "column": column, "value": number},
            note=f"人工调整：{reason}",
        )
    return adjustment


def _transition(report: MonthlyReport, to: str, actor, note: str = "", **fields) -> MonthlyReport:
    if to not in REPORT_TRANSITIONS.get(report.status, frozenset()):
        raise ValidationError(
            gettext(
                "不能从“%(report_get_status_displa)s”变为“%(reportstatus_to_label)s” (transition not allowed)"
            )
            % {
                "report_get_status_displa": report.get_status_display(),
                "reportstatus_to_label": ReportStatus(to).label,
            }
        )
    before = report.status
    report.status = to
    for name, value in fields.items():
        setattr(report, name, value)
    report.save()
    audit_record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=report,
        before={"status": before},
        after={"status": to},
        note=note,
    )
    return report


def _report_form(report: MonthlyReport):
    """The live form behind a report: the division's, or the department's own column."""
    if report.department_id is not None:
        from .departments import department_form

        return department_form(
            template=report.template,
            division=report.division,
            department=report.department,
            month=report.month,
        )
    return form_compute(template=report.template, division=report.division, month=report.month)


def report_submit(*, report: MonthlyReport, actor) -> MonthlyReport:
    """Submit to the level above: the figures (with adjustments) are frozen into the report."""
    _require_fill(actor, report.division, report.department)
    with transaction.atomic():
        report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
        values = report.values
        if report.source == ReportSource.PLATFORM:
            values = form_values(_report_form(report))
        return _transition(
            report,
            ReportStatus.SUBMITTED,
            actor,
            values=values,
            submitted_by=actor_user(actor),
            submitted_at=timezone.now(),
            return_reason="",
        )


def report_accept(*, report: MonthlyReport, actor) -> MonthlyReport:
    if not can_review(actor, report):
        raise PermissionDenied(gettext("只有上级专项办可以审核 (approve right above this division required)"))
    with transaction.atomic():
        report = MonthlyReport.objects.select_for_update().select_related("division").get(pk=report.pk)
        return _transition(
            report, ReportStatus.ACCEPTED, actor, reviewed_by=actor_user(actor), reviewed_at=timezone.now()
        )


def report_return(*, report: MonthlyReport, actor, reason: str) -> MonthlyReport:
    if not can_review(actor, report):
        raise PermissionDenied(gettext("只有上级专项办可以退回 (approve right above this division required)"))
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise ValidationError(gettext("退回必须写明理由（至少4个字）(a reason is required)"))
    with transaction.atomic():
        report = MonthlyReport.objects.select_for_update().select_related("division").get(pk=report.pk)
        return _transition(
            report,
            ReportStatus.RETURNED,
            actor,
            note=reason,
            return_reason=reason,
            reviewed_by=actor_user(actor),
            reviewed_at=timezone.now(),
        )


def report_upload(
    *, template: ReportTemplate, division: Division, month: dt.date, fileobj, name: str, actor
) -> MonthlyReport:
    """A division not on the platform sends its filled-in XLSX form: validated cell by cell, stored
    as evidence, counted in the roll-up as a submitted report."""
    from zhenwei.core.files import evidence_store

    from .uploads import parse_upload

    _require_fill(actor, division)
    month = month_start(month)
    parsed = parse_upload(fileobj=fileobj, template=template)
    falling = cumulative_below_last_report(
        template=template, division=division, month=month, values=parsed.values
    )
    if falling:
        # 累计 never decreases: the roll-up would fall below what this unit already reported.
        raise ValidationError(
            "累计数不能低于上次报送数 (cumulative below the last report)：" + "；".join(falling)
        )
    with transaction.atomic():
        report = (
            MonthlyReport.objects.select_for_update()
            .filter(template=template, division=division, month=month, department__isnull=True)
            .first()
        )
        if report is not None and report.status == ReportStatus.ACCEPTED:
            raise ValidationError(gettext("该月报表已审核通过，不能再上传 (already accepted)"))
        if (
            report is not None
            and report.source == ReportSource.PLATFORM
            and report.status == ReportStatus.SUBMITTED
        ):
            raise ValidationError(gettext("该单位已在平台报送本月报表 (already submitted on the platform)"))
        fileobj.seek(0)
        evidence = evidence_store(
            fileobj=fileobj,
            name=name,
            actor=actor,
            division=division,
            declared_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            description=f"{template.title} {month:%Y-%m} {division.name}",
        )
        created = report is None
        if created:
            report = MonthlyReport(
                template=template,
                division=division,
                month=month,
                campaign=campaign_for(template=template, division=division, month=month),
            )
        report.source = ReportSource.UPLOAD
        report.values = parsed.values
        report.texts = parsed.texts
        report.preparer = parsed.preparer
        report.preparer_phone = parsed.preparer_phone
        report.upload = evidence
        report.status = ReportStatus.SUBMITTED
        report.submitted_by = actor_user(actor)
        report.submitted_at = timezone.now()
        report.return_reason = ""
        report.save()
        audit_record(
            actor=actor,
            action=AuditAction.IMPORT,
            obj=report,
            after={"values": parsed.values},
            note=f"上传报表 {name}",
        )
    return report
