"""/api/v1/registry/…: staff endpoints for enterprises, products, identity codes, certificates and
training institutions (list, detail, create, update; visibility through restrict(); writes through
the services). Certificate holder ID numbers are masked unless the user holds "pii" in the
certificate's division, and every whole one shown is audited as view_pii."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from zhenwei.core.api.viewsets import ScopedQuerysetMixin
from zhenwei.core.masking import can_see_pii
from zhenwei.core.models import Division

from . import services
from .filtersets import (
    CertificateFilter,
    EnterpriseFilter,
    IdentityCodeFilter,
    InstitutionFilter,
    ProductFilter,
)
from .models import (
    Certificate,
    Enterprise,
    IdentityCode,
    InstitutionFinding,
    Product,
    ProductSale,
    Trainer,
    TrainingCourse,
    TrainingEvent,
    TrainingInstitution,
)

DIVISION = serializers.SlugRelatedField(source="division", slug_field="code", queryset=Division.objects.all())


class ScopedWriteViewSet(
    ScopedQuerysetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """List, detail, create, update; subclasses name the service that saves."""

    filter_backends = [DjangoFilterBackend]

    def save_with_service(self, data, instance=None):
        raise NotImplementedError

    def perform_create(self, serializer):
        serializer.instance = self.save_with_service(serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = self.save_with_service(serializer.validated_data, serializer.instance)


class EnterpriseSerializer(serializers.ModelSerializer):
    division_code = DIVISION

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "name",
            "uscc",
            "division_code",
            "address",
            "kind",
            "legal_representative",
            "contact_name",
            "contact_phone",
            "is_production",
            "is_circulation",
            "is_construction",
            "is_use",
            "is_active",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"uscc": {"validators": []}}  # uniqueness and check digit: model full_clean


class EnterpriseViewSet(ScopedWriteViewSet):
    queryset = Enterprise.objects.select_related("division")
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilter

    def save_with_service(self, data, instance=None):
        return services.enterprise_save(actor=self.request.user, data=data, enterprise=instance)


class ProductSerializer(serializers.ModelSerializer):
    division_code = DIVISION
    category_code = serializers.SlugRelatedField(source="category", slug_field="code", read_only=True)
    code_count = serializers.SerializerMethodField()

    class Meta:
        model = Product
        fields = [
            "id",
            "category",
            "category_code",
            "name",
            "model",
            "manufacturer",
            "manufacturer_name",
            "manufacturer_uscc",
            "access_kind",
            "access_certificate_no",
            "division_code",
            "is_eliminated",
            "code_count",
            "created_at",
            "updated_at",
        ]
        validators = []

    def get_code_count(self, obj) -> int:
        return obj.codes.count()


class ProductViewSet(ScopedWriteViewSet):
    queryset = Product.objects.select_related("category", "division")
    serializer_class = ProductSerializer
    filterset_class = ProductFilter

    def save_with_service(self, data, instance=None):
        return services.product_save(actor=self.request.user, data=data, product=instance)


class IdentityCodeSerializer(serializers.ModelSerializer):
    product_name = serializers.CharField(source="product.__str__", read_only=True)
    batch_no = serializers.CharField(source="batch.batch_no", read_only=True, default=None)

    class Meta:
        model = IdentityCode
        fields = [
            "id",
            "code",
            "code_format",
            "product",
            "product_name",
            "batch",
            "batch_no",
            "status",
            "status_changed_at",
            "created_at",
        ]
        read_only_fields = ["code_format", "status_changed_at", "created_at"]
        validators = []
        extra_kwargs = {"code": {"validators": []}}


class IdentityCodeViewSet(ScopedWriteViewSet):
    """Create registers a code; update changes only the status (along the allowed transitions)."""

    queryset = IdentityCode.objects.select_related("product", "batch")
    serializer_class = IdentityCodeSerializer
    filterset_class = IdentityCodeFilter

    def save_with_service(self, data, instance=None):
        user = self.request.user
        if instance is None:
            from django.core.exceptions import PermissionDenied

            from zhenwei.core.access import restrict

            if not restrict(Product.objects.filter(pk=data["product"].pk), user, "change").exists():
                raise PermissionDenied(gettext("无权为该产品登记标识码"))
            return services.identity_code_create(
                actor=user, product=data["product"], code=data["code"], batch=data.get("batch")
            )
        if "status" in data and data["status"] != instance.status:
            return services.identity_code_transition(actor=user, code=instance, to=data["status"])
        return instance


class CertificateSerializer(serializers.ModelSerializer):
    division_code = DIVISION
    effective_status = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = [
            "id",
            "number",
            "kind",
            "operation_category",
            "operation_item",
            "holder_name",
            "holder_id_number",
            "authority",
            "issued_on",
            "expires_on",
            "status",
            "effective_status",
            "employer",
            "division_code",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"number": {"validators": []}}

    def get_effective_status(self, obj) -> str:
        return obj.effective_status()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        shown = self.context.get("shown_ids")
        if shown is None or instance.pk not in shown:
            shown = services.certificate_holder_ids(
                user=self.context["request"].user, certificates=[instance]
            )
        data["holder_id_number"] = shown[instance.pk]
        return data


class CertificateViewSet(ScopedWriteViewSet):
    """Status changes go through certificate_transition: PATCH {"status": ...} with nothing else."""

    queryset = Certificate.objects.select_related("division", "employer")
    serializer_class = CertificateSerializer
    filterset_class = CertificateFilter

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        shown = services.certificate_holder_ids(user=request.user, certificates=rows)
        serializer = self.get_serializer(
            rows, many=True, context={**self.get_serializer_context(), "shown_ids": shown}
        )
        if page is not None:
            return self.get_paginated_response(serializer.data)
        return Response(serializer.data)

    def save_with_service(self, data, instance=None):
        user = self.request.user
        if instance is not None and "status" in data and data["status"] != instance.status:
            status = data.pop("status")
            if data:
                services.certificate_save(actor=user, data=data, certificate=instance)
            return services.certificate_transition(actor=user, certificate=instance, to=status)
        if instance is not None and "holder_id_number" in data and not can_see_pii(user, instance):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied(gettext("修改身份证号码需要查看个人信息的权限"))
        return services.certificate_save(actor=user, data=data, certificate=instance)


class TrainerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Trainer
        fields = ["id", "name", "claimed_identity", "verified_identity", "impersonates_official", "note"]


class CourseSerializer(serializers.ModelSerializer):
    class Meta:
        model = TrainingCourse
        fields = ["id", "title", "content", "fee", "has_false_content"]


class EventSerializer(serializers.ModelSerializer):
    division_code = serializers.CharField(source="division.code", read_only=True)

    class Meta:
        model = TrainingEvent
        fields = [
            "id",
            "held_on",
            "place",
            "division_code",
            "host_enterprise",
            "audience",
            "attendees",
            "fee_collected",
            "course",
            "trainers",
        ]


class SaleSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProductSale
        fields = [
            "id",
            "event",
            "category",
            "product_name",
            "quantity",
            "unit_price",
            "suspected_fake",
            "note",
        ]


class FindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = InstitutionFinding
        fields = [
            "id",
            "title",
            "description",
            "found_on",
            "rectify_by",
            "responsible",
            "status",
            "resolution",
        ]
        read_only_fields = ["status", "resolution"]


class InstitutionSerializer(serializers.ModelSerializer):
    division_code = DIVISION
    trainers = TrainerSerializer(many=True, read_only=True)
    courses = CourseSerializer(many=True, read_only=True)
    events = EventSerializer(many=True, read_only=True)
    sales = SaleSerializer(many=True, read_only=True)
    findings = FindingSerializer(many=True, read_only=True)

    class Meta:
        model = TrainingInstitution
        fields = [
            "id",
            "name",
            "nature",
            "uscc",
            "claimed_affiliation",
            "division_code",
            "address",
            "contact_name",
            "contact_phone",
            "website",
            "description",
            "trainers",
            "courses",
            "events",
            "sales",
            "findings",
            "created_at",
            "updated_at",
        ]


class InstitutionViewSet(ScopedWriteViewSet):
    queryset = TrainingInstitution.objects.select_related("division").prefetch_related(
        "trainers", "courses", "events__trainers", "events__division", "sales", "findings"
    )
    serializer_class = InstitutionSerializer
    filterset_class = InstitutionFilter

    def save_with_service(self, data, instance=None):
        return services.institution_save(actor=self.request.user, data=data, institution=instance)

    @extend_schema(
        operation_id="registry_training_institutions_add_child",
        request=OpenApiTypes.OBJECT,
        responses={201: OpenApiTypes.OBJECT},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"(?P<child>trainers|courses|events|sales|findings)",
    )
    def add_child(self, request, pk=None, child=None):
        """Add a trainer, course, event, product sale or finding (问题清单) to the institution."""
        institution = self.get_object()
        serializer_class, model = CHILD_SERIALIZERS[child]
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        trainers = data.pop("trainers", None)
        if child == "events" and "division" not in data:
            data["division"] = institution.division
        obj = services.institution_child_add(
            actor=request.user, institution=institution, model=model, data=data
        )
        if trainers:
            obj.trainers.set([t for t in trainers if t.institution_id == institution.pk])
        return Response(serializer_class(obj).data, status=201)

    @extend_schema(
        operation_id="registry_training_institutions_finding_transition",
        request=OpenApiTypes.OBJECT,
        responses=FindingSerializer,
    )
    @action(detail=True, methods=["post"], url_path=r"findings/(?P<finding_id>\d+)/transition")
    def finding_transition(self, request, pk=None, finding_id=None):
        """Move a finding: {"to": "rectified" | "closed" | "open", "resolution": "…"}."""
        institution = self.get_object()
        finding = get_object_or_404(institution.findings, pk=finding_id)
        finding = services.finding_transition(
            actor=request.user,
            finding=finding,
            to=str(request.data.get("to", "")),
            resolution=str(request.data.get("resolution", "")),
        )
        return Response(FindingSerializer(finding).data)


CHILD_SERIALIZERS = {
    "trainers": (TrainerSerializer, Trainer),
    "courses": (CourseSerializer, TrainingCourse),
    "events": (EventSerializer, TrainingEvent),
    "sales": (SaleSerializer, ProductSale),
    "findings": (FindingSerializer, InstitutionFinding),
}


def register(router) -> None:
    router.register("registry/enterprises", EnterpriseViewSet, basename="registry-enterprise")
    router.register("registry/products", ProductViewSet, basename="registry-product")
    router.register("registry/identity-codes", IdentityCodeViewSet, basename="registry-identity-code")
    router.register("registry/certificates", CertificateViewSet, basename="registry-certificate")
    router.register("registry/training-institutions", InstitutionViewSet, basename="registry-institution")
