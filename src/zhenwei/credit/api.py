"""/api/v1/credit/…: staff endpoints (credit entries, disclosures, export) and public read-only ones
(published disclosures and the active credit list, masked, no authentication)."""

from __future__ import annotations

from django.apps import apps
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from zhenwei.core.access import restrict
from zhenwei.core.api.permissions import StaffScoped
from zhenwei.core.api.viewsets import ScopedCreateListRetrieveViewSet
from zhenwei.core.models import Department, Division
from zhenwei.registry.models import Enterprise

from . import services
from .choices import DisclosureKind, ListKind, SubjectKind
from .export import COLUMNS, FORMAT_VERSION, to_csv, to_json
from .filtersets import CreditEntryFilter, DisclosureFilter
from .models import CreditEntry, Disclosure
from .publishing import copy_fields, publishable_for
from .selectors import credit_entry_list, public_credit_entries, public_disclosures


class CreditEntrySerializer(serializers.ModelSerializer):
    division_code = serializers.SlugRelatedField(
        source="division", slug_field="code", queryset=Division.objects.all()
    )
    enterprise = serializers.PrimaryKeyRelatedField(
        queryset=Enterprise.objects.all(), required=False, allow_null=True
    )
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(), required=False, allow_null=True
    )
    list_kind = serializers.ChoiceField(choices=ListKind.choices)
    subject_kind = serializers.ChoiceField(choices=SubjectKind.choices, default=SubjectKind.LEGAL_PERSON)
    status = serializers.CharField(read_only=True)
    id_number = serializers.CharField(write_only=True, required=False, allow_blank=True)
    subject_name = serializers.CharField(required=False, allow_blank=True, max_length=200)

    class Meta:
        model = CreditEntry
        fields = [
            "id",
            "list_kind",
            "subject_kind",
            "enterprise",
            "subject_name",
            "credit_code",
            "id_number",
            "legal_representative",
            "reason",
            "legal_basis",
            "deciding_authority",
            "department",
            "decision_number",
            "decision_date",
            "publication_start",
            "publication_end",
            "appeal_route",
            "status",
            "removal_number",
            "removal_date",
            "removal_reason",
            "repair_number",
            "repair_date",
            "repair_note",
            "division_code",
            "updated_at",
        ]
        read_only_fields = [
            "removal_number",
            "removal_date",
            "removal_reason",
            "repair_number",
            "repair_date",
            "repair_note",
            "updated_at",
        ]
        # Uniqueness is the service's to check (with a clear message), not the serializer's.
        validators = []


class CreditDecisionSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=100)
    on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True)


class CreditPublishSerializer(serializers.Serializer):
    title = serializers.CharField(required=False, allow_blank=True, max_length=200)
    summary = serializers.CharField(required=False, allow_blank=True)
    published_on = serializers.DateField(required=False)
    field_names = serializers.ListField(child=serializers.CharField(), required=False)


class DisclosureSerializer(serializers.ModelSerializer):
    division_code = serializers.CharField(source="division.code", read_only=True)
    source_type = serializers.SerializerMethodField()

    class Meta:
        model = Disclosure
        fields = [
            "id",
            "kind",
            "title",
            "summary",
            "fields",
            "division_code",
            "published_on",
            "withdrawn",
            "withdrawn_on",
            "withdrawn_reason",
            "source_type",
            "source_id",
        ]

    def get_source_type(self, obj) -> str:
        return f"{obj.source_type.app_label}.{obj.source_type.model}"


class DisclosureCreateSerializer(CreditPublishSerializer):
    source_type = serializers.CharField(help_text="app_label.model, e.g. inspections.inspection")
    source_id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=DisclosureKind.choices, required=False)


class DisclosureWithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField()


class CreditEntryViewSet(ScopedCreateListRetrieveViewSet):
    """Credit list entries in the user's scope; removal, repair and publication are actions."""

    queryset = CreditEntry.objects.select_related("division")
    serializer_class = CreditEntrySerializer
    filterset_class = CreditEntryFilter

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.credit_entry_create(actor=self.request.user, **data)

    def _entry(self, pk):
        return get_object_or_404(restrict(CreditEntry.objects.all(), self.request.user, "change"), pk=pk)

    @extend_schema(request=CreditDecisionSerializer, responses=CreditEntrySerializer)
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        form = CreditDecisionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        d = form.validated_data
        entry = services.credit_entry_remove(
            entry=self._entry(pk),
            actor=request.user,
            number=d["number"],
            on=d["on"],
            reason=d.get("note", ""),
        )
        return Response(CreditEntrySerializer(entry).data)

    @extend_schema(request=CreditDecisionSerializer, responses=CreditEntrySerializer)
    @action(detail=True, methods=["post"])
    def repair(self, request, pk=None):
        form = CreditDecisionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        d = form.validated_data
        entry = services.credit_entry_repair(
            entry=self._entry(pk), actor=request.user, number=d["number"], on=d["on"], note=d.get("note", "")
        )
        return Response(CreditEntrySerializer(entry).data)

    @extend_schema(request=CreditPublishSerializer, responses=DisclosureSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        form = CreditPublishSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        disclosure = services.disclosure_create(
            record=self._entry(pk), actor=request.user, **form.validated_data
        )
        return Response(DisclosureSerializer(disclosure).data, status=201)


class DisclosureViewSet(ScopedCreateListRetrieveViewSet):
    """Publications in the user's scope (including withdrawn ones). POST publishes any disclosable
    record: {"source_type": "inspections.inspection", "source_id": 1, "field_names": [...]}."""

    queryset = Disclosure.objects.select_related("division", "source_type")
    serializer_class = DisclosureSerializer
    filterset_class = DisclosureFilter

    @extend_schema(request=DisclosureCreateSerializer, responses=DisclosureSerializer)
    def create(self, request, *args, **kwargs):
        form = DisclosureCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        label, pk = data.pop("source_type"), data.pop("source_id")
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            raise NotFound(gettext("未知记录类型 %(label)s") % {"label": label}) from None
        if publishable_for(model) is None:
            raise NotFound(gettext("%(label)s 不是可公示的记录类型") % {"label": label})
        record = get_object_or_404(restrict(model._default_manager.all(), request.user, "change"), pk=pk)
        disclosure = services.disclosure_create(record=record, actor=request.user, **data)
        return Response(DisclosureSerializer(disclosure).data, status=201)

    @extend_schema(request=DisclosureWithdrawSerializer, responses=DisclosureSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        form = DisclosureWithdrawSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        disclosure = get_object_or_404(restrict(Disclosure.objects.all(), request.user, "change"), pk=pk)
        disclosure = services.disclosure_withdraw(
            disclosure=disclosure, actor=request.user, reason=form.validated_data["reason"]
        )
        return Response(DisclosureSerializer(disclosure).data)


class PublicDisclosureSerializer(serializers.ModelSerializer):
    division = serializers.SerializerMethodField()
    division_code = serializers.CharField(source="division.code", read_only=True)

    class Meta:
        model = Disclosure
        fields = ["id", "kind", "title", "summary", "fields", "division", "division_code", "published_on"]

    def get_division(self, obj) -> str:
        # One ancestors query per distinct division on the page, not per row.
        names = self.context.setdefault("_division_names", {})
        if obj.division_id not in names:
            names[obj.division_id] = obj.division.full_name
        return names[obj.division_id]


class PublicDisclosureViewSet(viewsets.ReadOnlyModelViewSet):
    """Published, not withdrawn disclosures (anonymous; only the copied, masked fields)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    serializer_class = PublicDisclosureSerializer
    filterset_class = DisclosureFilter

    def get_queryset(self):
        return public_disclosures()


class PublicCreditEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    list_kind = serializers.CharField()
    details = serializers.SerializerMethodField()

    def get_details(self, obj) -> list[dict]:
        return copy_fields(obj)


class PublicCreditEntryViewSet(viewsets.ReadOnlyModelViewSet):
    """The credit list as published today (anonymous; publishable fields only, names masked)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    serializer_class = PublicCreditEntrySerializer
    filterset_class = CreditEntryFilter

    def get_queryset(self):
        return public_credit_entries()


# One record of the JSON feed, declared from export.COLUMNS so the schema cannot drift from the feed.
CreditExportRecordSerializer = type(
    "CreditExportRecordSerializer",
    (serializers.Serializer,),
    {name: serializers.CharField(help_text=meaning) for name, meaning in COLUMNS},
)


class CreditExportSerializer(serializers.Serializer):
    """The JSON feed: a header and the records (docs/credit.md)."""

    format = serializers.CharField(help_text=f"格式版本，当前为 {FORMAT_VERSION}")
    generated_at = serializers.DateTimeField()
    count = serializers.IntegerField()
    records = CreditExportRecordSerializer(many=True)


class ViewReadsFormat(DefaultContentNegotiation):
    """``format`` is the view's own query parameter here (csv or json), not DRF's renderer override
    (URL_FORMAT_OVERRIDE), which answered ``?format=csv`` with 404 for want of a "csv" renderer. The
    view writes its own body; its error answers are JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        renderer = next((r for r in renderers if r.media_type == "application/json"), renderers[0])
        return renderer, renderer.media_type


class CreditExportView(APIView):
    """The feed for the national credit platforms (docs/credit.md): ?format=csv or json."""

    permission_classes = [StaffScoped]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = ViewReadsFormat

    @extend_schema(
        parameters=[OpenApiParameter("format", str, enum=["csv", "json"])],
        responses={
            (200, "application/json"): CreditExportSerializer,
            (200, "text/csv"): OpenApiTypes.STR,
        },
    )
    def get(self, request):
        fmt = request.query_params.get("format", "json")
        if fmt not in ("csv", "json"):
            return Response({"detail": "format 只能是 csv 或 json"}, status=400)
        entries = list(credit_entry_list(user=request.user).order_by("pk"))
        services.credit_export_audit(actor=request.user, fmt=fmt, count=len(entries))
        body, ctype = (
            (to_csv(entries), "text/csv") if fmt == "csv" else (to_json(entries), "application/json")
        )
        response = HttpResponse(body, content_type=f"{ctype}; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="credit-list.{fmt}"'
        return response


def register(router) -> None:
    router.register("credit/entries", CreditEntryViewSet, basename="credit-entry")
    router.register("credit/disclosures", DisclosureViewSet, basename="credit-disclosure")
    router.register("credit/public/disclosures", PublicDisclosureViewSet, basename="credit-public-disclosure")
    router.register("credit/public/entries", PublicCreditEntryViewSet, basename="credit-public-entry")


def get_urlpatterns():
    return [path("credit/export/", CreditExportView.as_view(), name="credit-export")]
