"""/api/v1/fire-investigations/ (火灾延伸调查: a fire with its products; trace, open clues),
/api/v1/fire-products/, /api/v1/ledger-checks/ (进销货台账 checks of an inspection, with entries) and
/api/v1/ledger-entries/ (open a clue for a supplier with a problem)."""

from __future__ import annotations

from decimal import Decimal

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from zhenwei.catalog.models import ProductCategory
from zhenwei.core.access import restrict, user_scope
from zhenwei.core.api.viewsets import ScopedCreateListRetrieveViewSet, ScopedReadOnlyViewSet
from zhenwei.core.filters import FilterSet
from zhenwei.core.models import Department, Division
from zhenwei.registry.models import Enterprise

from . import fire, ledger
from .extension_choices import LedgerDirection, LedgerProblem, TraceRole
from .models import FireInvestigation, FireProduct, Inspection, LedgerCheck, LedgerEntry


@extend_schema_field(OpenApiTypes.INT)
class _Visible(serializers.PrimaryKeyRelatedField):
    """A record the caller may see; others answer "does not exist"."""

    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return restrict(self.model.objects.all(), request.user) if request else self.model.objects.none()


@extend_schema_field(OpenApiTypes.INT)
class _MyDepartment(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        request = self.context.get("request")
        qs = Department.objects.filter(is_active=True)
        if request is None:
            return qs.none()
        scope = user_scope(request.user)
        return qs if scope.is_global else qs.filter(pk__in=scope.department_ids)


class ClueSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField()
    division = serializers.CharField(source="division.code")
    department = serializers.IntegerField(source="department_id", allow_null=True)
    department_name = serializers.CharField(source="department.name", default="")


# ------------------------------------------------------------------------------------ fire


class FireProductSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(
        slug_field="code", queryset=ProductCategory.objects.all(), required=False, allow_null=True
    )
    maker = _Visible(Enterprise, required=False, allow_null=True)
    seller = _Visible(Enterprise, required=False, allow_null=True)
    quantity = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0.01"), required=False
    )
    maker_label = serializers.CharField(read_only=True)
    seller_label = serializers.CharField(read_only=True)
    maker_clue = ClueSummarySerializer(read_only=True, allow_null=True)
    seller_clue = ClueSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = FireProduct
        fields = [
            "id",
            "investigation",
            "category",
            "product_type",
            "brand",
            "model",
            "identity_code",
            "quantity",
            "unit",
            "certificate_number",
            "maker",
            "maker_name",
            "maker_label",
            "seller",
            "seller_name",
            "seller_label",
            "finding",
            "maker_clue",
            "seller_clue",
        ]
        read_only_fields = ["id", "investigation", "maker_label", "seller_label", "maker_clue", "seller_clue"]


class FireInvestigationSerializer(serializers.ModelSerializer):
    department = _MyDepartment()
    division = serializers.SlugRelatedField(
        slug_field="code", queryset=Division.objects.all(), required=False, allow_null=True
    )
    products = FireProductSerializer(many=True, required=False)

    class Meta:
        model = FireInvestigation
        fields = [
            "id",
            "title",
            "occurred_on",
            "place",
            "division",
            "department",
            "cause_summary",
            "deaths",
            "injuries",
            "campaign",
            "products",
            "created_at",
        ]
        read_only_fields = ["id", "created_at", "campaign"]

    def validate_products(self, value):
        if len(value) > 100:
            raise serializers.ValidationError("一次最多登记 100 项产品")
        return value

    def create(self, validated_data):
        products = [{k: v for k, v in p.items() if v is not None} for p in validated_data.pop("products", [])]
        return fire.fire_investigation_create(
            actor=self.context["request"].user, products=products, **validated_data
        )


class FireTraceSerializer(serializers.Serializer):
    maker = _Visible(Enterprise, required=False, allow_null=True)
    maker_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    seller = _Visible(Enterprise, required=False, allow_null=True)
    seller_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    finding = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None)


class OpenCluesSerializer(serializers.Serializer):
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=TraceRole.choices), required=False, allow_empty=False
    )


class FireInvestigationFilter(FilterSet):
    occurred_after = django_filters.DateFilter(
        field_name="occurred_on", lookup_expr="gte", label="起火日期起"
    )
    occurred_before = django_filters.DateFilter(
        field_name="occurred_on", lookup_expr="lte", label="起火日期止"
    )
    division = django_filters.CharFilter(field_name="division__code", label="区划代码")

    class Meta:
        model = FireInvestigation
        fields = ["department"]


class FireProductFilter(FilterSet):
    traced = django_filters.BooleanFilter(method="filter_traced", label="已追溯")

    class Meta:
        model = FireProduct
        fields = ["investigation", "maker", "seller"]

    def filter_traced(self, queryset, name, value):
        if value is None:
            return queryset
        from django.db.models import Q

        condition = Q(maker__isnull=False) | ~Q(maker_name="") | Q(seller__isnull=False) | ~Q(seller_name="")
        return queryset.filter(condition) if value else queryset.exclude(condition)


_PRODUCT_RELATED = (
    "category",
    "maker",
    "seller",
    "maker_clue__division",
    "maker_clue__department",
    "seller_clue__division",
    "seller_clue__department",
)


class FireInvestigationViewSet(ScopedCreateListRetrieveViewSet):
    """Fires recorded by the fire-rescue departments in the caller's scope, with their products."""

    queryset = FireInvestigation.objects.select_related("division", "department").prefetch_related(
        *(f"products__{r}" for r in _PRODUCT_RELATED)
    )
    serializer_class = FireInvestigationSerializer
    filterset_class = FireInvestigationFilter

    @extend_schema(request=FireProductSerializer, responses={201: FireProductSerializer})
    @action(detail=True, methods=["post"])
    def products(self, request, pk=None):
        """Add one product to the fire."""
        investigation = self.get_object()
        s = FireProductSerializer(data=request.data, context=self.get_serializer_context())
        s.is_valid(raise_exception=True)
        data = {k: v for k, v in s.validated_data.items() if v is not None}
        product = fire.fire_product_add(investigation=investigation, actor=request.user, **data)
        return Response(
            FireProductSerializer(product, context=self.get_serializer_context()).data, status=201
        )

    @extend_schema(request=None, responses={200: ClueSummarySerializer(many=True)})
    @action(detail=True, methods=["post"], url_path="open-clues")
    def open_clues(self, request, pk=None):
        """Open the clues of every traced maker and seller not yet handed over."""
        investigation = self.get_object()
        opened = fire.fire_investigation_open_clues(investigation=investigation, actor=request.user)
        return Response(ClueSummarySerializer(opened, many=True).data)


class FireProductViewSet(ScopedReadOnlyViewSet):
    """Products involved in fires; trace one to its maker and seller, open their clues."""

    queryset = FireProduct.objects.select_related("investigation", *_PRODUCT_RELATED)
    serializer_class = FireProductSerializer
    filterset_class = FireProductFilter

    @extend_schema(request=FireTraceSerializer, responses=FireProductSerializer)
    @action(detail=True, methods=["post"])
    def trace(self, request, pk=None):
        product = self.get_object()
        s = FireTraceSerializer(data=request.data, context=self.get_serializer_context())
        s.is_valid(raise_exception=True)
        product = fire.fire_product_trace(product=product, actor=request.user, **s.validated_data)
        return Response(FireProductSerializer(product, context=self.get_serializer_context()).data)

    @extend_schema(request=OpenCluesSerializer, responses={200: ClueSummarySerializer(many=True)})
    @action(detail=True, methods=["post"], url_path="open-clues")
    def open_clues(self, request, pk=None):
        product = self.get_object()
        s = OpenCluesSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        opened = fire.fire_product_open_clues(
            product=product, actor=request.user, roles=s.validated_data.get("roles")
        )
        return Response(ClueSummarySerializer(opened, many=True).data)


# ------------------------------------------------------------------------------------ ledger


class LedgerEntrySerializer(serializers.ModelSerializer):
    supplier = _Visible(Enterprise, required=False, allow_null=True)
    supplier_label = serializers.CharField(read_only=True)
    direction = serializers.ChoiceField(choices=LedgerDirection.choices, default=LedgerDirection.PURCHASE)
    problems = serializers.ListField(
        child=serializers.ChoiceField(choices=LedgerProblem.choices), required=False, default=list
    )
    quantity = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0"))
    found_quantity = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0"), required=False, allow_null=True
    )
    clue = ClueSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = LedgerEntry
        fields = [
            "id",
            "direction",
            "product_name",
            "supplier",
            "supplier_name",
            "supplier_label",
            "quantity",
            "found_quantity",
            "unit",
            "entry_date",
            "voucher",
            "problems",
            "clue",
        ]
        read_only_fields = ["id", "supplier_label", "clue"]


class LedgerCheckSerializer(serializers.ModelSerializer):
    inspection = _Visible(Inspection)
    entries = LedgerEntrySerializer(many=True, required=False)

    class Meta:
        model = LedgerCheck
        fields = ["id", "inspection", "checked_on", "ledger_kept", "period", "note", "entries", "created_at"]
        read_only_fields = ["id", "created_at"]

    def validate_entries(self, value):
        if len(value) > ledger.MAX_ENTRIES:
            raise serializers.ValidationError(f"一次最多登记 {ledger.MAX_ENTRIES} 条台账")
        return value

    def create(self, validated_data):
        entries = [{k: v for k, v in e.items() if v is not None} for e in validated_data.pop("entries", [])]
        return ledger.ledger_check_record(
            actor=self.context["request"].user, entries=entries, **validated_data
        )


class LedgerCheckFilter(FilterSet):
    problems = django_filters.BooleanFilter(method="filter_problems", label="发现问题")

    class Meta:
        model = LedgerCheck
        fields = ["inspection", "ledger_kept"]

    def filter_problems(self, queryset, name, value):
        if value is None:
            return queryset
        with_problems = LedgerEntry.objects.exclude(problems=[]).values("check_record")
        condition = {"pk__in": with_problems}
        return queryset.filter(**condition) if value else queryset.exclude(**condition)


class LedgerCheckViewSet(ScopedCreateListRetrieveViewSet):
    """Ledger checks of the inspections in the caller's scope, with their entries."""

    queryset = LedgerCheck.objects.select_related("inspection").prefetch_related(
        "entries__supplier", "entries__clue__division", "entries__clue__department"
    )
    serializer_class = LedgerCheckSerializer
    filterset_class = LedgerCheckFilter


class LedgerEntryViewSet(ScopedReadOnlyViewSet):
    """Ledger entries checked; hand a supplier with a problem over as a clue."""

    queryset = LedgerEntry.objects.select_related(
        "check_record__inspection", "supplier", "clue__division", "clue__department"
    )
    serializer_class = LedgerEntrySerializer
    filterset_fields = ["check_record", "supplier", "direction"]

    @extend_schema(request=None, responses={201: ClueSummarySerializer})
    @action(detail=True, methods=["post"], url_path="open-clue")
    def open_clue(self, request, pk=None):
        entry = self.get_object()
        clue = ledger.ledger_entry_open_clue(entry=entry, actor=request.user)
        return Response(ClueSummarySerializer(clue).data, status=status.HTTP_201_CREATED)


def register(router) -> None:
    router.register("fire-investigations", FireInvestigationViewSet, basename="fire-investigation")
    router.register("fire-products", FireProductViewSet, basename="fire-product")
    router.register("ledger-checks", LedgerCheckViewSet, basename="ledger-check")
    router.register("ledger-entries", LedgerEntryViewSet, basename="ledger-entry")
