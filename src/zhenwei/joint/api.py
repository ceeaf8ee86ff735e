"""/api/v1/joint/…: meetings, decisions, actions (with computed totals), publicity ledger, urgent reports."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from zhenwei.campaigns.models import Campaign
from zhenwei.core.access import restrict
from zhenwei.core.api.viewsets import (
    ScopedCreateListRetrieveViewSet,
    ScopedQuerysetMixin,
    ScopedReadOnlyViewSet,
)
from zhenwei.core.models import Department

from . import selectors, services
from .choices import DecisionStatus, PublicityKind, TargetKind
from .filtersets import ActionFilter, DecisionFilter, MeetingFilter, PublicityFilter
from .models import Decision, JointAction, Meeting, PublicityActivity, UrgentReport


@extend_schema_field(OpenApiTypes.INT)
class _DeptField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return Department.objects.filter(is_active=True)


@extend_schema_field(OpenApiTypes.INT)
class _CampaignField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        request = self.context.get("request")
        return restrict(Campaign.objects.all(), request.user) if request else Campaign.objects.none()


class JointDecisionSerializer(serializers.ModelSerializer):
    owner_department_name = serializers.CharField(source="owner_department.name", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    meeting_title = serializers.CharField(source="meeting.title", read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "meeting",
            "meeting_title",
            "seq",
            "text",
            "owner_department",
            "owner_department_name",
            "cooperating_departments",
            "due_on",
            "status",
            "progress_note",
            "done_on",
            "is_overdue",
        ]
        read_only_fields = fields


class JointMeetingSerializer(serializers.ModelSerializer):
    campaign = _CampaignField()
    convening_department = _DeptField()
    attending_departments = _DeptField(many=True, required=False)
    decisions = JointDecisionSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "campaign",
            "kind",
            "title",
            "convening_department",
            "division",
            "held_on",
            "start_time",
            "place",
            "chair",
            "attending_departments",
            "attendees",
            "topics",
            "summary",
            "recorder",
            "decisions",
        ]
        read_only_fields = ["division", "decisions"]

    def create(self, validated_data):
        return services.meeting_create(actor=self.context["request"].user, **validated_data)


class JointDecisionCreateSerializer(serializers.Serializer):
    text = serializers.CharField()
    owner_department = _DeptField()
    cooperating_departments = _DeptField(many=True, required=False)
    due_on = serializers.DateField()


class JointDecisionTransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=DecisionStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class MeetingViewSet(ScopedCreateListRetrieveViewSet):
    queryset = Meeting.objects.select_related("campaign", "convening_department").prefetch_related(
        "attending_departments",
        Prefetch(
            "decisions",
            queryset=Decision.objects.select_related("owner_department", "meeting").prefetch_related(
                "cooperating_departments"
            ),
        ),
    )
    serializer_class = JointMeetingSerializer
    filterset_class = MeetingFilter

    @extend_schema(request=JointDecisionCreateSerializer, responses=JointDecisionSerializer)
    @action(detail=True, methods=["post"])
    def decisions(self, request, pk=None):
        meeting = self.get_object()
        s = JointDecisionCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        decision = services.decision_add(meeting=meeting, actor=request.user, **s.validated_data)
        return Response(JointDecisionSerializer(decision).data, status=201)

    @extend_schema(responses=JointDecisionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def outstanding(self, request, pk=None):
        """Decisions of earlier meetings of the campaign still open (for the preparation of this one)."""
        meeting = self.get_object()
        qs = selectors.decisions_outstanding_before(meeting=meeting, user=request.user)
        return Response(JointDecisionSerializer(qs, many=True).data)


class DecisionViewSet(ScopedReadOnlyViewSet):
    queryset = Decision.objects.select_related("meeting", "owner_department").prefetch_related(
        "cooperating_departments"
    )
    serializer_class = JointDecisionSerializer
    filterset_class = DecisionFilter

    @extend_schema(request=JointDecisionTransitionSerializer, responses=JointDecisionSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        decision = self.get_object()
        s = JointDecisionTransitionSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        decision = services.decision_transition(decision=decision, actor=request.user, **s.validated_data)
        return Response(JointDecisionSerializer(decision).data)


class JointActionSerializer(serializers.ModelSerializer):
    campaign = _CampaignField()
    lead_department = _DeptField()
    participating_departments = _DeptField(many=True, required=False)
    target_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=TargetKind.choices), required=False
    )
    totals = serializers.SerializerMethodField()

    class Meta:
        model = JointAction
        fields = [
            "id",
            "campaign",
            "kind",
            "title",
            "lead_department",
            "division",
            "starts_on",
            "ends_on",
            "participating_departments",
            "divisions",
            "target_kinds",
            "description",
            "officers_deployed",
            "totals",
        ]
        read_only_fields = ["division", "divisions", "totals"]

    def get_totals(self, obj) -> dict | None:
        # Totals cost a few queries per action: computed for one action, not for every row of a list.
        view = self.context.get("view")
        if view is not None and getattr(view, "action", None) == "list":
            return None
        totals = services.action_totals(obj)
        return {k: (str(v) if not isinstance(v, int | list) else v) for k, v in totals.items()}

    def create(self, validated_data):
        return services.action_create(actor=self.context["request"].user, **validated_data)


class JointActionLinkSerializer(serializers.Serializer):
    record_type = serializers.ChoiceField(choices=[(x, x) for x in services.LINKABLE])
    record_id = serializers.IntegerField(min_value=1)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ActionViewSet(ScopedCreateListRetrieveViewSet):
    queryset = JointAction.objects.select_related("campaign", "lead_department").prefetch_related(
        "participating_departments", "divisions"
    )
    serializer_class = JointActionSerializer
    filterset_class = ActionFilter

    @extend_schema(request=JointActionLinkSerializer, responses=JointActionSerializer)
    @action(detail=True, methods=["post"])
    def link(self, request, pk=None):
        joint_action = self.get_object()
        s = JointActionLinkSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        app_label, model = s.validated_data["record_type"].split(".")
        model_class = ContentType.objects.get(app_label=app_label, model=model).model_class()
        record = model_class.objects.filter(pk=s.validated_data["record_id"]).first()
        if record is None:
            raise ValidationError(gettext("找不到该记录"))
        services.action_link(
            action=joint_action, record=record, actor=request.user, note=s.validated_data["note"]
        )
        return Response(JointActionSerializer(joint_action, context={"request": request}).data)

    @extend_schema(request=None, responses=JointActionSerializer)
    @action(detail=True, methods=["post"])
    def collect(self, request, pk=None):
        joint_action = self.get_object()
        services.action_collect(action=joint_action, actor=request.user)
        return Response(JointActionSerializer(joint_action, context={"request": request}).data)


class JointPublicitySerializer(serializers.ModelSerializer):
    campaign = _CampaignField(required=False, allow_null=True)
    organiser = _DeptField()
    kind = serializers.ChoiceField(choices=PublicityKind.choices)

    class Meta:
        model = PublicityActivity
        fields = [
            "id",
            "campaign",
            "kind",
            "title",
            "held_on",
            "division",
            "place",
            "organiser",
            "audience",
            "views",
            "materials_distributed",
            "description",
        ]
        read_only_fields = ["division"]

    def create(self, validated_data):
        return services.publicity_create(actor=self.context["request"].user, **validated_data)


class PublicityViewSet(ScopedCreateListRetrieveViewSet):
    queryset = PublicityActivity.objects.select_related("organiser", "division")
    serializer_class = JointPublicitySerializer
    filterset_class = PublicityFilter


class JointUrgentRecipientSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    department = serializers.IntegerField(source="department_id")
    department_name = serializers.CharField(source="department.name")
    reason = serializers.CharField()
    acknowledged_at = serializers.DateTimeField()
    acknowledged_by = serializers.CharField(allow_null=True)


class JointUrgentReportSerializer(serializers.ModelSerializer):
    campaign = _CampaignField(required=False, allow_null=True)
    reporting_department = _DeptField()
    recipients = JointUrgentRecipientSerializer(many=True, read_only=True)

    class Meta:
        model = UrgentReport
        fields = [
            "id",
            "campaign",
            "title",
            "body",
            "occurred_on",
            "reporting_department",
            "division",
            "status",
            "reported_at",
            "recipients",
        ]
        read_only_fields = ["division", "status", "reported_at", "recipients"]

    def create(self, validated_data):
        return services.urgent_report_submit(actor=self.context["request"].user, **validated_data)


class UrgentReportViewSet(
    ScopedQuerysetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Urgent reports the caller's divisions sent, or that went to one of the caller's departments."""

    queryset = UrgentReport.objects.all()
    serializer_class = JointUrgentReportSerializer

    def get_queryset(self):
        qs = selectors.urgent_report_list(user=self.request.user)
        if self.request.method not in ("GET", "HEAD", "OPTIONS") and self.action == "create":
            return restrict(UrgentReport.objects.all(), self.request.user, "change")
        return qs

    @extend_schema(request=None, responses=JointUrgentReportSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        report = get_object_or_404(selectors.urgent_report_list(user=request.user), pk=pk)
        mine = report.recipients.filter(
            department__memberships__user=request.user,
            department__memberships__is_active=True,
            acknowledged_at__isnull=True,
        ).distinct()
        if not mine.exists():
            raise ValidationError(gettext("没有待本单位签收的报送"))
        for recipient in mine:
            services.urgent_report_acknowledge(
                recipient=recipient, actor=request.user, note=request.data.get("note", "")
            )
        report.refresh_from_db()
        return Response(JointUrgentReportSerializer(report, context={"request": request}).data)


def register(router) -> None:
    router.register("joint/meetings", MeetingViewSet, basename="joint-meeting")
    router.register("joint/decisions", DecisionViewSet, basename="joint-decision")
    router.register("joint/actions", ActionViewSet, basename="joint-action")
    router.register("joint/publicity", PublicityViewSet, basename="joint-publicity")
    router.register("joint/urgent-reports", UrgentReportViewSet, basename="joint-urgent-report")

    from .destruction_api import register as register_destructions

    register_destructions(router)
