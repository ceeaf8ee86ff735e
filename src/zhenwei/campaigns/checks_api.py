"""/api/v1/campaigns/self-checks/ and /api/v1/campaigns/certificate-checks/: enterprise self-checks
(自查自改) and certificate enforcement checks, including a check made by uploading a staff list."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from zhenwei.core.access import restrict
from zhenwei.core.api.viewsets import ScopedQuerysetMixin
from zhenwei.core.models import Department
from zhenwei.registry.models import Enterprise

from . import checks
from .checks_choices import VERDICT_LABELS, Rectification
from .checks_filtersets import CertificateCheckFilter, SelfCheckFilter
from .models import Campaign, CertificateCheck, CertificateCheckRow, EnterpriseSelfCheck


@extend_schema_field(OpenApiTypes.INT)
class _CampaignField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        from .checks_selectors import campaign_choices

        request = self.context.get("request")
        return campaign_choices(user=request.user) if request else Campaign.objects.none()


@extend_schema_field(OpenApiTypes.INT)
class _EnterpriseField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        request = self.context.get("request")
        return restrict(Enterprise.objects.all(), request.user) if request else Enterprise.objects.none()


@extend_schema_field(OpenApiTypes.INT)
class _DepartmentField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return Department.objects.filter(is_active=True)


class CampaignSelfCheckSerializer(serializers.ModelSerializer):
    campaign = _CampaignField()
    enterprise = _EnterpriseField()
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    division_code = serializers.CharField(source="division.code", read_only=True)
    rectification = serializers.SerializerMethodField()

    class Meta:
        model = EnterpriseSelfCheck
        fields = [
            "id",
            "campaign",
            "enterprise",
            "enterprise_name",
            "division",
            "division_code",
            "checked_on",
            "persons_checked",
            "fake_found",
            "expired_found",
            "reported",
            "note",
            "measures",
            "rectify_by",
            "rectified_on",
            "rectification",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = ["division", "recorded_by", "created_at"]

    @extend_schema_field(serializers.ChoiceField(choices=Rectification.choices))
    def get_rectification(self, obj) -> str:
        return obj.rectification_status()

    def create(self, validated_data):
        return checks.self_check_create(actor=self.context["request"].user, **validated_data)

    def update(self, instance, validated_data):
        for name in ("campaign", "enterprise"):
            if name in validated_data and validated_data.pop(name) != getattr(instance, name):
                raise serializers.ValidationError({name: "不能修改（请另行登记）"})
        return checks.self_check_update(
            self_check=instance, actor=self.context["request"].user, **validated_data
        )


class CampaignSelfCheckRectifySerializer(serializers.Serializer):
    rectified_on = serializers.DateField(required=False)
    measures = serializers.CharField(required=False, allow_blank=True, default="")


class _ScopedCheckViewSet(
    ScopedQuerysetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    pass


class SelfCheckViewSet(_ScopedCheckViewSet):
    """Self-checks of enterprises (自查自改): many per enterprise over a campaign, dated, with findings
    and rectification; ``?rectification=overdue`` lists those past their deadline."""

    queryset = EnterpriseSelfCheck.objects.select_related("campaign", "enterprise", "division")
    serializer_class = CampaignSelfCheckSerializer
    filterset_class = SelfCheckFilter

    @extend_schema(request=CampaignSelfCheckRectifySerializer, responses=CampaignSelfCheckSerializer)
    @action(detail=True, methods=["post"])
    def rectify(self, request, pk=None):
        sc = self.get_object()
        s = CampaignSelfCheckRectifySerializer(data=request.data)
        s.is_valid(raise_exception=True)
        sc = checks.self_check_rectify(self_check=sc, actor=request.user, **s.validated_data)
        return Response(CampaignSelfCheckSerializer(sc, context={"request": request}).data)


class CampaignCertificateCheckSerializer(serializers.ModelSerializer):
    campaign = _CampaignField(required=False, allow_null=True)
    enterprise = _EnterpriseField()
    department = _DepartmentField()
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    division_code = serializers.CharField(source="division.code", read_only=True)

    class Meta:
        model = CertificateCheck
        fields = [
            "id",
            "campaign",
            "enterprise",
            "enterprise_name",
            "division",
            "division_code",
            "department",
            "department_name",
            "checked_on",
            "source",
            "persons_checked",
            "fake_found",
            "expired_found",
            "missing_found",
            "invalid_rows",
            "persons_reported",
            "ordered_to_rectify",
            "suspended",
            "note",
            "source_name",
            "result_file",
            "clue",
            "case",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = [
            "division",
            "source",
            "invalid_rows",
            "source_name",
            "result_file",
            "clue",
            "case",
            "recorded_by",
            "created_at",
        ]

    def create(self, validated_data):
        return checks.certificate_check_create(actor=self.context["request"].user, **validated_data)

    def update(self, instance, validated_data):
        for name in ("campaign", "enterprise", "department"):
            if name in validated_data and validated_data.pop(name) != getattr(instance, name):
                raise serializers.ValidationError({name: "不能修改（请另行登记）"})
        return checks.certificate_check_update(
            check=instance, actor=self.context["request"].user, **validated_data
        )


class CampaignCertificateCheckUploadSerializer(serializers.Serializer):
    """A check made from a staff list (CSV or XLSX: 姓名, 身份证号, 证书编号), run through the bulk check."""

    file = serializers.FileField()
    campaign = _CampaignField(required=False, allow_null=True)
    enterprise = _EnterpriseField()
    department = _DepartmentField()
    checked_on = serializers.DateField()
    persons_reported = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False, default=0)
    ordered_to_rectify = serializers.BooleanField(required=False, default=False)
    suspended = serializers.BooleanField(required=False, default=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CampaignCertificateCheckRowSerializer(serializers.ModelSerializer):
    verdict_label = serializers.SerializerMethodField()

    class Meta:
        model = CertificateCheckRow
        fields = [
            "line",
            "name",
            "id_number",
            "certificate_number",
            "verdict",
            "verdict_label",
            "reason",
            "certificate_kind",
            "operation_item",
            "expires_on",
        ]
        read_only_fields = fields

    def get_verdict_label(self, obj) -> str:
        return str(VERDICT_LABELS.get(obj.verdict, obj.verdict))


class CampaignCertificateCheckOpenCaseSerializer(serializers.Serializer):
    open_case = serializers.BooleanField(required=False, default=True)


class CertificateCheckViewSet(_ScopedCheckViewSet):
    """Certificate enforcement checks (持证上岗专项执法检查). POST ``upload/`` (multipart) makes one from a
    staff list: counts computed from the verdicts, rows kept (``rows/``), result workbook stored."""

    queryset = CertificateCheck.objects.select_related("campaign", "enterprise", "division", "department")
    serializer_class = CampaignCertificateCheckSerializer
    filterset_class = CertificateCheckFilter

    @extend_schema(
        request={"multipart/form-data": CampaignCertificateCheckUploadSerializer},
        responses={201: CampaignCertificateCheckSerializer},
    )
    @action(detail=False, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def upload(self, request):
        s = CampaignCertificateCheckUploadSerializer(data=request.data, context={"request": request})
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        upload = data.pop("file")
        check = checks.certificate_check_from_upload(upload=upload, actor=request.user, **data)
        return Response(
            CampaignCertificateCheckSerializer(check, context={"request": request}).data, status=201
        )

    @extend_schema(responses=CampaignCertificateCheckRowSerializer(many=True))
    @action(detail=True, methods=["get"])
    def rows(self, request, pk=None):
        check = self.get_object()
        from .checks_selectors import certificate_check_rows

        page = self.paginate_queryset(certificate_check_rows(check=check, user=request.user))
        return self.get_paginated_response(CampaignCertificateCheckRowSerializer(page, many=True).data)

    @extend_schema(
        request=CampaignCertificateCheckOpenCaseSerializer, responses=CampaignCertificateCheckSerializer
    )
    @action(detail=True, methods=["post"], url_path="open-case")
    def open_case(self, request, pk=None):
        check = self.get_object()
        s = CampaignCertificateCheckOpenCaseSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        checks.certificate_check_open_case(check=check, actor=request.user, **s.validated_data)
        return Response(CampaignCertificateCheckSerializer(check, context={"request": request}).data)


def register(router) -> None:
    router.register("campaigns/self-checks", SelfCheckViewSet, basename="campaign-self-check")
    router.register(
        "campaigns/certificate-checks", CertificateCheckViewSet, basename="campaign-certificate-check"
    )
