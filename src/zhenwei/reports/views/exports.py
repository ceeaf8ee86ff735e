"""Downloads of a form: XLSX, DOCX or PDF of the division's form (or its blank template), and the
departments' columns as XLSX; each download is an audited export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from zhenwei.core.audit import audit_record
from zhenwei.core.choices import AuditAction

from ..departments import department_overview
from ..exports import XLSX_MIME, departments_xlsx, export, filename, to_xlsx
from ..models import ReportTemplate
from ..selectors import form_compute
from .common import _division, _month


@login_required
@require_GET
def form_export(request, slug, code, month, fmt_name):
    template = get_object_or_404(ReportTemplate, slug=slug)
    division = _division(request, code)
    form = form_compute(template=template, division=division, month=_month(month), with_units=True)
    if fmt_name == "template.xlsx":
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
@require_GET
def departments_export(request, slug: str, code: str, month: str):
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
