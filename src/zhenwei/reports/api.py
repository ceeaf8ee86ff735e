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
from .selectors import division_for_user, form_compute, form_values, month_start


class MonthlyReportSerializer(serializers.ModelSerializer):
    template = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    division = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = MonthlyReport
        fields = [
            "id",
            "template",
            "division",
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
    filterset_fields = ["status", "source"]

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
        from .views import _default_division

        division = _default_division(request.user)
        if division is None:
            raise PermissionDenied(gettext("无可查看的区划"))
    year = parse_year(request.query_params.get("year"), default=timezone.localdate().year)
    return Response(dash.dashboard(division=division, year=year, user=request.user))


def register(router) -> None:
    router.register("reports/monthly", MonthlyReportViewSet, basename="monthlyreport")


def get_urlpatterns():
    return [
        path("reports/forms/<slug:slug>/<str:code>/<str:month>/", form_json, name="reports-form"),
        path("reports/dashboard/", dashboard_json, name="reports-dashboard"),
    ]
