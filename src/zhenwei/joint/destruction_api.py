"""/api/v1/joint/destructions/…: destruction events (集中销毁) with their items, created in one request,
and their evidence files (photos, video, minutes) uploaded one by one through the upload guard."""

from __future__ import annotations

from decimal import Decimal

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from zhenwei.cases.models import Case
from zhenwei.catalog.models import ProductCategory
from zhenwei.core.access import restrict
from zhenwei.core.api.viewsets import ScopedCreateListRetrieveViewSet
from zhenwei.core.filters import FilterSet

from . import services
from .api import _CampaignField, _DeptField
from .destruction import MAX_ITEMS, destruction_record
from .models import DestructionEvent, DestructionItem, JointAction


class DestructionFilter(FilterSet):
    held_after = django_filters.DateFilter(field_name="held_on", lookup_expr="gte", label="开始日期")
    held_before = django_filters.DateFilter(field_name="held_on", lookup_expr="lte", label="结束日期")
    division = django_filters.CharFilter(field_name="division__code", label="区划代码")

    class Meta:
        model = DestructionEvent
        fields = ["campaign", "action", "organiser"]


@extend_schema_field(OpenApiTypes.INT)
class _VisibleField(serializers.PrimaryKeyRelatedField):
    """A record the caller may see (a case, a joint action): others are answered as not found."""

    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return restrict(self.model.objects.all(), request.user) if request else self.model.objects.none()


class DestructionItemSerializer(serializers.ModelSerializer):
    category = serializers.PrimaryKeyRelatedField(
        queryset=ProductCategory.objects.all(), required=False, allow_null=True
    )
    case = _VisibleField(Case, required=False, allow_null=True)
    case_number = serializers.CharField(source="case.number", read_only=True, default=None)
    quantity = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"))
    value_yuan = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True
    )

    class Meta:
        model = DestructionItem
        fields = ["id", "goods", "category", "quantity", "unit", "value_yuan", "case", "case_number"]
        read_only_fields = ["id", "case_number"]


class EvidenceSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    original_name = serializers.CharField()
    mime_type = serializers.CharField()
    size = serializers.IntegerField()
    description = serializers.CharField()


class DestructionEventSerializer(serializers.ModelSerializer):
    campaign = _CampaignField(required=False, allow_null=True)
    action = _VisibleField(JointAction, required=False, allow_null=True)
    organiser = _DeptField()
    items = DestructionItemSerializer(many=True)
    evidence = serializers.SerializerMethodField()

    class Meta:
        model = DestructionEvent
        fields = [
            "id",
            "campaign",
            "action",
            "title",
            "organiser",
            "division",
            "held_on",
            "place",
            "method",
            "witnesses",
            "description",
            "items",
            "evidence",
            "created_at",
        ]
        read_only_fields = ["division", "evidence", "created_at"]

    def validate_items(self, value):
        if not value:
            raise serializers.ValidationError("销毁活动至少要有一项销毁物品")
        if len(value) > MAX_ITEMS:
            raise serializers.ValidationError(f"一次最多登记 {MAX_ITEMS} 项销毁物品")
        return value

    @extend_schema_field(EvidenceSummarySerializer(many=True))
    def get_evidence(self, obj):
        from django.contrib.contenttypes.models import ContentType

        from zhenwei.core.models import EvidenceFile

        files = EvidenceFile.objects.filter(
            content_type=ContentType.objects.get_for_model(DestructionEvent), object_id=obj.pk
        )
        return EvidenceSummarySerializer(files, many=True).data

    def create(self, validated_data):
        return destruction_record(actor=self.context["request"].user, **validated_data)


class DestructionEvidenceUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    description = serializers.CharField(required=False, allow_blank=True, max_length=255)


class DestructionViewSet(ScopedCreateListRetrieveViewSet):
    """Destruction events in the caller's scope; create with the items; upload evidence per file."""

    queryset = DestructionEvent.objects.select_related("organiser", "division").prefetch_related(
        "items__case"
    )
    serializer_class = DestructionEventSerializer
    filterset_class = DestructionFilter

    @extend_schema(
        request={"multipart/form-data": DestructionEvidenceUploadSerializer},
        responses=DestructionEventSerializer,
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request, pk=None):
        """Upload one evidence file (photo, video, minutes) of the destruction."""
        event = self.get_object()
        form = DestructionEvidenceUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        services.destruction_add_photo(
            event=event,
            fileobj=upload,
            name=upload.name,
            actor=request.user,
            description=form.validated_data.get("description", "") or "销毁证据",
        )
        return Response(
            DestructionEventSerializer(event, context=self.get_serializer_context()).data, status=201
        )


def register(router) -> None:
    router.register("joint/destructions", DestructionViewSet, basename="joint-destruction")
