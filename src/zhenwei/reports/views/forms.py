"""The monthly form of a division: its page with the roll-up of the units below, saving the text
rows, manual adjustments, submitting and the review by the level above, and the upload of a form
filled in off the platform."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from zhenwei.core.access import allowed, visible_divisions
from zhenwei.core.feedback import show_errors
from zhenwei.core.models import Division

from .. import metrics, services
from ..choices import Column, ReportStatus, RowKind
from ..exports import fmt, units_with_data
from ..models import MonthlyReport, ReportTemplate
from ..selectors import default_division, form_compute, month_start, report_list, reports_to_review
from .common import _division, _form_url, _month, _run


@login_required
@require_GET
def index(request):
    if not allowed(request.user, "view"):
        raise PermissionDenied(gettext("无权查看报表"))
    division = default_division(user=request.user)
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
    show_all = request.GET.get("units") == "all"
    unit_columns_idx = list(range(len(form.units))) if show_all else units_with_data(form)
    unit_columns = [(form.units[i], form.unit_reports.get(form.units[i].pk)) for i in unit_columns_idx]
    editable = report is None or report.status in services.EDITABLE
    can_edit = editable and allowed(request.user, "change", division)
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
            "can_submit": can_edit,
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


def _report_for_post(request, slug, code, month) -> tuple[MonthlyReport, ReportTemplate, Division]:
    template = get_object_or_404(ReportTemplate, slug=slug)
    division = _division(request, code)
    report = services.report_ensure(
        template=template, division=division, month=_month(month), actor=request.user
    )
    return report, template, division


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
                show_errors(request, exc)
            else:
                messages.success(request, gettext("上传成功，已计入汇总"))
                return redirect(_form_url(template.slug, division.code, report.month))
    # a refused upload answers 400; the page lists why
    status = 400 if request.method == "POST" else 200
    return render(
        request, "reports/upload.html", {"templates": templates, "divisions": divisions}, status=status
    )
