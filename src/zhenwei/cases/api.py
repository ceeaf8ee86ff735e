"""API of clues and cases: /api/v1/cases/, /case-actions/, /clues/, /case-shares/."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from zhenwei.catalog.models import ProductCategory
from zhenwei.core.access import allowed
from zhenwei.core.api.viewsets import ScopedCreateListRetrieveViewSet, ScopedReadOnlyViewSet
from zhenwei.core.models import Department, Division, Share, User
from zhenwei.registry.models import Enterprise

from . import services
from .choices import ActionKind, CaseKind, CaseStatus, ClueSource
from .filtersets import CaseFilterSet
from .models import Case, CaseAction, CaseEvent, Clue
from .selectors import case_queryset, share_inbox, shares_of
from .workflow import allowed_targets


class CaseActionSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = CaseAction
        fields = [
            "id",
            "case",
            "kind",
            "kind_display",
            "title",
            "parent",
            "status",
            "owner",
            "department",
            "division",
            "place",
            "due_on",
            "done_on",
            "overdue",
            "document_number",
            "outcome",
            "recheck_passed",
            "fine_yuan",
            "confiscated_yuan",
            "goods_value_yuan",
            "quantity_seized",
            "quantity_recalled",
            "quantity_destroyed",
            "unit",
            "suspension_days",
            "recipient",
            "police_department",
            "police_received_on",
            "police_decision",
            "police_decision_on",
            "police_case_number",
            "share",
        ]
        read_only_fields = fields


class CaseEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseEvent
        fields = ["id", "kind", "at", "actor_repr", "from_status", "to_status", "action", "note"]


class ShareSerializer(serializers.ModelSerializer):
    to_department_name = serializers.CharField(source="to_department.name", read_only=True)
    from_department_name = serializers.CharField(source="from_department.name", read_only=True, default="")
    target_type = serializers.CharField(source="content_type.model", read_only=True)

    class Meta:
        model = Share
        fields = [
            "id",
            "kind",
            "target_type",
            "object_id",
            "from_department",
            "from_department_name",
            "to_department",
            "to_department_name",
            "reason",
            "created_at",
            "due_at",
            "acknowledged_at",
            "escalated_at",
        ]


class CaseSerializer(serializers.ModelSerializer):
    division_code = serializers.CharField(source="division.code", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    category_code = serializers.CharField(source="category.code", read_only=True, default=None)
    status_group = serializers.CharField(read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "number",
            "title",
            "kind",
            "source",
            "status",
            "status_group",
            "category_code",
            "domain",
            "division_code",
            "department",
            "department_name",
            "owner",
            "enterprise",
            "party_name",
            "campaign",
            "opened_on",
            "due_on",
            "closed_on",
            "coordination_level",
        ]


class CaseDetailSerializer(CaseSerializer):
    actions = CaseActionSerializer(many=True, read_only=True)
    events = CaseEventSerializer(many=True, read_only=True)
    shares = serializers.SerializerMethodField()
    allowed_transitions = serializers.SerializerMethodField()
    blocking_actions = serializers.SerializerMethodField()

    class Meta(CaseSerializer.Meta):
        fields = [
            *CaseSerializer.Meta.fields,
            "summary",
            "close_note",
            "clue",
            "actions",
            "events",
            "shares",
            "allowed_transitions",
            "blocking_actions",
        ]

    def get_shares(self, obj) -> list[dict]:
        return ShareSerializer(shares_of(obj), many=True).data

    def get_allowed_transitions(self, obj) -> list[str]:
        return list(allowed_targets(obj.status))

    def get_blocking_actions(self, obj) -> list[dict]:
        return services.case_blocking_actions(case=obj)


class CaseCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=CaseKind.choices)
    source = serializers.ChoiceField(choices=ClueSource.choices, default=ClueSource.OTHER)
    division = serializers.SlugRelatedField(slug_field="code", queryset=Division.objects.all())
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all(), required=False)
    category = serializers.SlugRelatedField(
        slug_field="code", queryset=ProductCategory.objects.all(), required=False, allow_null=True
    )
    domain = serializers.CharField(required=False, allow_blank=True, default="")
    enterprise = serializers.PrimaryKeyRelatedField(
        queryset=Enterprise.objects.all(),
        required=False,
        allow_null=True,
        help_text="当事单位（登记在册的生产经营单位，如假证案件的用人单位）；须在本人可见范围内",
    )
    party_name = serializers.CharField(required=False, allow_blank=True, default="")
    summary = serializers.CharField(required=False, allow_blank=True, default="")


class CaseTransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=CaseStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ActionCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ActionKind.choices)
    title = serializers.CharField(required=False, allow_blank=True, default="")
    owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False, allow_null=True)
    due_on = serializers.DateField(required=False, allow_null=True)
    place = serializers.CharField(required=False, allow_blank=True, default="")
    document_number = serializers.CharField(required=False, allow_blank=True, default="")
    recipient = serializers.CharField(required=False, allow_blank=True, default="")
    police_department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(), required=False, allow_null=True
    )
    unit = serializers.CharField(required=False, allow_blank=True, default="")


class ActionProgressSerializer(serializers.Serializer):
    outcome = serializers.CharField(required=False, allow_blank=True)
    done_on = serializers.DateField(required=False)
    recheck_passed = serializers.BooleanField(required=False, allow_null=True, default=None)
    document_number = serializers.CharField(required=False, allow_blank=True)
    fine_yuan = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)
    confiscated_yuan = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)
    goods_value_yuan = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)
    quantity_seized = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)
    quantity_recalled = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)
    quantity_destroyed = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)
    unit = serializers.CharField(required=False, allow_blank=True)
    suspension_days = serializers.IntegerField(required=False, min_value=0)
    police_received_on = serializers.DateField(required=False)
    police_decision = serializers.ChoiceField(choices=["filed", "not_filed"], required=False)
    police_decision_on = serializers.DateField(required=False)
    police_case_number = serializers.CharField(required=False, allow_blank=True)


class ShareCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["transfer", "copy"])
    to_department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.filter(is_active=True))
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class CaseViewSet(ScopedCreateListRetrieveViewSet):
    """Cases, filtered by status (or group open/handling/closed), source, category, division,
    department, overdue. Transitions through POST /cases/{id}/transition/ (409 when blocked)."""

    queryset = Case.objects.select_related("division", "department", "category").order_by("-opened_on", "-pk")
    filterset_class = CaseFilterSet

    def get_serializer_class(self):
        if self.action == "retrieve":
            return CaseDetailSerializer
        if self.action == "create":
            return CaseCreateSerializer
        return CaseSerializer

    def get_queryset(self):
        qs = super().get_queryset()
        if self.action == "retrieve":
            qs = qs.prefetch_related("actions", "events")
        return qs

    def create(self, request, *args, **kwargs):
        data = CaseCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        division = v["division"]
        if not allowed(request.user, "change", division):
            return Response({"detail": "无权在该区划立案"}, status=status.HTTP_403_FORBIDDEN)
        department = v.get("department")
        if department is not None and not allowed(request.user, "view", department):
            return Response({"detail": "无权指定该承办部门"}, status=status.HTTP_403_FORBIDDEN)
        case = services.case_open(
            title=v["title"],
            kind=v["kind"],
            source=v["source"],
            division=division,
            department=department,
            category=v.get("category"),
            domain=v["domain"],
            enterprise=v.get("enterprise"),
            party_name=v["party_name"],
            summary=v["summary"],
            owner=request.user,
            actor=request.user,
        )
        return Response(CaseDetailSerializer(case).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CaseTransitionSerializer, responses={200: CaseDetailSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        case = self.get_object()
        data = CaseTransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            case = services.case_transition(
                case=case, to=data.validated_data["to"], note=data.validated_data["note"], actor=request.user
            )
        except services.CaseCloseBlocked as exc:
            return Response(
                {"detail": exc.detail, "blocking_actions": exc.blocking}, status=status.HTTP_409_CONFLICT
            )
        return Response(CaseDetailSerializer(case).data)

    @extend_schema(request=ActionCreateSerializer, responses={201: CaseActionSerializer})
    @action(detail=True, methods=["post"], url_path="actions")
    def add_action(self, request, pk=None):
        case = self.get_object()
        data = ActionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        created = services.case_action_add(case=case, actor=request.user, **v)
        return Response(CaseActionSerializer(created).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request, pk=None):
        """Attach a photo or document (multipart ``file``, optional ``action`` id and ``description``)."""
        case = self.get_object()
        upload = request.FILES.get("file")
        if upload is None:
            return Response({"detail": "请上传文件（字段名 file）"}, status=status.HTTP_400_BAD_REQUEST)
        target = None
        if request.data.get("action"):
            target = get_object_or_404(case.actions, pk=request.data["action"])
        evidence = services.case_evidence_add(
            case=case,
            action=target,
            fileobj=upload,
            name=upload.name,
            declared_type=upload.content_type,
            actor=request.user,
            description=str(request.data.get("description", "")),
        )
        return Response({"id": evidence.pk, "sha256": evidence.sha256}, status=status.HTTP_201_CREATED)

    @extend_schema(request=ShareCreateSerializer, responses={201: ShareSerializer})
    @action(detail=True, methods=["post"])
    def share(self, request, pk=None):
        case = self.get_object()
        data = ShareCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        share = services.share_create(
            target=case, from_department=case.department, actor=request.user, **data.validated_data
        )
        return Response(ShareSerializer(share).data, status=status.HTTP_201_CREATED)


class CaseActionViewSet(ScopedReadOnlyViewSet):
    """Actions of the cases the user may see; progress, completion and cancellation by POST."""

    queryset = CaseAction.objects.select_related("case")
    serializer_class = CaseActionSerializer
    filterset_fields = ["kind", "status", "case", "owner"]

    def get_queryset(self):
        # Visibility follows the case (transfers to the police widen it through the case's shares).
        write = self.request.method not in ("GET", "HEAD", "OPTIONS")
        cases = case_queryset(user=self.request.user, action="change" if write else "view").values("pk")
        return CaseAction.objects.filter(case__in=cases).select_related("case").order_by("pk")

    @extend_schema(request=ActionProgressSerializer, responses={200: CaseActionSerializer})
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        item = self.get_object()
        data = ActionProgressSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = {k: val for k, val in data.validated_data.items() if k not in ("done_on", "recheck_passed")}
        item = services.case_action_update(action=item, actor=request.user, **v)
        return Response(CaseActionSerializer(item).data)

    @extend_schema(request=ActionProgressSerializer, responses={200: CaseActionSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        item = self.get_object()
        data = ActionProgressSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        item = services.case_action_complete(
            action=item,
            actor=request.user,
            outcome=v.pop("outcome", ""),
            done_on=v.pop("done_on", None),
            recheck_passed=v.pop("recheck_passed", None),
            **v,
        )
        return Response(CaseActionSerializer(item).data)

    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        item = self.get_object()
        item = services.case_action_cancel(
            action=item, actor=request.user, reason=str(request.data.get("reason", ""))
        )
        return Response(CaseActionSerializer(item).data)


class ClueSerializer(serializers.ModelSerializer):
    division_code = serializers.CharField(source="division.code", read_only=True)
    case_id = serializers.SerializerMethodField()

    class Meta:
        model = Clue
        fields = [
            "id",
            "source",
            "title",
            "description",
            "category",
            "division_code",
            "department",
            "status",
            "closed_reason",
            "domain",
            "created_at",
            "case_id",
        ]

    def get_case_id(self, obj) -> int | None:
        case = getattr(obj, "case", None) if obj.status == "converted" else None
        return case.pk if case else None


class TriageSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["case", "close"])
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=CaseKind.choices, default=CaseKind.OTHER)
    title = serializers.CharField(required=False, allow_blank=True, default="")
    enterprise = serializers.PrimaryKeyRelatedField(
        queryset=Enterprise.objects.all(),
        required=False,
        allow_null=True,
        help_text="立案时的当事单位（登记在册）；须在本人可见范围内",
    )


class ClueViewSet(ScopedReadOnlyViewSet):
    queryset = Clue.objects.select_related("division").order_by("-created_at")
    serializer_class = ClueSerializer
    filterset_fields = ["status", "source"]

    @extend_schema(request=TriageSerializer, responses={200: ClueSerializer})
    @action(detail=True, methods=["post"])
    def triage(self, request, pk=None):
        clue = self.get_object()
        data = TriageSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.clue_triage(clue=clue, actor=request.user, owner=request.user, **data.validated_data)
        clue.refresh_from_db()
        body = ClueSerializer(clue).data
        body["case_id"] = case.pk if case else None
        return Response(body)


class ShareViewSet(ScopedReadOnlyViewSet):
    """Transfers and copies sent to the user's departments; POST {id}/acknowledge/ to sign for one."""

    queryset = Share.objects.all()
    serializer_class = ShareSerializer

    def get_queryset(self):
        pending = self.request.query_params.get("pending", "1") != "0"
        return share_inbox(user=self.request.user, include_acknowledged=not pending or self.action != "list")

    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        share = get_object_or_404(share_inbox(user=request.user, include_acknowledged=True), pk=pk)
        share = services.share_acknowledge(
            share=share, actor=request.user, note=str(request.data.get("note", ""))
        )
        return Response(ShareSerializer(share).data)


def register(router) -> None:
    router.register("cases", CaseViewSet, basename="case")
    router.register("case-actions", CaseActionViewSet, basename="case-action")
    router.register("clues", ClueViewSet, basename="clue")
    router.register("case-shares", ShareViewSet, basename="case-share")
