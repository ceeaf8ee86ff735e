"""/api/v1/campaigns/…: the campaign office's set-up (campaigns, phases, leading group, liaisons, task
matrix, reporting duties), the liaison list export, versioned duty submissions with their review,
and notices of criticism. Lists filter by ``?campaign=ID``; every write goes through a service."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from zhenwei.core.access import restrict, user_scope
from zhenwei.core.api.viewsets import ScopedQuerysetMixin, ScopedReadOnlyViewSet
from zhenwei.core.masking import disclose, mask_phone
from zhenwei.core.models import Department, Division

from . import checks_api, selectors, services
from .choices import SubmissionStatus, TaskStatus
from .filtersets import (
    AssignmentFilter,
    CampaignFilter,
    DutyFilter,
    GroupMemberFilter,
    LiaisonFilter,
    NoticeFilter,
    PhaseFilter,
    SubmissionFilter,
    TaskFilter,
)
from .models import (
    Campaign,
    CampaignPhase,
    CampaignTask,
    CriticismNotice,
    DutySubmission,
    LeadingGroupMember,
    Liaison,
    ReportingDuty,
    TaskAssignment,
)


@extend_schema_field(OpenApiTypes.INT)
class _CampaignField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        request = self.context.get("request")
        return restrict(Campaign.objects.all(), request.user) if request else Campaign.objects.none()


@extend_schema_field(OpenApiTypes.INT)
class _DeptField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return Department.objects.filter(is_active=True).select_related("division")


@extend_schema_field(OpenApiTypes.INT)
class _DivisionField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return Division.objects.all()


class _ServiceSaved(serializers.ModelSerializer):
    """create()/update() build the instance and hand it to the app's service (scope, rules, audit)."""

    service: str = ""
    kwarg: str = ""
    m2m: tuple[str, ...] = ()

    def _save(self, instance, validated_data):
        extra = {name: validated_data.pop(name) for name in self.m2m if name in validated_data}
        for key, value in validated_data.items():
            setattr(instance, key, value)
        return getattr(services, self.service)(
            **{self.kwarg: instance, "actor": self.context["request"].user}, **extra
        )

    def create(self, validated_data):
        return self._save(self.Meta.model(), validated_data)

    def update(self, instance, validated_data):
        return self._save(instance, validated_data)


class CampaignSerializer(_ServiceSaved):
    service, kwarg = "campaign_save", "campaign"
    division = _DivisionField()
    lead_department = _DeptField(required=False, allow_null=True)
    division_name = serializers.CharField(source="division.name", read_only=True)

    class Meta:
        model = Campaign
        fields = [
            "id",
            "title",
            "kind",
            "doc_title",
            "doc_number",
            "issuing_body",
            "issued_on",
            "division",
            "division_name",
            "lead_department",
            "starts_on",
            "ends_on",
            "goals",
            "report_template",
            "office_contact",
            "created_at",
        ]
        read_only_fields = ["created_at"]
        validators: list = []


class PhaseSerializer(_ServiceSaved):
    service, kwarg = "phase_save", "phase"
    campaign = _CampaignField()

    class Meta:
        model = CampaignPhase
        fields = ["id", "campaign", "sort", "kind", "name", "starts_on", "ends_on", "description"]
        validators: list = []


class GroupMemberSerializer(_ServiceSaved):
    service, kwarg = "group_member_save", "member"
    campaign = _CampaignField()
    department = _DeptField(required=False, allow_null=True)

    class Meta:
        model = LeadingGroupMember
        fields = ["id", "campaign", "role", "sort", "name", "post", "department"]
        validators: list = []


class LiaisonSerializer(_ServiceSaved):
    """Phones whole only for readers holding "pii" for the liaison's division (disclosed, audited)."""

    service, kwarg = "liaison_save", "liaison"
    campaign = _CampaignField()
    division = _DivisionField()
    department = _DeptField(required=False, allow_null=True)

    class Meta:
        model = Liaison
        fields = [
            "id",
            "campaign",
            "sort",
            "unit",
            "division",
            "department",
            "name",
            "post",
            "phone",
            "mobile",
            "notes",
        ]
        validators: list = []

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is not None and user_scope(user).can_in("pii", instance.division):
            values = [v for v in (instance.phone, instance.mobile) if v]
            if values:
                disclose(instance, user=user, kinds=["phone"], values=values)
        else:
            data["phone"] = mask_phone(instance.phone)
            data["mobile"] = mask_phone(instance.mobile)
        return data


class AssignmentSerializer(serializers.ModelSerializer):
    division_name = serializers.CharField(source="division.name", read_only=True)

    class Meta:
        model = TaskAssignment
        fields = ["id", "task", "division", "division_name", "status", "progress", "evidence", "updated_at"]
        read_only_fields = fields


class TaskSerializer(_ServiceSaved):
    service, kwarg = "task_save", "task"
    m2m = ("cooperating_departments", "divisions")
    campaign = _CampaignField()
    lead_department = _DeptField()
    cooperating_departments = _DeptField(many=True, required=False)
    divisions = _DivisionField(many=True, required=False, write_only=True)
    assignments = AssignmentSerializer(many=True, read_only=True)

    class Meta:
        model = CampaignTask
        fields = [
            "id",
            "campaign",
            "sort",
            "title",
            "description",
            "category",
            "lead_department",
            "cooperating_departments",
            "due_on",
            "divisions",
            "assignments",
        ]
        validators: list = []


class AssignmentTransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=TaskStatus.choices)
    progress = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    evidence = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class DutySerializer(_ServiceSaved):
    service, kwarg = "duty_save", "duty"
    campaign = _CampaignField()
    division = _DivisionField()
    department = _DeptField(required=False, allow_null=True)

    class Meta:
        model = ReportingDuty
        fields = [
            "id",
            "campaign",
            "kind",
            "title",
            "division",
            "department",
            "template",
            "day_of_month",
            "first_month",
            "last_month",
            "due_on",
            "remind_days",
        ]
        validators: list = []


class SubmissionSerializer(serializers.ModelSerializer):
    file_name = serializers.CharField(source="file.original_name", read_only=True, default="")

    class Meta:
        model = DutySubmission
        fields = [
            "id",
            "duty",
            "version",
            "file",
            "file_name",
            "note",
            "status",
            "submitted_by",
            "submitted_at",
            "reviewed_by",
            "reviewed_at",
            "review_reason",
        ]
        read_only_fields = fields


class DutySubmitSerializer(serializers.Serializer):
    file = serializers.FileField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ReviewSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=[SubmissionStatus.ACCEPTED, SubmissionStatus.RETURNED])
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class NoticeSerializer(serializers.ModelSerializer):
    campaign = _CampaignField()
    target_division = _DivisionField()
    target_department = _DeptField(required=False, allow_null=True)
    issuing_department = _DeptField(required=False, allow_null=True)
    duties = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=ReportingDuty.objects.all()
    )
    number = serializers.CharField(required=False, allow_blank=True, max_length=64)
    title = serializers.CharField(required=False, allow_blank=True, max_length=200)
    issued_on = serializers.DateField(required=False)

    class Meta:
        model = CriticismNotice
        fields = [
            "id",
            "campaign",
            "number",
            "title",
            "issuing_division",
            "issuing_department",
            "target_division",
            "target_department",
            "duties",
            "text",
            "issued_on",
            "created_at",
        ]
        read_only_fields = ["issuing_division", "created_at"]
        validators: list = []

    def create(self, validated_data):
        return services.notice_issue(actor=self.context["request"].user, **validated_data)


class OverdueItemSerializer(serializers.Serializer):
    duty = serializers.IntegerField(source="duty.pk")
    title = serializers.CharField()
    due = serializers.DateField()
    period = serializers.DateField(allow_null=True)


class OverdueUnitSerializer(serializers.Serializer):
    division = serializers.IntegerField(source="division.pk")
    division_name = serializers.CharField(source="division.name")
    department = serializers.IntegerField(source="department.pk", allow_null=True, default=None)
    department_name = serializers.CharField(source="department.name", allow_null=True, default=None)
    items = OverdueItemSerializer(many=True)


class _Writable(
    ScopedQuerysetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """List, read, create and edit through the serializer's service."""


class _Deletable(_Writable, mixins.DestroyModelMixin):
    def perform_destroy(self, instance):
        services.campaign_part_delete(obj=instance, actor=self.request.user)


class CampaignViewSet(_Writable):
    queryset = Campaign.objects.select_related("division", "lead_department")
    serializer_class = CampaignSerializer
    filterset_class = CampaignFilter

    def _export(self, fmt: str):
        from .exports import EXPORTERS

        campaign = self.get_object()
        func, mime = EXPORTERS[fmt]
        response = HttpResponse(func(campaign=campaign, user=self.request.user), content_type=mime)
        response["Content-Disposition"] = f'attachment; filename="liaisons-{campaign.pk}.{fmt}"'
        return response

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY)})
    @action(detail=True, methods=["get"], url_path="liaisons-xlsx")
    def liaisons_xlsx(self, request, pk=None):
        """The liaison list as seed 002's annex 2 (联络员基本信息表), XLSX."""
        return self._export("xlsx")

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY)})
    @action(detail=True, methods=["get"], url_path="liaisons-docx")
    def liaisons_docx(self, request, pk=None):
        """The liaison list as seed 002's annex 2 (联络员基本信息表), DOCX."""
        return self._export("docx")

    @extend_schema(responses=OverdueUnitSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="overdue-units", pagination_class=None)
    def overdue_units(self, request, pk=None):
        """Units with duties past due and not done: whom a notice of criticism would name."""
        campaign = self.get_object()
        return Response(OverdueUnitSerializer(selectors.overdue_units(campaign=campaign), many=True).data)


class PhaseViewSet(_Deletable):
    queryset = CampaignPhase.objects.select_related("campaign")
    serializer_class = PhaseSerializer
    filterset_class = PhaseFilter


class GroupMemberViewSet(_Deletable):
    queryset = LeadingGroupMember.objects.select_related("campaign", "department")
    serializer_class = GroupMemberSerializer
    filterset_class = GroupMemberFilter


class LiaisonViewSet(_Deletable):
    queryset = Liaison.objects.select_related("campaign", "division", "department")
    serializer_class = LiaisonSerializer
    filterset_class = LiaisonFilter


class TaskViewSet(_Deletable):
    queryset = CampaignTask.objects.select_related("campaign", "lead_department").prefetch_related(
        "cooperating_departments", "assignments__division"
    )
    serializer_class = TaskSerializer
    filterset_class = TaskFilter


class AssignmentViewSet(ScopedReadOnlyViewSet):
    queryset = TaskAssignment.objects.select_related("task", "division")
    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilter

    @extend_schema(request=AssignmentTransitionSerializer, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        assignment = self.get_object()
        s = AssignmentTransitionSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        assignment = services.assignment_transition(
            assignment=assignment,
            to=s.validated_data["to"],
            actor=request.user,
            progress=s.validated_data["progress"],
            evidence=s.validated_data["evidence"],
        )
        return Response(AssignmentSerializer(assignment).data)


class DutyViewSet(_Writable):
    queryset = ReportingDuty.objects.select_related("campaign", "division", "department")
    serializer_class = DutySerializer
    filterset_class = DutyFilter

    @extend_schema(request={"multipart/form-data": DutySubmitSerializer}, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def submit(self, request, pk=None):
        """Submit a one-off duty's file as a new version (实施方案, 工作总结 …)."""
        duty = self.get_object()
        form = DutySubmitSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        submission = services.duty_submit(
            duty=duty,
            actor=request.user,
            note=form.validated_data["note"],
            fileobj=upload,
            file_name=upload.name,
            declared_type=upload.content_type,
        )
        return Response(SubmissionSerializer(submission).data, status=201)


class SubmissionViewSet(ScopedReadOnlyViewSet):
    queryset = DutySubmission.objects.select_related("duty", "file")
    serializer_class = SubmissionSerializer
    filterset_class = SubmissionFilter

    @extend_schema(request=ReviewSerializer, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """The receiving office accepts or returns (with a reason) the latest version."""
        submission = self.get_object()
        s = ReviewSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        submission = services.submission_review(submission=submission, actor=request.user, **s.validated_data)
        return Response(SubmissionSerializer(submission).data)


class NoticeViewSet(
    ScopedQuerysetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    queryset = CriticismNotice.objects.select_related("campaign", "target_division").prefetch_related(
        "duties"
    )
    serializer_class = NoticeSerializer
    filterset_class = NoticeFilter


def register(router) -> None:
    # before "campaigns", whose detail route would otherwise take "self-checks" for a pk
    checks_api.register(router)  # self-checks and certificate checks (campaigns/checks_api.py)
    router.register("campaigns/phases", PhaseViewSet, basename="campaign-phase")
    router.register("campaigns/group-members", GroupMemberViewSet, basename="campaign-group-member")
    router.register("campaigns/liaisons", LiaisonViewSet, basename="campaign-liaison")
    router.register("campaigns/tasks", TaskViewSet, basename="campaign-task")
    router.register("campaigns/assignments", AssignmentViewSet, basename="campaign-assignment")
    router.register("campaigns/duties", DutyViewSet, basename="campaign-duty")
    router.register("campaigns/submissions", SubmissionViewSet, basename="campaign-submission")
    router.register("campaigns/notices", NoticeViewSet, basename="campaign-notice")
    router.register("campaigns", CampaignViewSet, basename="campaign")
