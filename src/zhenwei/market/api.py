"""/api/v1/market/…: listings with their findings, eliminated product types (and matching), logistics checks."""

from __future__ import annotations

from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from zhenwei.core.access import restrict
from zhenwei.core.api.permissions import StaffScoped
from zhenwei.core.api.viewsets import ScopedCreateListRetrieveViewSet, ScopedReadOnlyViewSet
from zhenwei.core.models import Department

from .eliminated import eliminated_match
from .filtersets import ListingFilter, LogisticsCheckFilter
from .models import EliminatedProductType, Listing, LogisticsCheck, LogisticsChecklistItem
from .services import logistics_check_record


class MarketListingSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="code", read_only=True)
    division_code = serializers.CharField(source="division.code", read_only=True)

    class Meta:
        model = Listing
        fields = [
            "id",
            "platform",
            "shop_name",
            "seller_id",
            "title",
            "price",
            "claimed_code",
            "url",
            "listed_at",
            "category",
            "division_code",
            "findings",
            "is_suspicious",
            "checked_at",
            "clue",
        ]
        read_only_fields = fields


class ListingViewSet(ScopedReadOnlyViewSet):
    queryset = Listing.objects.select_related("category", "division")
    serializer_class = MarketListingSerializer
    filterset_class = ListingFilter


class MarketEliminatedSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="code", read_only=True)
    source_check_label = serializers.CharField(
        source="get_source_check_display", read_only=True, help_text="已核实 / 部分待核实 / 待核实"
    )

    class Meta:
        model = EliminatedProductType
        fields = [
            "id",
            "name",
            "kind",
            "keywords",
            "category",
            "notice_title",
            "notice_number",
            "issuing_body",
            "effective_on",
            "issued_on",
            "source_url",
            "source_check",
            "source_check_label",
            "source_check_note",
            "note",
        ]


class MarketMatchSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=2000)


class EliminatedViewSet(viewsets.ReadOnlyModelViewSet):
    """The eliminated/banned product list is reference data: every staff user may read it."""

    queryset = EliminatedProductType.objects.filter(is_active=True).select_related("category")
    serializer_class = MarketEliminatedSerializer
    permission_classes = [StaffScoped]

    @extend_schema(request=MarketMatchSerializer, responses=MarketEliminatedSerializer(many=True))
    @action(detail=False, methods=["post"], pagination_class=None)
    def match(self, request):
        s = MarketMatchSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        return Response(
            MarketEliminatedSerializer(eliminated_match(s.validated_data["text"]), many=True).data
        )


class MarketLogisticsChecklistItemSerializer(serializers.ModelSerializer):
    # Plain text, not an enum: the schema's "GroupEnum" name belongs to the inspections checklist.
    group = serializers.CharField(
        read_only=True, help_text="acceptance_inspection, real_name, security_screening, transit"
    )
    group_label = serializers.CharField(source="get_group_display", read_only=True)

    class Meta:
        model = LogisticsChecklistItem
        fields = ["code", "group", "group_label", "text", "basis", "sort"]


class MarketLogisticsAnswerSerializer(serializers.Serializer):
    code = serializers.CharField()
    result = serializers.CharField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class MarketLogisticsCheckSerializer(serializers.ModelSerializer):
    answers = MarketLogisticsAnswerSerializer(many=True, write_only=True)
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.filter(is_active=True))
    failed_items = serializers.SerializerMethodField()

    class Meta:
        model = LogisticsCheck
        fields = [
            "id",
            "enterprise",
            "department",
            "campaign",
            "checked_on",
            "inspectors",
            "note",
            "result",
            "failed_count",
            "division",
            "answers",
            "failed_items",
        ]
        read_only_fields = ["result", "failed_count", "division", "failed_items"]

    def get_failed_items(self, obj) -> list[str]:
        return [a.item.code for a in obj.answers.select_related("item") if a.result == "fail"]

    def validate_enterprise(self, value):
        request = self.context["request"]
        if not restrict(type(value).objects.filter(pk=value.pk), request.user).exists():
            raise serializers.ValidationError(gettext("无权查看该单位"))
        return value

    def create(self, validated_data):
        answers = {a["code"]: (a["result"], a.get("note", "")) for a in validated_data.pop("answers")}
        return logistics_check_record(actor=self.context["request"].user, answers=answers, **validated_data)


class LogisticsCheckViewSet(ScopedCreateListRetrieveViewSet):
    queryset = LogisticsCheck.objects.select_related("enterprise", "department")
    serializer_class = MarketLogisticsCheckSerializer
    filterset_class = LogisticsCheckFilter

    @extend_schema(responses=MarketLogisticsChecklistItemSerializer(many=True))
    # The list's filters (enterprise, result…) do not apply to the checklist: keep them out of its schema.
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def checklist(self, request):
        items = LogisticsChecklistItem.objects.filter(is_active=True)
        return Response(MarketLogisticsChecklistItemSerializer(items, many=True).data)


def register(router) -> None:
    router.register("market/listings", ListingViewSet, basename="market-listing")
    router.register("market/eliminated-products", EliminatedViewSet, basename="market-eliminated")
    router.register("market/logistics-checks", LogisticsCheckViewSet, basename="market-logistics-check")
