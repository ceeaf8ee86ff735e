"""REST API of the report engine: monthly reports and their workflow, a whole form as JSON, and the
dashboard data."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext
from rest_framework import serializers
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.response import Response

from zhenwei.core.api.permissions import StaffScoped
from zhenwei.core.api.viewsets import ScopedQuerysetMixin, ScopedReadOnlyViewSet
from zhenwei.core.models import Division
from zhenwei.core.params import parse_year

from . import dashboard as dash
from . import services
from .models import MonthlyReport, ReportTemplate
from .selectors import default_division, division_for_user, form_compute, form_values, month_start


class MonthlyReportSerializer(serializers.ModelSerializer):
    template = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    division = serializers.SlugRelatedField(slug_field="code", read_only=True)
    department = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = MonthlyReport
        fields = [
            "id",
            "template",
            "division",
            "department",
            "month",
            "status",
            "source",
            "texts",
            "values",
            "preparer",
            "submitted_at",
            "reviewed_at",
            "return_reason",
        ]


class MonthlyReportViewSet(ScopedReadOnlyViewSet):
    """Monthly reports in the user's scope; POST submit / accept / return (with ``reason``)."""

    queryset = MonthlyReport.objects.select_related("template", "division")
    serializer_class = MonthlyReportSerializer
    filterset_fields = ["status", "source", "department"]

    def get_queryset(self):
        # Reading is enough to act: each service checks its own right (change here, approve above).
        from zhenwei.core.access import restrict

        return restrict(super(ScopedQuerysetMixin, self).get_queryset(), self.request.user, "view")

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = services.report_submit(report=self.get_object(), actor=request.user)
        return Response(self.get_serializer(report).data)

    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        report = services.report_accept(report=self.get_object(), actor=request.user)
        return Response(self.get_serializer(report).data)

    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        report = services.report_return(
            report=self.get_object(), actor=request.user, reason=request.data.get("reason", "")
        )
        return Response(self.get_serializer(report).data)


@api_view(["GET"])
@permission_classes([StaffScoped])
def form_json(request, slug: str, code: str, month: str):
    """A whole form: every row with its unit, 本月 and 累计, the computed value and any adjustment,
    lower units' figures, and whether each row is live."""
    template = get_object_or_404(ReportTemplate, slug=slug)
    try:
        division = division_for_user(user=request.user, code=code)
    except Division.DoesNotExist:
        raise PermissionDenied(gettext("区划不存在或无权查看")) from None
    form = form_compute(template=template, division=division, month=month_start(month), with_units=True)
    rows = []
    for line in form.lines:
        item = {
            "code": line.row.code,
            "kind": line.row.kind,
            "section": line.row.section,
            "group": line.row.group,
            "label": line.row.label,
            "unit": line.row.unit,
            "metric": line.row.metric,
        }
        if line.row.kind == "number":
            item.update(
                {
                    "month": None if line.month.value is None else str(line.month.value),
                    "cumulative": None if line.cumulative.value is None else str(line.cumulative.value),
                    "computed_month": None if line.month.computed is None else str(line.month.computed),
                    "computed_cumulative": None
                    if line.cumulative.computed is None
                    else str(line.cumulative.computed),
                    "adjusted": line.month.adjusted or line.cumulative.adjusted,
                    "live": line.live,
                    "frozen": line.frozen,
                    "note": line.note,
                    "units": [
                        {
                            "division": u.code,
                            "month": None if m is None else str(m),
                            "cumulative": None if c is None else str(c),
                        }
                        for u, (m, c) in zip(form.units, line.units, strict=True)
                    ],
                }
            )
        else:
            item["text"] = line.text
        rows.append(item)
    return Response(
        {
            "template": template.slug,
            "title": template.title,
            "division": division.code,
            "month": f"{form.month:%Y-%m}",
            "since": form.since,
            "status": form.report.status if form.report else None,
            "rows": rows,
            "units": [
                {
                    "division": s.unit.code,
                    "name": s.unit.name,
                    "reported": s.reported,
                    "carried_from": f"{s.carried_from.month:%Y-%m}" if s.carried_from else None,
                }
                for s in form.unit_status
            ],
            "values": form_values(form),
        }
    )


@api_view(["GET"])
@permission_classes([StaffScoped])
def dashboard_json(request):
    code = request.GET.get("division")
    try:
        division = division_for_user(user=request.user, code=code) if code else None
    except Division.DoesNotExist:
        raise PermissionDenied(gettext("区划不存在或无权查看")) from None
    if division is None:
        division = default_division(user=request.user)
        if division is None:
            raise PermissionDenied(gettext("无可查看的区划"))
    year = parse_year(request.query_params.get("year"), default=timezone.localdate().year)
    return Response(dash.dashboard(division=division, year=year, user=request.user))


def _num(value):
    return None if value is None else str(value)


def _column_json(form) -> list[dict]:
    return [
        {
            "code": line.row.code,
            "label": line.row.label,
            "unit": line.row.unit,
            "month": _num(line.month.value),
            "cumulative": _num(line.cumulative.value),
            "computed_month": _num(line.month.computed),
            "computed_cumulative": _num(line.cumulative.computed),
            "filled_by_hand": line.month.adjusted or line.cumulative.adjusted,
            "note": line.note,
        }
        for line in form.lines
        if line.row.kind == "number"
    ]


def _form_division(request, code: str) -> Division:
    try:
        return division_for_user(user=request.user, code=code)
    except Division.DoesNotExist:
        raise PermissionDenied("区划不存在或无权查看") from None


@api_view(["GET"])
@permission_classes([StaffScoped])
def departments_json(request, slug: str, code: str, month: str):
    """The campaign office's view (seed 004): each member department's column, the total, and
    which departments are late (not submitted by the due day)."""
    from .departments import department_overview

    template = get_object_or_404(ReportTemplate, slug=slug)
    division = _form_division(request, code)
    overview = department_overview(template=template, division=division, month=month_start(month))
    return Response(
        {
            "template": template.slug,
            "division": division.code,
            "month": f"{overview.month:%Y-%m}",
            "departments": [
                {
                    "department": c.department.pk,
                    "name": c.department.name,
                    "role": "lead" if c.member.lead else "cooperating",
                    "tasks": c.member.lead + c.member.cooperating,
                    "report": c.report.pk if c.report else None,
                    "status": c.report.status if c.report else None,
                    "due": c.due,
                    "submitted": c.submitted,
                    "submitted_late": c.submitted_late,
                    "late": c.late,
                    "rows": _column_json(c.form),
                }
                for c in overview.columns
            ],
            "total": [
                {"code": row.code, "month": _num(total[0]), "cumulative": _num(total[1])}
                for row, _figures, total in overview.table()
            ],
            "late": [c.department.pk for c in overview.late],
        }
    )


@api_view(["GET", "POST"])
@permission_classes([StaffScoped])
def department_json(request, slug: str, code: str, month: str, department_id: int):
    """One member department's column. POST (that department's staff): creates its draft and
    fills cells ``{"cells": [{"row", "column", "value", "reason"}], "texts": {}, "preparer": "",
    "preparer_phone": ""}``; submit through ``POST /api/v1/reports/monthly/<id>/submit/``."""
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from zhenwei.core.models import Department

    from .departments import department_form

    template = get_object_or_404(ReportTemplate, slug=slug)
    division = _form_division(request, code)
    department = get_object_or_404(Department, pk=department_id, division=division)
    month_ = month_start(month)
    if request.method == "POST":
        data = request.data if isinstance(request.data, dict) else {}
        cells = data.get("cells") or []
        if not isinstance(cells, list) or not all(isinstance(c, dict) for c in cells):
            raise serializers.ValidationError({"cells": "应为对象列表 (a list of objects)"})
        with transaction.atomic():
            try:
                report = services.department_report_ensure(
                    template=template,
                    division=division,
                    department=department,
                    month=month_,
                    actor=request.user,
                )
                for i, cell in enumerate(cells):
                    try:
                        services.report_adjust(
                            report=report,
                            row_code=str(cell.get("row", "")),
                            column=str(cell.get("column", "")),
                            value=cell.get("value", ""),
                            reason=str(cell.get("reason", "") or ""),
                            actor=request.user,
                        )
                    except ValidationError as exc:
                        raise serializers.ValidationError({"cells": {i: exc.messages}}) from None
                if any(k in data for k in ("texts", "preparer", "preparer_phone")):
                    texts = data.get("texts") or {}
                    if not isinstance(texts, dict):
                        raise serializers.ValidationError({"texts": "应为对象 (an object)"})
                    services.report_update(
                        report=report,
                        actor=request.user,
                        texts=texts,
                        preparer=data.get("preparer"),
                        preparer_phone=data.get("preparer_phone"),
                    )
            except ValidationError as exc:
                raise serializers.ValidationError(exc.messages) from None
    form = department_form(template=template, division=division, department=department, month=month_)
    return Response(
        {
            "template": template.slug,
            "division": division.code,
            "department": department.pk,
            "month": f"{form.month:%Y-%m}",
            "report": form.report.pk if form.report else None,
            "status": form.report.status if form.report else None,
            "rows": _column_json(form),
        }
    )


def register(router) -> None:
    router.register("reports/monthly", MonthlyReportViewSet, basename="monthlyreport")


def get_urlpatterns():
    return [
        path("reports/forms/<slug:slug>/<str:code>/<str:month>/", form_json, name="reports-form"),
        path(
            "reports/forms/<slug:slug>/<str:code>/<str:month>/departments/",
            departments_json,
            name="reports-form-departments",
        ),
        path(
            "reports/forms/<slug:slug>/<str:code>/<str:month>/departments/<int:department_id>/",
            department_json,
            name="reports-form-department",
        ),
        path("reports/dashboard/", dashboard_json, name="reports-dashboard"),
    ]
