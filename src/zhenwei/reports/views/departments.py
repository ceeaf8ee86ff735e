"""Per-department reporting (seed 004): the campaign office's overview of its member departments'
columns, and one department's own column, filled, submitted and reviewed."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from zhenwei.core.feedback import show_errors
from zhenwei.core.models import Department, Division

from .. import services
from ..choices import ReportStatus, RowKind
from ..departments import can_fill_for, can_review_departments, department_form, department_overview
from ..exports import fmt
from ..models import MonthlyReport, ReportTemplate
from .common import _division, _month, _run


def _department(division: Division, department_id: int):
    """A department of the division (its member departments report there), else 404."""
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
def department_page(request, slug: str, code: str, month: str, department_id: int):
    """One member department's own column: computed from its records, filled and submitted by it."""
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
        show_errors(request, exc)
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
