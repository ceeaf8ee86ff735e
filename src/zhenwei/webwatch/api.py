"""/api/v1/webwatch/…: the ledger (staff, scoped), the official registry, URL checks and ad screening."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from zhenwei.core.access import restrict
from zhenwei.core.api.parsers import JSONParser  # nesting bounded (T58)
from zhenwei.core.api.permissions import StaffScoped
from zhenwei.core.api.viewsets import ScopedCreateListRetrieveViewSet
from zhenwei.core.models import Department, Division

from . import services
from .choices import DiscoveredVia, ReferralTarget, SiteKind, TechService
from .filtersets import SuspectSiteFilter
from .lookalike import MalformedURL
from .models import OfficialDomain, SiteEvent, SiteEvidence, SuspectSite
from .screening import cluster_texts, screen_text
from .selectors import checker

MAX_URLS = 200
MAX_ADS = 2000


class OfficialDomainSerializer(serializers.ModelSerializer):
    class Meta:
        model = OfficialDomain
        fields = [
            "id",
            "host",
            "name",
            "owner",
            "url",
            "is_verification",
            "include_subdomains",
            "how_to_tell",
        ]


class SiteEvidenceSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField()

    class Meta:
        model = SiteEvidence
        fields = ["id", "url", "sha256", "captured_at", "note", "download"]

    def get_download(self, obj) -> str:
        return f"/staff/evidence/{obj.evidence_id}/"


class SiteEventSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()

    class Meta:
        model = SiteEvent
        fields = ["from_status", "to_status", "on", "note", "actor", "at"]


class SuspectSiteSerializer(serializers.ModelSerializer):
    division_code = serializers.SlugRelatedField(
        source="division", slug_field="code", queryset=Division.objects.all()
    )
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(), required=False, allow_null=True
    )
    kind = serializers.ChoiceField(choices=SiteKind.choices, default=SiteKind.FAKE_WEBSITE)
    discovered_via = serializers.ChoiceField(choices=DiscoveredVia.choices, default=DiscoveredVia.PATROL)
    provider_service = serializers.ChoiceField(choices=TechService.choices, required=False, allow_blank=True)
    evidence = SiteEvidenceSerializer(many=True, read_only=True)
    events = SiteEventSerializer(many=True, read_only=True)

    class Meta:
        model = SuspectSite
        fields = [
            "id",
            "kind",
            "url",
            "host",
            "title",
            "verdict",
            "imitates",
            "reasons",
            "provider_name",
            "provider_service",
            "description",
            "division_code",
            "department",
            "discovered_on",
            "discovered_via",
            "status",
            "evidence_on",
            "referred_on",
            "referred_to_kind",
            "referred_to",
            "referral_number",
            "blocked_on",
            "block_method",
            "closed_on",
            "closed_reason",
            "clue",
            "evidence",
            "events",
        ]
        read_only_fields = [
            "host",
            "verdict",
            "imitates",
            "reasons",
            "status",
            "evidence_on",
            "referred_on",
            "referred_to_kind",
            "referred_to",
            "referral_number",
            "blocked_on",
            "block_method",
            "closed_on",
            "closed_reason",
            "clue",
        ]


class SiteEvidenceUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    url = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    captured_at = serializers.DateTimeField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=255)


class SiteReferSerializer(serializers.Serializer):
    on = serializers.DateField()
    to_kind = serializers.ChoiceField(choices=ReferralTarget.choices)
    to = serializers.CharField(required=False, allow_blank=True, max_length=200)
    to_department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all(), required=False)
    number = serializers.CharField(required=False, allow_blank=True, max_length=100)
    note = serializers.CharField(required=False, allow_blank=True)


class SiteBlockSerializer(serializers.Serializer):
    on = serializers.DateField()
    method = serializers.CharField(required=False, allow_blank=True, max_length=200)
    note = serializers.CharField(required=False, allow_blank=True)


class SiteCloseSerializer(serializers.Serializer):
    on = serializers.DateField(default=dt.date.today)
    reason = serializers.CharField()


class SuspectSiteViewSet(ScopedCreateListRetrieveViewSet):
    """The ledger of fake websites and illegal technical service providers in the user's scope.
    Stages move only through the actions (evidence → refer → block, or close)."""

    queryset = SuspectSite.objects.select_related("division", "department").prefetch_related(
        "evidence", "events__actor"
    )
    serializer_class = SuspectSiteSerializer
    filterset_class = SuspectSiteFilter

    def perform_create(self, serializer):
        data = serializer.validated_data
        site = services.site_register(
            url=data["url"],
            division=data["division"],
            discovered_on=data["discovered_on"],
            actor=self.request.user,
            kind=data.get("kind", SiteKind.FAKE_WEBSITE),
            discovered_via=data.get("discovered_via", DiscoveredVia.PATROL),
            title=data.get("title", ""),
            description=data.get("description", ""),
            provider_name=data.get("provider_name", ""),
            provider_service=data.get("provider_service", ""),
            department=data.get("department"),
        )
        serializer.instance = site

    def _site(self, pk) -> SuspectSite:
        return get_object_or_404(restrict(SuspectSite.objects.all(), self.request.user, "change"), pk=pk)

    def _answer(self, site) -> Response:
        site = self.get_queryset().get(pk=site.pk)
        return Response(SuspectSiteSerializer(site, context=self.get_serializer_context()).data)

    @extend_schema(
        request={"multipart/form-data": SiteEvidenceUploadSerializer}, responses=SuspectSiteSerializer
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request, pk=None):
        """Upload a screenshot or saved page (PDF/image) as evidence."""
        site = self._site(pk)
        form = SiteEvidenceUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        services.site_evidence_add(
            site=site,
            fileobj=upload,
            name=upload.name,
            declared_type=upload.content_type,
            actor=request.user,
            url=form.validated_data.get("url", ""),
            captured_at=form.validated_data.get("captured_at"),
            note=form.validated_data.get("note", ""),
        )
        return self._answer(site)

    @extend_schema(request=SiteReferSerializer, responses=SuspectSiteSerializer)
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def refer(self, request, pk=None):
        site = self._site(pk)
        form = SiteReferSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.site_refer(site=site, actor=request.user, **form.validated_data)
        return self._answer(site)

    @extend_schema(request=SiteBlockSerializer, responses=SuspectSiteSerializer)
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def block(self, request, pk=None):
        site = self._site(pk)
        form = SiteBlockSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.site_block(site=site, actor=request.user, **form.validated_data)
        return self._answer(site)

    @extend_schema(request=SiteCloseSerializer, responses=SuspectSiteSerializer)
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def close(self, request, pk=None):
        site = self._site(pk)
        form = SiteCloseSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.site_close(site=site, actor=request.user, **form.validated_data)
        return self._answer(site)

    @extend_schema(request=None, responses=SuspectSiteSerializer)
    @action(detail=True, methods=["post"], url_path="open-clue")
    def open_clue(self, request, pk=None):
        """Open the clue for this record in the clue-and-case workflow."""
        site = self._site(pk)
        services.site_clue_open(site=site, actor=request.user)
        return self._answer(site)


class OfficialDomainViewSet(ScopedCreateListRetrieveViewSet):
    """The official hosts (reference data; edited by administrators in the admin site)."""

    queryset = OfficialDomain.objects.filter(is_active=True)
    serializer_class = OfficialDomainSerializer
    http_method_names = ["get", "head", "options"]


class CheckUrlRequest(serializers.Serializer):
    urls = serializers.ListField(
        child=serializers.CharField(allow_blank=True), min_length=1, max_length=MAX_URLS
    )


class CheckUrlResult(serializers.Serializer):
    url = serializers.CharField()
    verdict = serializers.CharField()
    imitates = serializers.CharField(allow_null=True)
    reasons = serializers.ListField(child=serializers.CharField())
    explanations = serializers.ListField(child=serializers.CharField(), required=False)
    error = serializers.CharField(required=False)


class CheckUrlView(APIView):
    """Is each URL an official site, a look-alike (which one and why) or unrelated? (staff)"""

    permission_classes = [IsAuthenticated, StaffScoped]

    @extend_schema(request=CheckUrlRequest, responses=CheckUrlResult(many=True))
    def post(self, request):
        form = CheckUrlRequest(data=request.data)
        form.is_valid(raise_exception=True)
        engine = checker()
        answers = []
        for url in form.validated_data["urls"]:
            try:
                result = engine.check(url)
            except MalformedURL as exc:
                answers.append(
                    {"url": url, "verdict": "error", "imitates": None, "reasons": [], "error": str(exc)}
                )
                continue
            answers.append({**result.as_dict(), "explanations": result.explanations})
        return Response(answers)


class AdScreenItem(serializers.Serializer):
    id = serializers.CharField(required=False, allow_blank=True)
    text = serializers.CharField(allow_blank=True, max_length=20000)


class AdScreenRequest(serializers.Serializer):
    items = serializers.ListField(child=AdScreenItem(), min_length=1, max_length=MAX_ADS)


class AdScreenAnswer(serializers.Serializer):
    id = serializers.CharField(allow_null=True)
    suspicious = serializers.BooleanField()
    score = serializers.FloatField()
    matched = serializers.ListField(child=serializers.CharField())
    cluster = serializers.CharField(allow_null=True)
    contacts = serializers.ListField(child=serializers.CharField())


class ScreenAdsView(APIView):
    """Screen ad or listing texts for fake-certificate selling and cluster near-duplicates (staff)."""

    permission_classes = [IsAuthenticated, StaffScoped]

    @extend_schema(request=AdScreenRequest, responses=AdScreenAnswer(many=True))
    def post(self, request):
        form = AdScreenRequest(data=request.data)
        form.is_valid(raise_exception=True)
        items = form.validated_data["items"]
        results = [screen_text(item["text"]) for item in items]
        clusters = cluster_texts([item["text"] for item in items], [r.contacts for r in results])
        return Response(
            [
                {"id": item.get("id"), **result.as_dict(), "cluster": f"C{c}" if c else None}
                for item, result, c in zip(items, results, clusters, strict=True)
            ],
            status=status.HTTP_200_OK,
        )


def register(router) -> None:
    router.register("webwatch/sites", SuspectSiteViewSet, basename="webwatch-site")
    router.register("webwatch/official-domains", OfficialDomainViewSet, basename="webwatch-official-domain")


def get_urlpatterns():
    return [
        path("webwatch/check-url/", CheckUrlView.as_view(), name="webwatch-check-url"),
        path("webwatch/screen-ads/", ScreenAdsView.as_view(), name="webwatch-screen-ads"),
    ]
