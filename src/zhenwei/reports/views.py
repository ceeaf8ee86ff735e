"""Staff pages of the report engine: the monthly form with its roll-up, the records behind a cell,
the submission workflow, uploads, exports and the dashboard."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from zhenwei.core.access import user_scope, visible_divisions
from zhenwei.core.audit import audit_record
from zhenwei.core.choices import AuditAction
from zhenwei.core.models import Division
from zhenwei.core.params import parse_year

from . import dashboard as dash
from . import metrics, services
from .choices import Column, ReportStatus, RowKind
from .exports import export, filename, fmt, units_with_data
from .metric_defs import is_sum_of_parts
from .models import MonthlyReport, ReportTemplate
from .selectors import (
    cell_records,
    division_for_user,
    form_compute,
    month_start,
    report_list,
    reports_to_review,
)

RECORD_FILTER_FIELDS = frozenset({"channel"})


def _month(value: str) -> dt.date:
    try:
        return month_start(value)
    except (ValueError, IndexError):
        raise Http404(gettext("月份格式应为 YYYY-MM")) from None


def _division(request, code: str) -> Division:
    try:
        return division_for_user(user=request.user, code=code)
    except Division.DoesNotExist:
        raise Http404(gettext("区划不存在")) from None


def _default_division(user) -> Division | None:
    scope = user_scope(user)
    if scope.division_paths:
        return Division.objects.filter(path=min(scope.division_paths, key=len)).first()
    return Division.objects.filter(code="500235").first() if scope.is_global else None


def _form_url(slug: str, code: str, month: dt.date) -> str:
    return reverse("reports:form", args=[slug, code, f"{month:%Y-%m}"])


@login_required
@require_GET
def index(request):
    if not user_scope(request.user).can("view"):
        raise PermissionDenied(gettext("无权查看报表"))
    division = _default_division(request.user)
    today = timezone.localdate()
    last_month = month_start(today.replace(day=1) - dt.timedelta(days=1))
    templates = ReportTemplate.objects.filter(is_active=True)
    if request.GET.get("template") and request.GET.get("division") and request.GET.get("month"):
        return redirect(
            _form_url(request.GET["template"], request.GET["division"], _month(request.GET["month"]))
        )
    reports = report_list(user=request.user, filters=request.GET)[:100]
    return render(
        request,
        "reports/index.html",
        {
            "templates": templates,
            "division": division,
            "month": last_month,
            "reports": reports,
            "to_review": reports_to_review(user=request.user)[:50],
            "divisions": visible_divisions(request.user).exclude(level="town").order_by("path")[:200],
            "statuses": ReportStatus.choices,
        },
    )


@login_required
@require_GET
def form_page(request, slug: str, code: str, month: str):
    template = get_object_or_404(ReportTemplate, slug=slug)
    division = _division(request, code)
    form = form_compute(template=template, division=division, month=_month(month), with_units=True)
    report = form.report
    scope = user_scope(request.user)
    show_all = request.GET.get("units") == "all"
    unit_columns_idx = list(range(len(form.units))) if show_all else units_with_data(form)
    unit_columns = [(form.units[i], form.unit_reports.get(form.units[i].pk)) for i in unit_columns_idx]
    can_edit = scope.can_in("change", division) and (report is None or report.status in services.EDITABLE)
    return render(
        request,
        "reports/form.html",
        {
            "form": form,
            "template": template,
            "division": division,
            "report": report,
            "month_str": f"{form.month:%Y-%m}",
            "prev_month": f"{(form.month - dt.timedelta(days=1)):%Y-%m}",
            "next_month": f"{metrics.next_month(form.month):%Y-%m}",
            "can_edit": can_edit,
            "can_submit": scope.can_in("change", division)
            and (report is None or report.status in services.EDITABLE),
            "can_review": report is not None
            and report.status in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
            and services.can_review(request.user, report),
            "number_lines": [x for x in form.lines if x.row.kind == RowKind.NUMBER],
            "number_rows": _spans([x for x in form.lines if x.row.kind == RowKind.NUMBER]),
            "text_lines": [x for x in form.lines if x.row.kind == RowKind.TEXT],
            "unit_columns": unit_columns,
            "unit_rows": [
                (line, [line.units[i] for i in unit_columns_idx])
                for line in form.lines
                if line.row.kind == RowKind.NUMBER
            ],
            "fmt": fmt,
            "columns": Column,
        },
    )


@login_required
@require_GET
def cell_page(request, slug: str, code: str, month: str, row_code: str, column: str):
    """The records behind one number (every number is traceable)."""
    template = get_object_or_404(ReportTemplate, slug=slug)
    division = _division(request, code)
    row = get_object_or_404(template.rows, code=row_code, kind=RowKind.NUMBER)
    if column not in Column.values:
        raise Http404(gettext("栏目不存在"))
    base, param = metrics.split_key(row.metric)
    metric = metrics.REGISTRY.get(base)
    reason = metrics.availability(row.metric)
    parts = []
    part_tables = []
    if isinstance(metric, metrics.DerivedMetric):
        parts = [
            (k, metrics.REGISTRY[metrics.split_key(k)[0]].label)
            for k in metrics.expand([row.metric])[1][row.metric][1]
        ]
        qs = None
        if not reason and is_sum_of_parts(metric):
            # A sum of parts (e.g. 发现并移交线索): the records of each part, so the cell stays traceable.
            for key, label in parts:
                part = metrics.REGISTRY[metrics.split_key(key)[0]]
                part_qs = cell_records(
                    user=request.user,
                    template=template,
                    row=SimpleNamespace(metric=key),
                    division=division,
                    month=_month(month),
                    column=column,
                )
                part_page, part_rows = _page_rows(request, part, part_qs)
                part_tables.append(
                    {
                        "key": key,
                        "label": label,
                        "metric": part,
                        "amount_label": _amount_label(part),
                        "page": part_page,
                        "rows": part_rows,
                        "count": part_page.paginator.count,
                    }
                )
    elif reason:
        qs = None
    else:
        qs = cell_records(
            user=request.user,
            template=template,
            row=row,
            division=division,
            month=_month(month),
            column=column,
        )
    page, rows = _page_rows(request, metric, qs)
    return render(
        request,
        "reports/cell.html",
        {
            "template": template,
            "division": division,
            "row": row,
            "column": Column(column),
            "month_str": month,
            "metric": metric,
            "amount_label": _amount_label(metric),
            "reason": reason,
            "page": page,
            "rows": rows,
            "count": page.paginator.count if page is not None else None,
            "parts": parts,
            "part_tables": part_tables,
            "form_url": _form_url(slug, code, _month(month)),
        },
    )


def _spans(lines) -> list[dict]:
    """Rows of the number table with rowspans for the merged 类别 and 分项 cells, as on paper."""
    out = []
    for i, line in enumerate(lines):
        first_of_section = i == 0 or lines[i - 1].row.section != line.row.section
        first_of_group = first_of_section or lines[i - 1].row.group != line.row.group
        section_span = group_span = 0
        if first_of_section:
            section_span = sum(1 for _ in _same_run(lines, i, lambda a, b: a.row.section == b.row.section))
        if first_of_group and line.row.group:
            group_span = sum(
                1
                for _ in _same_run(
                    lines, i, lambda a, b: a.row.section == b.row.section and a.row.group == b.row.group
                )
            )
        out.append({"line": line, "section_span": section_span, "group_span": group_span})
    return out


def _same_run(lines, start, same):
    for j in range(start, len(lines)):
        if not same(lines[start], lines[j]):
            return
        yield j


def _page_rows(request, metric, qs):
    """One page of the records behind a number, with the division, date and amount of each."""
    if qs is None:
        return None, []
    if metric.field is not None and not isinstance(metric.field, str):
        qs = qs.annotate(_amount=metric.field)
    qs = qs.order_by(*(["-" + metric.date_field] if metric.date_field else []), "-pk")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = []
    for obj in page:
        if metric.field is None:
            amount = ""
        elif isinstance(metric.field, str):
            amount = _follow(obj, metric.field)
        else:
            amount = obj._amount
        rows.append(
            {
                "obj": obj,
                "division": _follow(obj, metric.division_field),
                "date": _follow(obj, metric.date_field) if metric.date_field else "",
                "amount": amount,
                "url": obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "",
            }
        )
    return page, rows


def _amount_label(metric) -> str:
    if metric is None or isinstance(metric, metrics.DerivedMetric) or metric.field is None:
        return ""
    if isinstance(metric.field, str):
        model = metric.model_class()
        try:
            return str(metrics._field_of(model, metric.field).verbose_name) if model else metric.field
        except Exception:  # noqa: BLE001 - a label only
            return metric.field
    return gettext("金额（元）")


def _follow(obj, path: str | None):
    if not path:
        return ""
    for part in path.split("__"):
        obj = getattr(obj, part, None)
        if obj is None:
            return ""
    return obj


def _report_for_post(request, slug, code, month) -> tuple[MonthlyReport, ReportTemplate, Division]:
    template = get_object_or_404(ReportTemplate, slug=slug)
    division = _division(request, code)
    report = services.report_ensure(
        template=template, division=division, month=_month(month), actor=request.user
    )
    return report, template, division


def _run(request, func, ok_message: str):
    try:
        func()
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
        return False
    messages.success(request, ok_message)
    return True


@login_required
@require_POST
def form_save(request, slug, code, month):
    report, template, division = _report_for_post(request, slug, code, month)
    texts = {r.code: request.POST.get(f"text_{r.code}", "") for r in template.rows.filter(kind=RowKind.TEXT)}
    _run(
        request,
        lambda: services.report_update(
            report=report,
            actor=request.user,
            texts=texts,
            preparer=request.POST.get("preparer", ""),
            preparer_phone=request.POST.get("preparer_phone", ""),
        ),
        gettext("已保存"),
    )
    return redirect(_form_url(slug, code, report.month))


@login_required
@require_POST
def form_adjust(request, slug, code, month):
    report, _t, _d = _report_for_post(request, slug, code, month)
    _run(
        request,
        lambda: services.report_adjust(
            report=report,
            row_code=request.POST.get("row", ""),
            column=request.POST.get("column", ""),
            value=request.POST.get("value", ""),
            reason=request.POST.get("reason", ""),
            actor=request.user,
        ),
        gettext("已调整（已记录理由并审计）"),
    )
    return redirect(_form_url(slug, code, report.month))


@login_required
@require_POST
def form_transition(request, slug, code, month, action: str):
    template = get_object_or_404(ReportTemplate, slug=slug)
    division = _division(request, code)
    if action == "submit":
        report = services.report_ensure(
            template=template, division=division, month=_month(month), actor=request.user
        )
        _run(
            request, lambda: services.report_submit(report=report, actor=request.user), gettext("已报送上级")
        )
    else:
        report = get_object_or_404(
            MonthlyReport, template=template, division=division, month=_month(month), department__isnull=True
        )
        if action == "accept":
            _run(
                request,
                lambda: services.report_accept(report=report, actor=request.user),
                gettext("已审核通过"),
            )
        elif action == "return":
            _run(
                request,
                lambda: services.report_return(
                    report=report, actor=request.user, reason=request.POST.get("reason", "")
                ),
                gettext("已退回"),
            )
        else:
            raise Http404("unknown action")
    return redirect(_form_url(slug, code, report.month))


@login_required
@require_GET
def form_export(request, slug, code, month, fmt_name):
    template = get_object_or_404(ReportTemplate, slug=slug)
    division = _division(request, code)
    form = form_compute(template=template, division=division, month=_month(month), with_units=True)
    if fmt_name == "template.xlsx":
        from .exports import XLSX_MIME, to_xlsx

        data, mime, name = to_xlsx(form, blank=True), XLSX_MIME, f"{template.slug}-{division.code}-blank.xlsx"
    else:
        try:
            data, mime = export(form, fmt_name)
        except ValueError:
            raise Http404(gettext("格式应为 xlsx、docx 或 pdf")) from None
        name = filename(form, fmt_name)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        model="reports.monthlyreport",
        object_id=f"{template.slug}/{division.code}/{form.month:%Y-%m}",
        object_repr=f"{template.title} {division.name} {form.month:%Y-%m} {fmt_name}",
        division_id=division.pk,
    )
    response = HttpResponse(data, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def upload_page(request):
    """A division not on the platform: upload its filled-in XLSX form."""
    templates = ReportTemplate.objects.filter(is_active=True)
    divisions = visible_divisions(request.user).order_by("path")[:500]
    if request.method == "POST":
        template = get_object_or_404(ReportTemplate, slug=request.POST.get("template", ""))
        division = _division(request, request.POST.get("division", ""))
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, gettext("请选择要上传的 XLSX 文件"))
        else:
            try:
                report = services.report_upload(
                    template=template,
                    division=division,
                    month=_month(request.POST.get("month", "")),
                    fileobj=upload,
                    name=upload.name,
                    actor=request.user,
                )
            except ValidationError as exc:
                for msg in exc.messages:
                    messages.error(request, msg)
            else:
                messages.success(request, gettext("上传成功，已计入汇总"))
                return redirect(_form_url(template.slug, division.code, report.month))
    # a refused upload answers 400; the page lists why
    status = 400 if request.method == "POST" else 200
    return render(
        request, "reports/upload.html", {"templates": templates, "divisions": divisions}, status=status
    )


@login_required
@require_GET
def dashboard_page(request):
    division = (
        _division(request, request.GET["division"])
        if request.GET.get("division")
        else _default_division(request.user)
    )
    if division is None:
        raise PermissionDenied(gettext("无可查看的区划"))
    return render(
        request, "reports/dashboard.html", {"division": division, "year": timezone.localdate().year}
    )


@login_required
@require_GET
def dashboard_data(request):
    if request.GET.get("division"):
        division = _division(request, request.GET["division"])
    else:
        division = _default_division(request.user)
    if division is None:
        raise PermissionDenied(gettext("无可查看的区划"))
    year = parse_year(request.GET.get("year"), default=timezone.localdate().year)
    return JsonResponse(dash.dashboard(division=division, year=year, user=request.user))


@login_required
@require_GET
def records_page(request):
    """The records behind a dashboard point: one metric in a division subtree and a date range."""
    key = request.GET.get("metric", "")
    base, _param = metrics.split_key(key)
    metric = metrics.REGISTRY.get(base)
    if metric is None or isinstance(metric, metrics.DerivedMetric):
        raise Http404(gettext("指标不存在"))
    division = _division(request, request.GET.get("division", ""))
    try:
        start = dt.date.fromisoformat(request.GET["start"]) if request.GET.get("start") else None
        end = dt.date.fromisoformat(request.GET.get("end") or f"{timezone.localdate().year + 1}-01-01")
    except ValueError:
        raise Http404(gettext("日期格式应为 YYYY-MM-DD")) from None
    reason = metrics.availability(key)
    from zhenwei.core.access import restrict

    qs = (
        None
        if reason
        else restrict(
            metrics.records(key=key, division_path=division.path, start=start, end=end), request.user
        )
    )
    # A dashboard slice (tips by channel): one extra equality filter on an allowed field.
    if qs is not None and request.GET.get("field") in RECORD_FILTER_FIELDS:
        qs = qs.filter(**{request.GET["field"]: request.GET.get("value", "")})
    page, rows = _page_rows(request, metric, qs)
    return render(
        request,
        "reports/cell.html",
        {
            "division": division,
            "metric": metric,
            "amount_label": _amount_label(metric),
            "reason": reason,
            "page": page,
            "rows": rows,
            "count": page.paginator.count if page is not None else None,
            "range": (start, end),
            "querystring": request.GET.urlencode(),
        },
    )


# ---- per-department reporting (seed 004) ---------------------------------------------------------


def _department(division: Division, department_id: int):
    """A department of the division (its member departments report there), else 404."""
    from zhenwei.core.models import Department

    department = Department.objects.filter(pk=department_id, division=division).select_related("kind").first()
    if department is None:
        raise Http404("该区划没有这个部门")
    return department


def _department_url(slug: str, code: str, month: dt.date, department_id: int) -> str:
    return reverse("reports:department", args=[slug, code, f"{month:%Y-%m}", department_id])


@login_required
@require_GET
def departments_page(request, slug: str, code: str, month: str):
    """The campaign office's view: each member department's column, the total, who is late."""
    from .departments import department_overview

    template = get_object_or_404(ReportTemplate, slug=slug)
    division = _division(request, code)
    overview = department_overview(template=template, division=division, month=_month(month))
    return render(
        request,
        "reports/departments.html",
        {
            "overview": overview,
            "template": template,
            "division": division,
            "month_str": f"{overview.month:%Y-%m}",
            "fmt": fmt,
        },
    )


@login_required
@require_GET
def departments_export(request, slug: str, code: str, month: str):
    from .departments import department_overview
    from .exports import XLSX_MIME, departments_xlsx

    template = get_object_or_404(ReportTemplate, slug=slug)
    division = _division(request, code)
    overview = department_overview(template=template, division=division, month=_month(month))
    data = departments_xlsx(overview)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        model="reports.monthlyreport",
        object_id=f"{template.slug}/{division.code}/{overview.month:%Y-%m}/departments",
        object_repr=f"{template.title} {division.name} {overview.month:%Y-%m} 分部门 xlsx",
        division_id=division.pk,
    )
    response = HttpResponse(data, content_type=XLSX_MIME)
    response["Content-Disposition"] = (
        f'attachment; filename="{template.slug}-{division.code}-{overview.month:%Y-%m}-departments.xlsx"'
    )
    return response


@login_required
@require_GET
def department_page(request, slug: str, code: str, month: str, department_id: int):
    """One member department's own column: computed from its records, filled and submitted by it."""
    from .departments import can_fill_for, can_review_departments, department_form

    template = get_object_or_404(ReportTemplate, slug=slug)
    division = _division(request, code)
    department = _department(division, department_id)
    form = department_form(template=template, division=division, department=department, month=_month(month))
    report = form.report
    editable = report is None or report.status in services.EDITABLE
    can_fill = can_fill_for(request.user, department) and editable
    return render(
        request,
        "reports/department.html",
        {
            "form": form,
            "template": template,
            "division": division,
            "department": department,
            "report": report,
            "month_str": f"{form.month:%Y-%m}",
            "can_fill": can_fill,
            "can_review": report is not None
            and report.status in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
            and can_review_departments(request.user, division),
            "number_lines": [x for x in form.lines if x.row.kind == RowKind.NUMBER],
            "text_lines": [x for x in form.lines if x.row.kind == RowKind.TEXT],
            "fmt": fmt,
        },
    )


def _department_report_for_post(request, slug, code, month, department_id):
    template = get_object_or_404(ReportTemplate, slug=slug)
    division = _division(request, code)
    department = _department(division, department_id)
    try:
        report = services.department_report_ensure(
            template=template,
            division=division,
            department=department,
            month=_month(month),
            actor=request.user,
        )
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
        return None
    return report


@login_required
@require_POST
def department_save(request, slug, code, month, department_id: int):
    report = _department_report_for_post(request, slug, code, month, department_id)
    if report is not None:
        texts = {
            r.code: request.POST.get(f"text_{r.code}", "")
            for r in report.template.rows.filter(kind=RowKind.TEXT)
        }
        _run(
            request,
            lambda: services.report_update(
                report=report,
                actor=request.user,
                texts=texts,
                preparer=request.POST.get("preparer", ""),
                preparer_phone=request.POST.get("preparer_phone", ""),
            ),
            "已保存",
        )
    return redirect(_department_url(slug, code, _month(month), department_id))


@login_required
@require_POST
def department_fill(request, slug, code, month, department_id: int):
    report = _department_report_for_post(request, slug, code, month, department_id)
    if report is not None:
        _run(
            request,
            lambda: services.report_adjust(
                report=report,
                row_code=request.POST.get("row", ""),
                column=request.POST.get("column", ""),
                value=request.POST.get("value", ""),
                reason=request.POST.get("reason", ""),
                actor=request.user,
            ),
            "已填报（已记录并审计）",
        )
    return redirect(_department_url(slug, code, _month(month), department_id))


@login_required
@require_POST
def department_transition(request, slug, code, month, department_id: int, action: str):
    if action not in ("submit", "accept", "return"):
        raise Http404("unknown action")
    template = get_object_or_404(ReportTemplate, slug=slug)
    division = _division(request, code)
    department = _department(division, department_id)
    if action == "submit":
        report = _department_report_for_post(request, slug, code, month, department_id)
        if report is not None:
            _run(request, lambda: services.report_submit(report=report, actor=request.user), "已报送专项办")
    else:
        report = get_object_or_404(
            MonthlyReport, template=template, division=division, department=department, month=_month(month)
        )
        if action == "accept":
            _run(request, lambda: services.report_accept(report=report, actor=request.user), "已审核通过")
        else:
            _run(
                request,
                lambda: services.report_return(
                    report=report, actor=request.user, reason=request.POST.get("reason", "")
                ),
                "已退回",
            )
    return redirect(_department_url(slug, code, _month(month), department_id))
