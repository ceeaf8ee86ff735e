"""Urgent reports (重要情况随时报送): sent at once to the campaign office and the level above, each
recipient department acknowledging."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from zhenwei.catalog.contracts import nearest_department
from zhenwei.core.access import actor_user, is_system_actor, require
from zhenwei.core.audit import audit_record, audit_update, snapshot
from zhenwei.core.choices import AuditAction, Role
from zhenwei.core.models import Department, Division, Membership
from zhenwei.notifications.contracts import notification_mark_read_by_source, notify

from ..choices import UrgentReportStatus
from ..models import UrgentReport, UrgentReportRecipient


def _campaign_office_departments(division: Division, *, strictly_above: bool = False) -> list[Department]:
    """Departments holding a campaign-office membership in the division's ancestors, nearest first."""
    codes = division.ancestor_codes[:-1] if strictly_above else division.ancestor_codes
    found: dict[str, Department] = {}
    for m in (
        Membership.objects.filter(
            role=Role.CAMPAIGN_OFFICE,
            is_active=True,
            department__is_active=True,
            department__division__code__in=codes,
        )
        .select_related("department__division")
        .order_by("pk")
    ):
        found.setdefault(m.department.division.code, m.department)
    return [found[c] for c in reversed(codes) if c in found]


def urgent_report_recipients(
    *, reporting_department: Department, campaign=None
) -> list[tuple[Department, str]]:
    """Who receives an urgent report: the campaign office (the campaign's lead department, else the nearest
    campaign office), the campaign office of the level above it, and the reporting department's own
    line department at the level above."""
    division = reporting_department.division
    result: list[tuple[Department, str]] = []

    def add(dept: Department | None, reason: str) -> None:
        if (
            dept is not None
            and dept.pk != reporting_department.pk
            and all(d.pk != dept.pk for d, _ in result)
        ):
            result.append((dept, reason))

    office = campaign.lead_department if campaign is not None and campaign.lead_department_id else None
    if office is None:
        offices = _campaign_office_departments(division)
        office = offices[0] if offices else None
    add(office, "专项办")
    if office is not None:
        above = _campaign_office_departments(office.division, strictly_above=True)
        add(above[0] if above else None, "上级专项办")
    if division.parent_id:
        add(
            nearest_department(kind_id=reporting_department.kind_id, division=division.parent), "上级主管部门"
        )
    return result


def urgent_report_submit(
    *,
    reporting_department: Department,
    title: str,
    body: str,
    actor,
    campaign=None,
    occurred_on: dt.date | None = None,
) -> UrgentReport:
    """Send an urgent report (重要情况随时报送) at once to the campaign office and the level above; each
    recipient department must acknowledge it."""
    require(actor, "change", reporting_department.division)
    if (
        not is_system_actor(actor)
        and not actor.memberships.filter(department=reporting_department, is_active=True).exists()
        and not actor.is_superuser
    ):
        raise PermissionDenied(gettext("只能以本人所在单位的名义报送"))
    recipients = urgent_report_recipients(reporting_department=reporting_department, campaign=campaign)
    if not recipients:
        raise ValidationError(gettext("找不到接收单位（专项办或上级部门），请联系平台管理员配置"))
    report = UrgentReport(
        campaign=campaign,
        title=title,
        body=body,
        occurred_on=occurred_on,
        reporting_department=reporting_department,
        division=reporting_department.division,
        reported_by=actor_user(actor),
        reported_at=timezone.now(),
    )
    report.full_clean()
    with transaction.atomic():
        report.save()
        for dept, reason in recipients:
            UrgentReportRecipient.objects.create(report=report, department=dept, reason=reason)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=report,
            after={**snapshot(report), "recipients": [d.pk for d, _ in recipients]},
        )
        notify(
            kind="urgent_report",
            title=f"重要情况报送：{title}",
            body=f"{reporting_department.name}报送，请及时签收。\n{body[:200]}",
            url=reverse("joint:urgent-detail", args=[report.pk]),
            departments=[d for d, _ in recipients],
            due=timezone.localdate(),
            dedupe_key=f"urgent:{report.pk}",
            source_object=report,
        )
    return report


def urgent_report_acknowledge(
    *, recipient: UrgentReportRecipient, actor, note: str = ""
) -> UrgentReportRecipient:
    """A member of a recipient department acknowledges (签收) the report; audited."""
    user = actor_user(actor)
    if (
        user is None
        or not user.is_authenticated
        or not user.memberships.filter(department_id=recipient.department_id, is_active=True).exists()
    ):
        raise PermissionDenied(gettext("只有接收单位的工作人员可以签收"))
    with transaction.atomic():
        recipient = UrgentReportRecipient.objects.select_for_update().get(pk=recipient.pk)
        if recipient.acknowledged_at is not None:
            return recipient
        before = snapshot(recipient)
        recipient.acknowledged_by = user
        recipient.acknowledged_at = timezone.now()
        recipient.note = note[:255]
        recipient.save()
        audit_update(actor=actor, obj=recipient, before=before, note="签收")
        report = recipient.report
        if not report.recipients.filter(acknowledged_at__isnull=True).exists():
            report_before = snapshot(report)
            report.status = UrgentReportStatus.ACKNOWLEDGED
            report.save(update_fields=["status"])
            audit_update(actor=actor, obj=report, before=report_before, note="全部接收单位已签收")
        notification_mark_read_by_source(
            source_object=report, departments=[recipient.department_id], kind="urgent_report"
        )
    return recipient
