"""Reads of campaigns: visible campaigns, task-matrix progress by division and department, reporting
duties with their due dates, reminders and the overdue list."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from zhenwei.core.access import restrict, user_scope
from zhenwei.core.deadlines import is_overdue, overdue_q
from zhenwei.core.masking import mask_phone
from zhenwei.core.models import Division

from .choices import REPORTED_STATUSES, DutyKind, TaskStatus
from .models import Campaign, DutySubmission, Liaison, ReportingDuty, TaskAssignment


def campaign_list(*, user, filters: dict | None = None) -> QuerySet:
    """Campaigns the user may see (the one visibility rule): those of their divisions and below, and
    those copied to their department as a participating unit (campaign_share_with_participants)."""
    qs = restrict(Campaign.objects.select_related("division", "lead_department"), user)
    filters = filters or {}
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("q"):
        qs = qs.filter(Q(title__icontains=filters["q"]) | Q(doc_number__icontains=filters["q"]))
    return qs


@dataclass
class ProgressRow:
    """Done / total assignments for a division or a department."""

    key: str
    label: str
    total: int = 0
    done: int = 0
    in_progress: int = 0
    blocked: int = 0

    @property
    def percent(self) -> int:
        return round(self.done * 100 / self.total) if self.total else 0


def task_matrix(*, campaign: Campaign, user) -> dict:
    """Tasks × divisions with each assignment's status, plus progress by division and by department."""
    tasks = list(
        campaign.tasks.select_related("lead_department", "category").prefetch_related(
            "cooperating_departments"
        )
    )
    assignments = list(
        restrict(TaskAssignment.objects.filter(task__campaign=campaign), user).select_related(
            "division", "task__lead_department"
        )
    )
    divisions = sorted({a.division for a in assignments}, key=lambda d: d.code)
    cells = {(a.task_id, a.division_id): a for a in assignments}
    by_division: dict[int, ProgressRow] = {}
    by_department: dict[int, ProgressRow] = {}
    for a in assignments:
        for bucket, key, label in (
            (by_division, a.division_id, a.division.name),
            (by_department, a.task.lead_department_id, a.task.lead_department.name),
        ):
            row = bucket.setdefault(key, ProgressRow(key=str(key), label=label))
            row.total += 1
            row.done += a.status == TaskStatus.DONE
            row.in_progress += a.status == TaskStatus.IN_PROGRESS
            row.blocked += a.status == TaskStatus.BLOCKED
    matrix = [(t, [cells.get((t.pk, d.pk)) for d in divisions]) for t in tasks]
    total = ProgressRow(key="all", label=gettext("合计"))
    for r in by_division.values():
        total.total += r.total
        total.done += r.done
        total.in_progress += r.in_progress
        total.blocked += r.blocked
    return {
        "tasks": tasks,
        "divisions": divisions,
        "matrix": matrix,
        "by_division": sorted(by_division.values(), key=lambda r: r.label),
        "by_department": sorted(by_department.values(), key=lambda r: -r.total),
        "total": total,
    }


@dataclass
class LiaisonView:
    """A liaison row with phones masked unless the viewer holds "pii" for the liaison's division."""

    liaison: Liaison
    phone: str
    mobile: str
    masked: bool


def liaison_rows(*, campaign: Campaign, user) -> list[LiaisonView]:
    scope = user_scope(user)
    rows = []
    for liaison in campaign.liaisons.select_related("division", "department"):
        whole = scope.can_in("pii", liaison.division)
        rows.append(
            LiaisonView(
                liaison=liaison,
                phone=liaison.phone if whole else mask_phone(liaison.phone),
                mobile=liaison.mobile if whole else mask_phone(liaison.mobile),
                masked=not whole,
            )
        )
    return rows


# ---- reporting duties -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DueItem:
    """One occurrence of a duty: the monthly report for ``period`` due on ``due``, or a one-off."""

    duty: ReportingDuty
    period: dt.date | None
    due: dt.date
    done: bool

    @property
    def title(self) -> str:
        if self.period:
            return gettext("%(division)s·%(title)s（%(month)s）") % {
                "division": self.duty.division.name,
                "title": self.duty.title,
                "month": date_format(self.period, "YEAR_MONTH_FORMAT"),
            }
        return f"{self.duty.division.name}·{self.duty.title}"

    def url(self) -> str:
        from django.urls import reverse

        if self.duty.kind == DutyKind.MONTHLY_REPORT and self.duty.template and self.period:
            return reverse(
                "reports:form", args=[self.duty.template, self.duty.division.code, f"{self.period:%Y-%m}"]
            )
        return reverse("campaigns:duty-detail", args=[self.duty.pk])


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    out, m = [], first.replace(day=1)
    while m <= last:
        out.append(m)
        m = m.replace(year=m.year + 1, month=1) if m.month == 12 else m.replace(month=m.month + 1)
    return out


def _due_for(period: dt.date, day: int) -> dt.date:
    nxt = (
        period.replace(year=period.year + 1, month=1)
        if period.month == 12
        else period.replace(month=period.month + 1)
    )
    return nxt.replace(day=min(day, 28))


def duty_items(*, duties: QuerySet | list[ReportingDuty], until: dt.date) -> list[DueItem]:
    """Every occurrence of the duties due up to ``until`` with whether it was done: monthly ones are
    done when the report is submitted or accepted, one-offs while their latest version is submitted
    or accepted (a returned one is open again)."""
    duties = list(duties)
    submitted: set[tuple[str, int, dt.date]] = set()
    monthly = [d for d in duties if d.kind == DutyKind.MONTHLY_REPORT]
    if monthly:
        # reports (above campaigns) answers through the hook it registers (campaigns.contracts).
        from .contracts import monthly_reports_in

        submitted = monthly_reports_in(
            division_ids={d.division_id for d in monthly}, template_slugs={d.template for d in monthly}
        )
    done_once = reported_once(duties=[d for d in duties if d.kind != DutyKind.MONTHLY_REPORT])
    items: list[DueItem] = []
    for duty in duties:
        if duty.kind == DutyKind.MONTHLY_REPORT:
            if not (duty.first_month and duty.last_month and duty.day_of_month):
                continue
            for period in _months(duty.first_month, duty.last_month):
                due = _due_for(period, duty.day_of_month)
                if due > until:
                    break
                items.append(
                    DueItem(duty, period, due, (duty.template, duty.division_id, period) in submitted)
                )
        elif duty.due_on and duty.due_on <= until:
            items.append(DueItem(duty, None, duty.due_on, duty.pk in done_once))
    return sorted(items, key=lambda i: (i.due, i.duty.division.code))


def reported_once(*, duties) -> set[int]:
    """Ids of the one-off duties whose latest version is submitted or accepted (not returned)."""
    from django.db.models import OuterRef, Subquery

    ids = [d.pk for d in duties]
    if not ids:
        return set()
    latest = DutySubmission.objects.filter(duty=OuterRef("pk")).order_by("-version").values("status")[:1]
    return set(
        ReportingDuty.objects.filter(pk__in=ids)
        .annotate(last_status=Subquery(latest))
        .filter(last_status__in=list(REPORTED_STATUSES))
        .values_list("pk", flat=True)
    )


def _duties_below(division: Division) -> QuerySet:
    return ReportingDuty.objects.filter(division__path__startswith=division.path).select_related(
        "division", "campaign", "department"
    )


def overdue_duties(*, division: Division, today: dt.date | None = None) -> list[DueItem]:
    """Occurrences past their due date and not done, for units at or below ``division``."""
    today = today or timezone.localdate()
    return [
        i
        for i in duty_items(duties=_duties_below(division), until=today - dt.timedelta(days=1))
        if not i.done
    ]


def overdue_tasks(*, division: Division, today: dt.date | None = None) -> list[TaskAssignment]:
    today = today or timezone.localdate()
    return list(
        TaskAssignment.objects.filter(
            overdue_q("task__due_on", today=today), division__path__startswith=division.path
        )
        .exclude(status=TaskStatus.DONE)
        .select_related("task", "division")
    )


def duties_for_user(*, user, today: dt.date | None = None) -> tuple[list[DueItem], list[DueItem]]:
    """(reminders due soon, overdue) for the duties of the user's own departments and divisions;
    campaign offices ("approve") also see the overdue units below them."""
    today = today or timezone.localdate()
    scope = user_scope(user)
    if not scope.division_ids and not scope.is_global:
        return [], []
    own = ReportingDuty.objects.filter(
        Q(department_id__in=scope.department_ids)
        | Q(department__isnull=True, division_id__in=scope.division_ids)
    ).select_related("division", "campaign")
    horizon = today + dt.timedelta(days=31)
    upcoming, overdue = [], []
    for item in duty_items(duties=own, until=horizon):
        if item.done:
            continue
        if is_overdue(item.due, today):
            overdue.append(item)
        elif (item.due - today).days <= item.duty.remind_days:
            upcoming.append(item)
    approve_paths = [p for p, caps in scope.caps_by_path.items() if "approve" in caps]
    if approve_paths:
        condition = Q()
        for p in approve_paths:
            condition |= Q(division__path__startswith=p) & ~Q(division__path=p)
        below = ReportingDuty.objects.filter(condition).select_related("division", "campaign")
        seen = {(i.duty.pk, i.period) for i in overdue}
        for item in duty_items(duties=below, until=today - dt.timedelta(days=1)):
            if not item.done and (item.duty.pk, item.period) not in seen:
                overdue.append(item)
    return upcoming, overdue


def campaign_duty_table(*, campaign: Campaign, today: dt.date | None = None) -> list[DueItem]:
    today = today or timezone.localdate()
    return duty_items(
        duties=campaign.duties.select_related("division", "department", "campaign"),
        until=today + dt.timedelta(days=31),
    )


def status_counts(items: list[DueItem], today: dt.date) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for i in items:
        counts["done" if i.done else ("overdue" if is_overdue(i.due, today) else "open")] += 1
    return dict(counts)


# ---- notices of criticism ---------------------------------------------------------------------------


@dataclass
class OverdueUnit:
    """A unit (division, and department where the duty names one) with its overdue duties."""

    division: Division
    department: object | None
    items: list[DueItem]

    @property
    def duties(self) -> list[ReportingDuty]:
        return list({i.duty.pk: i.duty for i in self.items}.values())

    @property
    def key(self) -> str:
        return f"{self.division.pk}-{getattr(self.department, 'pk', '') or ''}"


def overdue_units(*, campaign: Campaign, today: dt.date | None = None) -> list[OverdueUnit]:
    """The units of the campaign with duties past due and not done: who a notice would criticise."""
    today = today or timezone.localdate()
    items = duty_items(
        duties=campaign.duties.select_related("division", "department", "campaign"),
        until=today - dt.timedelta(days=1),
    )
    units: dict[tuple, OverdueUnit] = {}
    for item in items:
        if item.done:
            continue
        key = (item.duty.division_id, item.duty.department_id)
        unit = units.setdefault(key, OverdueUnit(item.duty.division, item.duty.department, []))
        unit.items.append(item)
    return sorted(units.values(), key=lambda u: (u.division.code, getattr(u.department, "name", "")))


def notice_list(*, user, campaign: Campaign | None = None) -> QuerySet:
    """Notices the user may see: of the units at or below their divisions."""
    from .models import CriticismNotice

    qs = restrict(
        CriticismNotice.objects.select_related(
            "campaign", "target_division", "target_department", "issuing_department"
        ),
        user,
    )
    return qs.filter(campaign=campaign) if campaign is not None else qs


def duty_versions(*, duty: ReportingDuty) -> list:
    return list(duty.submissions.select_related("file", "submitted_by", "reviewed_by").order_by("-version"))
