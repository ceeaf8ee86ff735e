"""Per-department reporting (seed 004: 各部门每月5号前将上月打假统计数据报送到镇打假办): the member
departments of a campaign — the lead and cooperating departments of its tasks — each report their
own column; the campaign office sees every column, the total, and who is late.

Reads only (selectors); the writes are in services.py (``department_report_*``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext

from zhenwei.core.access import allowed, user_scope
from zhenwei.core.models import Department, Division

from . import metrics
from .choices import Column, RowKind
from .models import MonthlyReport, ReportTemplate
from .selectors import (
    FROZEN,
    Form,
    FormLine,
    _frozen_value,
    _latest_adjustments,
    campaign_for,
    month_start,
)

DEFAULT_DUE_DAY = 5  # seed 004: 每月5号前报送上月数据


@dataclass
class Member:
    """A member department of the campaign in the division, with the tasks it leads or supports."""

    department: Department
    lead: list[str] = field(default_factory=list)
    cooperating: list[str] = field(default_factory=list)

    @property
    def role_display(self) -> str:
        return gettext("牵头") if self.lead else gettext("配合")


def campaign_members(*, campaign, division: Division) -> list[Member]:
    """The lead and cooperating departments of the campaign's tasks (campaigns.CampaignTask) that sit
    in ``division``, in task order: the units that report a column of its forms."""
    if campaign is None:
        return []
    from zhenwei.campaigns.models import CampaignTask

    members: dict[int, Member] = {}
    tasks = (
        CampaignTask.objects.filter(campaign=campaign)
        .select_related("lead_department__kind")
        .prefetch_related("cooperating_departments__kind")
        .order_by("sort")
    )
    for task in tasks:
        departments = [(task.lead_department, True)] + [
            (d, False) for d in task.cooperating_departments.all()
        ]
        for department, lead in departments:
            if department.division_id != division.pk or not department.is_active:
                continue
            member = members.setdefault(department.pk, Member(department=department))
            (member.lead if lead else member.cooperating).append(task.title)
    return list(members.values())


def due_date(
    *, campaign, template: ReportTemplate, division: Division, department, month: dt.date
) -> dt.date:
    """The day the month's report is due: the ``day_of_month`` of the campaign's monthly duty for
    this template (the department's own duty first, then the division's), else the 5th of the next
    month."""
    day = None
    if campaign is not None:
        from zhenwei.campaigns.models import ReportingDuty

        duties = ReportingDuty.objects.filter(
            campaign=campaign, template=template.slug, day_of_month__isnull=False
        ).filter(division=division)
        for duty in sorted(duties, key=lambda d: d.department_id != getattr(department, "pk", None)):
            if duty.department_id in (None, getattr(department, "pk", None)):
                day = duty.day_of_month
                break
    nxt = metrics.next_month(month)
    day = min(max(day or DEFAULT_DUE_DAY, 1), 28)
    return nxt.replace(day=day)


def department_form(
    *, template: ReportTemplate, division: Division, department: Department, month: dt.date
) -> Form:
    """One department's column of the form: rows computed from the records of that department in
    the division's subtree (records that carry a department: inspections, clues, cases and their
    actions, tips, the webwatch ledger, certificate checks); rows whose records carry none (the
    register, self-checks, training institutions, publicity) are not computed and are entered by
    the department by hand. Submitted: the frozen figures."""
    month = month_start(month)
    campaign = campaign_for(template=template, division=division, month=month)
    since = campaign.starts_on if campaign else dt.date(month.year, 1, 1)
    report = (
        MonthlyReport.objects.filter(template=template, division=division, department=department, month=month)
        .prefetch_related("adjustments")
        .first()
    )
    rows = list(template.rows.all())
    keys = [r.metric for r in rows if r.kind == RowKind.NUMBER and r.metric]
    values = metrics.compute(
        keys=keys, root_path=division.path, month=month, since=since, department=department.pk
    )
    frozen = report is not None and report.status in FROZEN
    adjustments = _latest_adjustments(report)
    texts = report.texts if report else {}
    lines = []
    for row in rows:
        line = FormLine(row=row, text=texts.get(row.code, ""))
        if row.kind == RowKind.NUMBER:
            live = values.subtree(row.metric, division.path) if row.metric else None
            note = values.unavailable.get(row.metric, "") if row.metric else "本行由部门填报"
            m, c = live if live is not None else (None, None)
            line.month.computed, line.cumulative.computed = m, c
            line.note = "" if live is not None else note
            line.frozen = frozen
            if frozen:
                line.month.value = _frozen_value(report, row.code, Column.MONTH)
                line.cumulative.value = _frozen_value(report, row.code, Column.CUMULATIVE)
            else:
                line.month.value, line.cumulative.value = m, c
                for column, cell in ((Column.MONTH, line.month), (Column.CUMULATIVE, line.cumulative)):
                    adj = adjustments.get((row.code, column))
                    if adj is not None:
                        cell.adjustment = adj
                        cell.value = adj.value
        lines.append(line)
    return Form(
        template=template,
        division=division,
        month=month,
        since=since,
        campaign=campaign,
        report=report,
        lines=lines,
        queries=values.queries,
    )


@dataclass
class DepartmentColumn:
    """One member department in the office's view: its report, its figures, due day and lateness."""

    member: Member
    form: Form
    due: dt.date
    today: dt.date

    @property
    def department(self) -> Department:
        return self.member.department

    @property
    def report(self) -> MonthlyReport | None:
        return self.form.report

    @property
    def submitted(self) -> bool:
        return self.report is not None and self.report.status in FROZEN

    @property
    def submitted_late(self) -> bool:
        return (
            self.submitted
            and self.report.submitted_at is not None
            and timezone.localtime(self.report.submitted_at).date() > self.due
        )

    @property
    def late(self) -> bool:
        """Not submitted and the due day has passed (逾期未报)."""
        return not self.submitted and self.today > self.due

    @property
    def status_display(self) -> str:
        if self.submitted:
            return self.report.get_status_display() + (gettext("（逾期报送）") if self.submitted_late else "")
        if self.late:
            return gettext("逾期未报")
        return self.report.get_status_display() if self.report else gettext("未填报")

    def figures(self, code: str) -> tuple[Decimal | None, Decimal | None]:
        line = next((x for x in self.form.lines if x.row.code == code), None)
        if line is None:
            return None, None
        return line.month.value, line.cumulative.value


@dataclass
class DepartmentOverview:
    """The campaign office's view: every member department's column, the total, who is late."""

    template: ReportTemplate
    division: Division
    month: dt.date
    campaign: object | None
    columns: list[DepartmentColumn]
    rows: list  # number rows of the template

    @property
    def late(self) -> list[DepartmentColumn]:
        return [c for c in self.columns if c.late]

    @property
    def submitted(self) -> list[DepartmentColumn]:
        return [c for c in self.columns if c.submitted]

    def total(self, code: str) -> tuple[Decimal | None, Decimal | None]:
        """Sum of the departments' columns (a cell no department filled stays empty)."""
        months = [c.figures(code)[0] for c in self.columns]
        cumulatives = [c.figures(code)[1] for c in self.columns]
        m = (
            sum((v for v in months if v is not None), Decimal(0))
            if any(v is not None for v in months)
            else None
        )
        c = (
            sum((v for v in cumulatives if v is not None), Decimal(0))
            if any(v is not None for v in cumulatives)
            else None
        )
        return m, c

    def table(self) -> list[tuple]:
        """[(row, [(month, cumulative) per department], (total month, total cumulative))]."""
        return [(row, [c.figures(row.code) for c in self.columns], self.total(row.code)) for row in self.rows]


def department_overview(
    *, template: ReportTemplate, division: Division, month: dt.date, today: dt.date | None = None
) -> DepartmentOverview:
    """Every member department's column for the month, with the total and the late ones. Costs one
    form computation per member department (a handful per division)."""
    month = month_start(month)
    today = today or timezone.localdate()
    campaign = campaign_for(template=template, division=division, month=month)
    columns = []
    for member in campaign_members(campaign=campaign, division=division):
        form = department_form(
            template=template, division=division, department=member.department, month=month
        )
        due = due_date(
            campaign=campaign, template=template, division=division, department=member.department, month=month
        )
        columns.append(DepartmentColumn(member=member, form=form, due=due, today=today))
    rows = [r for r in template.rows.all() if r.kind == RowKind.NUMBER]
    return DepartmentOverview(
        template=template, division=division, month=month, campaign=campaign, columns=columns, rows=rows
    )


def can_fill_for(user, department: Department) -> bool:
    """A department's column is filled and submitted by that department's own staff (a membership
    with the "change" right in it), or by a platform administrator; never by another department."""
    scope = user_scope(user)
    if scope.is_global:
        return True
    if department.pk not in scope.department_ids:
        return False
    from zhenwei.core.roles import ROLE_CAPABILITIES

    return any(
        "change" in ROLE_CAPABILITIES.get(m.role, ())
        for m in user.memberships.filter(department=department, is_active=True)
    )


def can_review_departments(user, division: Division) -> bool:
    """The campaign office of the division (the "approve" right there or above) accepts or returns
    its departments' columns."""
    return allowed(user, "approve", division)


def department_values(form: Form) -> dict[str, dict[str, str | None]]:
    out = {}
    for line in form.lines:
        if line.row.kind == RowKind.NUMBER:
            out[line.row.code] = {
                Column.MONTH: None if line.month.value is None else str(line.month.value),
                Column.CUMULATIVE: None if line.cumulative.value is None else str(line.cumulative.value),
            }
    return out
