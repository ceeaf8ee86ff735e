"""Reads of the report engine: a whole form (and the roll-up of its lower units) computed with a
bounded number of grouped queries, and the records behind any cell."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from zhenwei.core.access import below_q, restrict, user_scope, visible_divisions
from zhenwei.core.models import Division
from zhenwei.core.params import parse_month

from . import metrics
from .choices import Column, ReportSource, ReportStatus, RowKind
from .models import MonthlyReport, ReportAdjustment, ReportTemplate, TemplateRow

# Statistical placeholders (市辖区, 县) between a province-level city and its districts and counties.
PSEUDO_DIVISION_NAMES = frozenset({"市辖区", "县", "自治县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
FROZEN = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


@dataclass
class Cell:
    """One value of the form: what is reported, what the platform computed, and any adjustment."""

    value: Decimal | None = None
    computed: Decimal | None = None
    adjustment: ReportAdjustment | None = None

    @property
    def adjusted(self) -> bool:
        return self.adjustment is not None


@dataclass
class FormLine:
    row: TemplateRow
    month: Cell = field(default_factory=Cell)
    cumulative: Cell = field(default_factory=Cell)
    text: str = ""
    note: str = ""
    units: list[tuple[Decimal | None, Decimal | None]] = field(default_factory=list)

    frozen: bool = False  # the division's own report is submitted/accepted: value is what it sent

    @property
    def live(self) -> bool:
        return not self.note

    @property
    def live_month(self) -> Decimal | None:
        """The figure computed now, shown beside a frozen one that differs (else None)."""
        return _differs(self.frozen, self.month)

    @property
    def live_cumulative(self) -> Decimal | None:
        return _differs(self.frozen, self.cumulative)


def _differs(frozen: bool, cell: Cell) -> Decimal | None:
    if not frozen or cell.computed is None or cell.computed == cell.value:
        return None
    return cell.computed


@dataclass
class UnitStatus:
    """A lower unit that should report: whether it did for the month, and, when it did not, the
    month of its last report whose figures are carried (see docs/reports.md, "the roll-up")."""

    unit: Division
    report: MonthlyReport | None = None
    carried_from: MonthlyReport | None = None

    @property
    def reported(self) -> bool:
        return self.report is not None


@dataclass
class Form:
    template: ReportTemplate
    division: Division
    month: dt.date
    since: dt.date
    campaign: object | None
    report: MonthlyReport | None
    lines: list[FormLine]
    units: list[Division] = field(default_factory=list)
    unit_reports: dict[int, MonthlyReport] = field(default_factory=dict)
    unit_status: list[UnitStatus] = field(default_factory=list)
    queries: int = 0

    @property
    def reported_units(self) -> list[Division]:
        return [s.unit for s in self.unit_status if s.reported]

    @property
    def missing_units(self) -> list[UnitStatus]:
        return [s for s in self.unit_status if not s.reported]

    @property
    def preparer(self) -> str:
        return self.report.preparer if self.report else ""

    @property
    def preparer_phone(self) -> str:
        return self.report.preparer_phone if self.report else ""

    @property
    def status_display(self) -> str:
        return self.report.get_status_display() if self.report else gettext("未建立")


def month_start(value: dt.date | str) -> dt.date:
    """The first day of a month given as a date or ``YYYY-MM`` (zhenwei.core.params.parse_month: a
    month that cannot be is InvalidParameter, a 400; report URLs turn it into 404)."""
    return parse_month(value)


def campaign_for(*, template: ReportTemplate, division: Division, month: dt.date):
    """The most local campaign using this template whose area contains the division and whose period
    covers the month (its start is the 累计 start)."""
    from zhenwei.campaigns.models import Campaign

    codes = division.ancestor_codes
    end = metrics.next_month(month)
    candidates = (
        Campaign.objects.filter(
            Q(report_template=template.slug) | Q(duties__template=template.slug),
            division__code__in=codes,
            starts_on__lt=end,
            ends_on__gte=month,
        )
        .select_related("division")
        .distinct()
    )
    best = None
    for campaign in candidates:
        if best is None or len(campaign.division.path) > len(best.division.path):
            best = campaign
    return best


def report_units(division: Division, subtree: list[Division]) -> list[Division]:
    """The lower units that report to ``division``: its children, with statistical placeholders
    (市辖区, 县) replaced by their own children."""
    by_parent: dict[int | None, list[Division]] = {}
    for d in subtree:
        by_parent.setdefault(d.parent_id, []).append(d)
    units: list[Division] = []
    stack = list(by_parent.get(division.pk, []))
    while stack:
        d = stack.pop(0)
        if d.name in PSEUDO_DIVISION_NAMES and by_parent.get(d.pk):
            stack = by_parent[d.pk] + stack
        else:
            units.append(d)
    return sorted(units, key=lambda d: d.code)


def _dec(value) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(str(value))


def _frozen_value(report: MonthlyReport, code: str, column: str) -> Decimal | None:
    return _dec((report.values or {}).get(code, {}).get(column))


def _overrides(reports: list[MonthlyReport]) -> dict[str, MonthlyReport]:
    """Reports whose figures replace the live computation: uploaded, or submitted/accepted (frozen)."""
    return {r.division.path: r for r in reports if r.source == ReportSource.UPLOAD or r.status in FROZEN}


def _maximal_below(path: str, override_paths: list[str]) -> list[str]:
    below = sorted(p for p in override_paths if p.startswith(path) and p != path)
    kept: list[str] = []
    for p in below:
        if not any(p.startswith(k) for k in kept):
            kept.append(p)
    return kept


def _earlier_reports(
    *, template: ReportTemplate, division: Division, month: dt.date, since: dt.date, overrides: dict
) -> dict[str, MonthlyReport]:
    """The last report (uploaded, or submitted/accepted) of each division of the subtree in the
    累计 period before ``month``, for the divisions that have not reported ``month``: one query."""
    earlier = MonthlyReport.objects.filter(
        Q(source=ReportSource.UPLOAD) | Q(status__in=FROZEN),
        template=template,
        division__path__startswith=division.path,
        department__isnull=True,
        month__gte=min(since, month),
        month__lt=month,
    ).select_related("division")
    carried: dict[str, MonthlyReport] = {}
    for report in earlier.order_by("month"):
        carried[report.division.path] = report
    return {p: r for p, r in carried.items() if p not in overrides}


def cumulative_below_last_report(
    *, template: ReportTemplate, division: Division, month: dt.date, values: dict
) -> list[str]:
    """Rows whose 累计 in ``values`` is below the 累计 of the division's last report earlier in the
    same 累计 period (positions excepted): a form that would make the roll-up's 累计 fall."""
    month = month_start(month)
    campaign = campaign_for(template=template, division=division, month=month)
    since = campaign.starts_on if campaign else dt.date(month.year, 1, 1)
    last = (
        MonthlyReport.objects.filter(
            Q(source=ReportSource.UPLOAD) | Q(status__in=FROZEN),
            template=template,
            division=division,
            department__isnull=True,
            month__gte=min(since, month),
            month__lt=month,
        )
        .order_by("-month")
        .first()
    )
    if last is None:
        return []
    problems = []
    for row in template.rows.filter(kind=RowKind.NUMBER):
        if not row.metric or metrics.is_position(row.metric):
            continue
        before = _frozen_value(last, row.code, Column.CUMULATIVE)
        now = _dec((values.get(row.code) or {}).get(Column.CUMULATIVE))
        if before is not None and now is not None and now < before:
            problems.append(f"{row.label}（{row.unit}）累计 {now} 低于 {last.month:%Y-%m} 报送的 {before}")
    return problems


def _carry_deltas(
    values: metrics.PathValues,
    row: TemplateRow,
    overrides: dict[str, MonthlyReport],
    carried: dict[str, MonthlyReport],
) -> dict[str, tuple[Decimal, Decimal]]:
    """What each unit that did not report adds to the roll-up of one row, by the rule of
    docs/reports.md ("As-of figures and the roll-up"): its 累计 never falls below the 累计 of its
    last report in the period; a position row of a unit that last reported by upload (its records
    are not on the platform) keeps its last uploaded figure. 本月 is never carried. Deepest units
    first, so a county's carry sees its towns' carries."""
    deltas: dict[str, tuple[Decimal, Decimal]] = {}
    if row.metric in values.unavailable:
        return deltas
    position = metrics.is_position(row.metric)
    for path in sorted(carried, key=len, reverse=True):
        if any(path.startswith(o) for o in overrides):
            continue  # inside a unit that did report: its report stands
        report = carried[path]
        last = _frozen_value(report, row.code, Column.CUMULATIVE)
        if last is None:
            continue
        _m, current, _note = _live_figure(values, row, path, overrides, deltas)
        current = current or Decimal(0)
        if position:
            if report.source == ReportSource.UPLOAD and last != current:
                deltas[path] = (last - current, last - current)
        elif last > current:
            deltas[path] = (Decimal(0), last - current)
    return deltas


def _live_figure(
    values: metrics.PathValues,
    row: TemplateRow,
    path: str,
    overrides: dict[str, MonthlyReport],
    carry: dict[str, tuple[Decimal, Decimal]] | None = None,
) -> tuple[Decimal | None, Decimal | None, str]:
    """(month, cumulative, note) for a division subtree: records on the platform, with lower units'
    uploaded or frozen reports replacing the records of their subtree, plus what units that did
    not report carry (``carry``, from _carry_deltas)."""
    below = _maximal_below(path, list(overrides))
    live = values.subtree(row.metric, path)
    note = values.unavailable.get(row.metric, "")
    if live is None:
        if not below:
            return None, None, note
        m = c = Decimal(0)
        any_value = False
        for p in below:
            vm = _frozen_value(overrides[p], row.code, "month")
            vc = _frozen_value(overrides[p], row.code, "cumulative")
            any_value = any_value or vm is not None or vc is not None
            m += vm or 0
            c += vc or 0
        return (m, c, note) if any_value else (None, None, note)
    m, c = live
    for p in below:
        sub = values.subtree(row.metric, p) or (Decimal(0), Decimal(0))
        m += (_frozen_value(overrides[p], row.code, "month") or 0) - sub[0]
        c += (_frozen_value(overrides[p], row.code, "cumulative") or 0) - sub[1]
    for p, (dm, dc) in (carry or {}).items():
        if p.startswith(path):
            m += dm
            c += dc
    return m, c, ""


def _latest_adjustments(report: MonthlyReport | None) -> dict[tuple[str, str], ReportAdjustment]:
    if report is None:
        return {}
    latest: dict[tuple[str, str], ReportAdjustment] = {}
    for adj in sorted(report.adjustments.all(), key=lambda a: (a.created_at, a.pk)):
        latest[(adj.row_code, adj.column)] = adj
    return latest


def default_texts(
    *, template: ReportTemplate, division: Division, campaign, month: dt.date
) -> dict[str, str]:
    """Prefill of the free-text rows: the notice this division issued for a campaign of this
    template running in the month (or the campaign itself when it is this division's)."""
    from zhenwei.campaigns.models import Campaign

    texts: dict[str, str] = {}
    local = Campaign.objects.filter(
        report_template=template.slug,
        division=division,
        starts_on__lt=metrics.next_month(month),
        ends_on__gte=month,
    ).order_by("-issued_on")
    notice = local.first() or (
        campaign if campaign is not None and campaign.division_id == division.pk else None
    )
    if notice is not None:
        texts["notice"] = f"{notice.doc_title or notice.title}（{notice.doc_number}）"
    return texts


def form_compute(
    *, template: ReportTemplate, division: Division, month: dt.date, with_units: bool = False
) -> Form:
    """The whole form of ``division`` for ``month`` (and, with_units, each lower unit's column):
    a fixed number of queries whatever the number of rows and divisions."""
    month = month_start(month)
    rows = list(template.rows.all())
    campaign = campaign_for(template=template, division=division, month=month)
    since = campaign.starts_on if campaign else dt.date(month.year, 1, 1)
    reports = list(
        MonthlyReport.objects.filter(
            template=template, month=month, division__path__startswith=division.path, department__isnull=True
        )
        .select_related("division", "submitted_by", "reviewed_by")
        .prefetch_related("adjustments")
    )
    own = next((r for r in reports if r.division_id == division.pk), None)
    overrides = _overrides(reports)
    carried = _earlier_reports(
        template=template, division=division, month=month, since=since, overrides=overrides
    )
    keys = [r.metric for r in rows if r.kind == RowKind.NUMBER and r.metric]
    values = metrics.compute(keys=keys, root_path=division.path, month=month, since=since)
    units: list[Division] = []
    if with_units:
        subtree = list(Division.objects.filter(path__startswith=division.path).order_by("path"))
        units = report_units(division, subtree)
    adjustments = _latest_adjustments(own)
    texts = {
        **default_texts(template=template, division=division, campaign=campaign, month=month),
        **(own.texts if own else {}),
    }
    lines: list[FormLine] = []
    for row in rows:
        line = FormLine(row=row, text=texts.get(row.code, ""))
        if row.kind == RowKind.NUMBER:
            own_override = own is not None and own.division.path in overrides
            carry = _carry_deltas(values, row, overrides, carried)
            m, c, note = _live_figure(values, row, division.path, overrides, carry)
            line.frozen = own_override
            line.note = note if m is None else ""
            line.month.computed, line.cumulative.computed = m, c
            if own_override:
                line.month.value = _frozen_value(own, row.code, Column.MONTH)
                line.cumulative.value = _frozen_value(own, row.code, Column.CUMULATIVE)
                if own.source == ReportSource.UPLOAD:
                    line.note = ""
            else:
                line.month.value, line.cumulative.value = m, c
            for column, cell in ((Column.MONTH, line.month), (Column.CUMULATIVE, line.cumulative)):
                adj = adjustments.get((row.code, column))
                if adj is not None:
                    cell.adjustment = adj
                    if not own_override:
                        cell.value = adj.value
            for unit in units:
                unit_override = overrides.get(unit.path)
                if unit_override is not None:
                    line.units.append(
                        (
                            _frozen_value(unit_override, row.code, Column.MONTH),
                            _frozen_value(unit_override, row.code, Column.CUMULATIVE),
                        )
                    )
                else:
                    um, uc, _ = _live_figure(values, row, unit.path, overrides, carry)
                    line.units.append((um, uc))
        lines.append(line)
    unit_reports = {r.division_id: r for r in reports if r.division_id != division.pk}
    unit_status = [
        UnitStatus(unit=u, report=overrides.get(u.path), carried_from=carried.get(u.path)) for u in units
    ]
    return Form(
        template=template,
        division=division,
        month=month,
        since=since,
        campaign=campaign,
        report=own,
        lines=lines,
        units=units,
        unit_reports=unit_reports,
        unit_status=unit_status,
        queries=values.queries,
    )


def form_values(form: Form) -> dict[str, dict[str, str | None]]:
    """The reported numbers of a form as JSON (frozen into the report on submission)."""
    out: dict[str, dict[str, str | None]] = {}
    for line in form.lines:
        if line.row.kind != RowKind.NUMBER:
            continue
        out[line.row.code] = {
            Column.MONTH: None if line.month.value is None else str(line.month.value),
            Column.CUMULATIVE: None if line.cumulative.value is None else str(line.cumulative.value),
        }
    return out


def default_division(*, user) -> Division | None:
    """The division a user's report pages open on: their highest own division (the county for a
    platform administrator), None for a user in no division."""
    scope = user_scope(user)
    if scope.division_paths:
        return Division.objects.filter(path=min(scope.division_paths, key=len)).first()
    return Division.objects.filter(code="500235").first() if scope.is_global else None


def division_for_user(*, user, code: str) -> Division:
    """A division the user may open reports of (their own and below), else PermissionDenied."""
    division = visible_divisions(user).filter(code=code).first()
    if division is None:
        if Division.objects.filter(code=code).exists():
            raise PermissionDenied(gettext("无权查看该区划的报表 (division outside your scope)"))
        raise Division.DoesNotExist(code)
    return division


def cell_records(
    *, user, template: ReportTemplate, row: TemplateRow, division: Division, month: dt.date, column: str
) -> QuerySet:
    """The records behind one cell, restricted to what the user may see."""
    month = month_start(month)
    campaign = campaign_for(template=template, division=division, month=month)
    since = campaign.starts_on if campaign else dt.date(month.year, 1, 1)
    start = month if column == Column.MONTH else min(since, month)
    qs = metrics.records(
        key=row.metric, division_path=division.path, start=start, end=metrics.next_month(month)
    )
    return restrict(qs, user)


def report_list(*, user, filters: dict | None = None) -> QuerySet:
    qs = restrict(
        MonthlyReport.objects.select_related("template", "division", "department", "submitted_by"), user
    )
    filters = filters or {}
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("template"):
        qs = qs.filter(template__slug=filters["template"])
    if filters.get("month"):
        qs = qs.filter(month=month_start(filters["month"]))
    return qs


def reports_to_review(*, user) -> QuerySet:
    """Submitted reports of divisions strictly below where the user holds "approve"
    (``core.access.below_q``), and the member departments' columns of the divisions where they hold
    it, at or below (the campaign office reviews its own departments: reports' own rule)."""
    qs = MonthlyReport.objects.filter(status=ReportStatus.SUBMITTED).select_related(
        "division", "template", "department"
    )
    scope = user_scope(user)
    if scope.is_global:
        return qs
    office = Q(pk__in=[])
    for path, caps in scope.caps_by_path.items():
        if "approve" in caps:
            office |= Q(division__path__startswith=path)
    return qs.filter(below_q(user, "approve", "division") | (Q(department__isnull=False) & office))


def subtree_figures(
    *, template: ReportTemplate, division: Division, month: dt.date
) -> dict[str, dict[str, tuple[Decimal | None, Decimal | None]]]:
    """Every division of a subtree (a whole city) with its figures for every number row:
    {division code: {row code: (本月, 累计)}}, from the same bounded set of grouped queries as one
    form. Lower units' uploaded or submitted figures replace their records, as in the roll-up."""
    month = month_start(month)
    rows = [r for r in template.rows.all() if r.kind == RowKind.NUMBER]
    campaign = campaign_for(template=template, division=division, month=month)
    since = campaign.starts_on if campaign else dt.date(month.year, 1, 1)
    reports = list(
        MonthlyReport.objects.filter(
            template=template, month=month, division__path__startswith=division.path, department__isnull=True
        ).select_related("division")
    )
    overrides = _overrides(reports)
    carried = _earlier_reports(
        template=template, division=division, month=month, since=since, overrides=overrides
    )
    values = metrics.compute(
        keys=[r.metric for r in rows if r.metric], root_path=division.path, month=month, since=since
    )
    carries = {row.code: _carry_deltas(values, row, overrides, carried) for row in rows}
    out: dict[str, dict[str, tuple[Decimal | None, Decimal | None]]] = {}
    for d in Division.objects.filter(path__startswith=division.path).only("code", "path"):
        figures = {}
        own = overrides.get(d.path)
        for row in rows:
            if own is not None:
                figures[row.code] = (
                    _frozen_value(own, row.code, Column.MONTH),
                    _frozen_value(own, row.code, Column.CUMULATIVE),
                )
            else:
                m, c, _note = _live_figure(values, row, d.path, overrides, carries[row.code])
                figures[row.code] = (m, c)
        out[d.code] = figures
    return out


# The web watch ledger's monthly figures: the report rows themselves (one definition).
LEDGER_ROWS = {
    "发现假冒网站": "webwatch.sites_found",
    "封堵网站": "webwatch.sites_blocked",
    "非法提供技术服务": "webwatch.tech_services",
    "发现并移交相关部门问题线索": "cases.clues_handed_over",
}


def metric_total(*, key: str, division: Division, start: dt.date, end: dt.date, user=None) -> Decimal:
    """One metric's figure over [start, end) in a division subtree, summed from the records its
    cell lists (same definition, same as-of rule as the form), optionally restricted to ``user``."""
    from django.db.models import Count, Sum

    name, param = metrics.split_key(key)
    metric = metrics.REGISTRY[name]
    if isinstance(metric, metrics.DerivedMetric):
        inputs = [k if (":" in k or param is None) else f"{k}:{param}" for k in metric.inputs]
        values = [metric_total(key=k, division=division, start=start, end=end, user=user) for k in inputs]
        return metric.combine(values)
    qs = metrics.records(key=key, division_path=division.path, start=start, end=end)
    if user is not None:
        qs = restrict(qs, user)
    if metric.agg == "sum":
        value = qs.aggregate(v=Sum(metric.field, default=0))["v"]
    elif metric.agg == "distinct":
        value = qs.aggregate(v=Count(metric.field, distinct=True))["v"]
    else:
        value = qs.count()
    return Decimal(value or 0) * metric.scale


def ledger_figures(*, division: Division, month: dt.date, user=None) -> dict[str, Decimal]:
    """The web watch ledger's figures for a month: rows r15, r16, r17 and r14 of the certificate
    campaign's form, read from the same metric definitions (so the two cannot disagree)."""
    start = month_start(month)
    end = metrics.next_month(start)
    return {
        label: metric_total(key=key, division=division, start=start, end=end, user=user)
        for label, key in LEDGER_ROWS.items()
    }
