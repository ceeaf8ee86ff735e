"""/api/v1/tip-monitors/…: the market-monitor register (村组市场监督员) and a monitor's report, entered
by an officer on the monitor's behalf, which becomes a tip routed like any other."""

from __future__ import annotations

from django.db.models import Count
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from zhenwei.catalog.models import ProductCategory
from zhenwei.core.access import user_scope
from zhenwei.core.api.parsers import JSONParser
from zhenwei.core.api.viewsets import ScopedQuerysetMixin
from zhenwei.core.models import Department, Division

from .choices import WrongKind
from .models import MarketMonitor, Tip
from .monitor_filtersets import MonitorFilter
from .monitors import monitor_create, monitor_phone_shown, monitor_report_submit, monitor_update
from .serializers import TipSerializer
from .services import Attachment, TipInput


@extend_schema_field(OpenApiTypes.INT)
class _MyDepartmentField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        request = self.context.get("request")
        qs = Department.objects.filter(is_active=True)
        if request is None:
            return qs.none()
        scope = user_scope(request.user)
        return qs if scope.is_global else qs.filter(pk__in=scope.department_ids)


class MarketMonitorSerializer(serializers.ModelSerializer):
    department = _MyDepartmentField()
    division = serializers.SlugRelatedField(
        slug_field="code", queryset=Division.objects.all(), required=False, allow_null=True
    )
    division_name = serializers.CharField(source="division.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    reports = serializers.IntegerField(read_only=True, default=None, source="report_count")

    class Meta:
        model = MarketMonitor
        fields = [
            "id",
            "name",
            "village",
            "division",
            "division_name",
            "department",
            "department_name",
            "phone",
            "appointed_on",
            "active",
            "note",
            "reports",
        ]
        read_only_fields = ["id", "division_name", "department_name", "reports"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        data["phone"] = monitor_phone_shown(instance, request.user) if request else ""
        return data

    def create(self, validated_data):
        return monitor_create(actor=self.context["request"].user, **validated_data)

    def update(self, instance, validated_data):
        if "division" in validated_data and validated_data["division"] is None:
            validated_data.pop("division")
        return monitor_update(monitor=instance, actor=self.context["request"].user, **validated_data)


class MonitorReportSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=5000)
    occurred_on = serializers.DateField()
    address = serializers.CharField(max_length=300)
    division = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Division.objects.all(),
        required=False,
        allow_null=True,
        help_text="默认为监督员所在区划",
    )
    category = serializers.SlugRelatedField(
        slug_field="code", queryset=ProductCategory.objects.all(), required=False, allow_null=True
    )
    wrong_kind = serializers.ChoiceField(choices=WrongKind.choices, default=WrongKind.OTHER)
    subject_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    product_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    attachments = serializers.ListField(child=serializers.FileField(), required=False, max_length=6)


class MarketMonitorViewSet(
    ScopedQuerysetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Market monitors in the caller's divisions; officers of the division appoint and edit them."""

    queryset = (
        MarketMonitor.objects.select_related("division", "department")
        .annotate(report_count=Count("tips"))
        .order_by("division__code", "village", "name")
    )
    serializer_class = MarketMonitorSerializer
    filterset_class = MonitorFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    @extend_schema(
        request={"application/json": MonitorReportSerializer, "multipart/form-data": MonitorReportSerializer},
        responses={201: TipSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def report(self, request, pk=None):
        """Enter the monitor's report (what, where, when, photos) as a tip routed like any tip."""
        monitor = self.get_object()
        form = MonitorReportSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        files = request.FILES.getlist("attachments") if request.FILES else []
        tip = monitor_report_submit(
            monitor=monitor,
            actor=request.user,
            data=TipInput(
                description=data["description"],
                division=data.get("division") or monitor.division,
                category=data.get("category"),
                wrong_kind=data["wrong_kind"],
                subject_name=data["subject_name"],
                product_name=data["product_name"],
                address=data["address"],
                occurred_on=data["occurred_on"],
                attachments=[
                    Attachment(fileobj=f, name=f.name, content_type=getattr(f, "content_type", None))
                    for f in files
                ],
            ),
        )
        tip = Tip.objects.select_related("category", "division", "lead_department", "duplicate_of").get(
            pk=tip.pk
        )
        return Response(TipSerializer(tip, context={"request": request}).data, status=status.HTTP_201_CREATED)


def register(router) -> None:
    router.register("tip-monitors", MarketMonitorViewSet, basename="tip-monitor")
