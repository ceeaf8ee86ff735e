"""Tips API: staff viewsets (restricted by the visibility rule) and two anonymous public endpoints."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from zhenwei.core.access import restrict
from zhenwei.core.api.parsers import JSONParser  # nesting bounded (T58)
from zhenwei.core.api.permissions import HasCapability
from zhenwei.core.api.viewsets import ScopedQuerysetMixin
from zhenwei.core.models import Department

from . import rewards as reward_services
from . import services
from .choices import TipStatus
from .filtersets import RewardFilter, TipFilter
from .models import Reward, RewardScheme, Tip
from .ratelimit import hit, network_of
from .receipt import receipt_display
from .selectors import tip_public_progress
from .serializers import (
    AcceptSerializer,
    ClassifySerializer,
    CloseSerializer,
    DeclineSerializer,
    LinkDuplicateSerializer,
    NoteSerializer,
    PublicProgressSerializer,
    ReplySerializer,
    RerouteSerializer,
    RewardDecisionSerializer,
    RewardPaySerializer,
    RewardProposeSerializer,
    RewardSchemeSerializer,
    RewardSerializer,
    StaffTipInputSerializer,
    TipDetailSerializer,
    TipInputSerializer,
    TipSerializer,
    UnlinkSerializer,
)

HONEYPOT_FIELD = "website"


def tip_input_from(data: dict, files) -> services.TipInput:
    """Validated serializer data (and uploaded files) → the service's input."""
    fields = {
        k: v
        for k, v in data.items()
        if k in services.TipInput.__dataclass_fields__ and k != "attachments" and v is not None
    }
    fields.setdefault("category", data.get("category"))
    attachments = [
        services.Attachment(fileobj=f, name=f.name, content_type=getattr(f, "content_type", None))
        for f in (files.getlist("attachments") if files else [])
    ]
    return services.TipInput(**fields, attachments=attachments)


def _validated(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class TipViewSet(
    ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Tips and complaints in the user's scope; hotline entry; workflow, routing and duplicate actions.

    The detail answer carries the tipster's identity whole only for the "tipster" capability, and
    that view is audited (view_pii); lists always mask it.
    """

    queryset = Tip.objects.select_related("category", "division", "lead_department", "duplicate_of")
    serializer_class = TipSerializer
    filterset_class = TipFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_serializer_class(self):
        if self.action == "retrieve":
            return TipDetailSerializer
        if self.action == "create":
            return StaffTipInputSerializer
        return TipSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["reveal_identity"] = self.action == "retrieve"
        return context

    def _respond(self, tip: Tip, code=status.HTTP_200_OK):
        tip = Tip.objects.select_related("category", "division", "lead_department", "duplicate_of").get(
            pk=tip.pk
        )
        return Response(TipSerializer(tip, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=StaffTipInputSerializer, responses={201: TipSerializer})
    def create(self, request, *args, **kwargs):
        """Register a tip taken by phone, letter or visit (hotline operators); returns the receipt once."""
        data = _validated(StaffTipInputSerializer, request)
        tip, receipt = services.tip_submit(
            data=tip_input_from(data, request.FILES),
            channel=data["channel"],
            actor=request.user,
            received_at=data.get("received_at"),
        )
        response = self._respond(tip, status.HTTP_201_CREATED)
        response.data["receipt"] = receipt_display(receipt)
        return response

    @extend_schema(request=AcceptSerializer, responses={200: TipSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        data = _validated(AcceptSerializer, request)
        return self._respond(services.tip_accept(tip=self.get_object(), actor=request.user, **data))

    @extend_schema(request=DeclineSerializer, responses={200: TipSerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        data = _validated(DeclineSerializer, request)
        return self._respond(services.tip_decline(tip=self.get_object(), actor=request.user, **data))

    @extend_schema(request=NoteSerializer, responses={200: TipSerializer})
    @action(detail=True, methods=["post"])
    def handle(self, request, pk=None):
        data = _validated(NoteSerializer, request)
        return self._respond(
            services.tip_transition(tip=self.get_object(), to=TipStatus.HANDLING, actor=request.user, **data)
        )

    @extend_schema(request=ReplySerializer, responses={200: TipSerializer})
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        data = _validated(ReplySerializer, request)
        return self._respond(services.tip_reply(tip=self.get_object(), actor=request.user, **data))

    @extend_schema(request=CloseSerializer, responses={200: TipSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        data = _validated(CloseSerializer, request)
        return self._respond(services.tip_close(tip=self.get_object(), actor=request.user, **data))

    @extend_schema(request=NoteSerializer, responses={200: TipSerializer})
    @action(detail=True, methods=["post"])
    def note(self, request, pk=None):
        data = _validated(NoteSerializer, request)
        tip = self.get_object()
        services.tip_note(tip=tip, actor=request.user, note=data["note"])
        return self._respond(tip)

    @extend_schema(request=RerouteSerializer, responses={200: TipSerializer})
    @action(detail=True, methods=["post"])
    def reroute(self, request, pk=None):
        data = _validated(RerouteSerializer, request)
        department = get_object_or_404(Department, pk=data["department"], is_active=True)
        return self._respond(
            services.tip_reroute(
                tip=self.get_object(), actor=request.user, department=department, reason=data["reason"]
            )
        )

    @extend_schema(request=ClassifySerializer, responses={200: TipSerializer})
    @action(detail=True, methods=["post"])
    def classify(self, request, pk=None):
        data = _validated(ClassifySerializer, request)
        return self._respond(services.tip_classify(tip=self.get_object(), actor=request.user, **data))

    @extend_schema(request=LinkDuplicateSerializer, responses={200: TipSerializer})
    @action(detail=True, methods=["post"], url_path="link-duplicate")
    def link_duplicate(self, request, pk=None):
        data = _validated(LinkDuplicateSerializer, request)
        original = get_object_or_404(restrict(Tip.objects.all(), request.user), pk=data["original"])
        return self._respond(
            services.tip_link_duplicate(tip=self.get_object(), original=original, actor=request.user)
        )

    @extend_schema(request=UnlinkSerializer, responses={200: TipSerializer})
    @action(detail=True, methods=["post"], url_path="unlink-duplicate")
    def unlink_duplicate(self, request, pk=None):
        data = _validated(UnlinkSerializer, request)
        return self._respond(services.tip_unlink_duplicate(tip=self.get_object(), actor=request.user, **data))


class RewardViewSet(
    ScopedQuerysetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Rewards: proposed by one person, approved or rejected by a second (approve), then paid."""

    queryset = Reward.objects.select_related("tip", "proposed_by", "decided_by")
    serializer_class = RewardSerializer
    filterset_class = RewardFilter

    def get_queryset(self):
        # Approving is a decision on a record one may see; the service checks the capability.
        qs = super(ScopedQuerysetMixin, self).get_queryset()
        return restrict(qs, self.request.user, "view")

    @extend_schema(request=RewardProposeSerializer, responses={201: RewardSerializer})
    def create(self, request, *args, **kwargs):
        data = _validated(RewardProposeSerializer, request)
        tip = get_object_or_404(restrict(Tip.objects.all(), request.user, "change"), pk=data.pop("tip"))
        reward = reward_services.reward_propose(tip=tip, actor=request.user, **data)
        return Response(RewardSerializer(reward).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RewardDecisionSerializer, responses={200: RewardSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        data = _validated(RewardDecisionSerializer, request)
        reward = reward_services.reward_approve(reward=self.get_object(), actor=request.user, **data)
        return Response(RewardSerializer(reward).data)

    @extend_schema(request=RewardDecisionSerializer, responses={200: RewardSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        data = _validated(RewardDecisionSerializer, request)
        reward = reward_services.reward_reject(reward=self.get_object(), actor=request.user, **data)
        return Response(RewardSerializer(reward).data)

    @extend_schema(request=RewardPaySerializer, responses={200: RewardSerializer})
    @action(detail=True, methods=["post"])
    def pay(self, request, pk=None):
        data = _validated(RewardPaySerializer, request)
        reward = reward_services.reward_pay(
            reward=self.get_object(),
            actor=request.user,
            paid_on=data["paid_on"],
            method=data["payment_method"],
            reference=data["payment_reference"],
        )
        return Response(RewardSerializer(reward).data)


class RewardSchemeViewSet(viewsets.ReadOnlyModelViewSet):
    """Configured reward schemes and their bands (reference data)."""

    queryset = RewardScheme.objects.prefetch_related("tiers").select_related("division")
    serializer_class = RewardSchemeSerializer
    permission_classes = [HasCapability.of("view")]


def _too_many(retry_after: int) -> Response:
    response = Response(
        {"detail": "请求过于频繁，请稍后再试 (too many requests)"}, status=status.HTTP_429_TOO_MANY_REQUESTS
    )
    response["Retry-After"] = str(retry_after)
    return response


class PublicTipCreateView(APIView):
    """Submit a tip anonymously or under one's name (no login). Returns the receipt code, once."""

    permission_classes = [AllowAny]
    authentication_classes = []
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        request=TipInputSerializer,
        responses={201: OpenApiResponse(description="receipt, number, acceptance_due"), 429: None},
        operation_id="tips_public_create",
    )
    def post(self, request):
        allowed, retry_after = hit(request, "TIPS_SUBMIT_RATE_LIMIT")
        if not allowed:
            return _too_many(retry_after)
        data = _validated(TipInputSerializer, request)
        if data.pop(HONEYPOT_FIELD, ""):
            raise ValidationError(gettext("提交被拒绝 (rejected)"))
        tip, receipt = services.tip_submit(
            data=tip_input_from(data, request.FILES), network=network_of(request)
        )
        return Response(
            {
                "receipt": receipt_display(receipt),
                "number": tip.number,
                "status": tip.status,
                "acceptance_due": tip.acceptance_due.isoformat(),
                "status_url": f"/tips/status/?code={receipt}",
            },
            status=status.HTTP_201_CREATED,
        )


class PublicTipStatusView(APIView):
    """Progress of a tip for whoever holds its receipt code: stages and public replies only."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        responses={200: PublicProgressSerializer, 404: None, 429: None}, operation_id="tips_public_status"
    )
    def get(self, request, receipt: str):
        allowed, retry_after = hit(request, "TIPS_STATUS_RATE_LIMIT")
        if not allowed:
            return _too_many(retry_after)
        progress = tip_public_progress(receipt)
        if progress is None:
            return Response(
                {"detail": "回执码不正确或不存在 (unknown receipt code)"}, status=status.HTTP_404_NOT_FOUND
            )
        return Response(progress.as_dict())


def register(router) -> None:
    router.register("tips", TipViewSet, basename="tip")
    router.register("tip-rewards", RewardViewSet, basename="tip-reward")
    router.register("tip-reward-schemes", RewardSchemeViewSet, basename="tip-reward-scheme")

    from .monitor_api import register as register_monitors

    register_monitors(router)


def get_urlpatterns():
    return [
        path("tips/public/", PublicTipCreateView.as_view(), name="tips-public-create"),
        path("tips/public/<str:receipt>/", PublicTipStatusView.as_view(), name="tips-public-status"),
    ]
