"""API: /inspection-plans/ (draw, publish, redraw check), /inspections/ (judge, serve, objection,
samples, evidence), /samples/ (custody, result), /checklist-items/."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from zhenwei.campaigns.models import Campaign
from zhenwei.catalog.choices import Domain
from zhenwei.catalog.models import ProductCategory
from zhenwei.core.access import allowed, restrict
from zhenwei.core.api.parsers import JSONParser  # nesting bounded (T58)
from zhenwei.core.api.viewsets import ScopedCreateListRetrieveViewSet, ScopedReadOnlyViewSet
from zhenwei.core.models import Department, Division
from zhenwei.registry.models import Enterprise

from . import services
from .choices import CheckResult, CustodyAction, Judgment, SampleResult
from .models import ChecklistItem, CustodyEvent, Inspection, InspectionPlan, PlanTarget, Sample
from .selectors import inspection_deadlines, inspection_queryset


class PlanTargetSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    inspectors = serializers.SerializerMethodField()

    class Meta:
        model = PlanTarget
        fields = ["id", "position", "enterprise", "enterprise_name", "stratum", "weight", "inspectors"]

    def get_inspectors(self, obj) -> list[dict]:
        return [{"id": i.pk, "name": i.name} for i in obj.inspectors.all()]


class PlanSerializer(serializers.ModelSerializer):
    division = serializers.SlugRelatedField(slug_field="code", queryset=Division.objects.all())
    divisions = serializers.SlugRelatedField(
        slug_field="code", queryset=Division.objects.all(), many=True, required=False
    )
    categories = serializers.SlugRelatedField(
        slug_field="code", queryset=ProductCategory.objects.all(), many=True, required=False
    )
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all())
    campaign = serializers.PrimaryKeyRelatedField(
        queryset=Campaign.objects.all(), required=False, allow_null=True
    )
    targets = PlanTargetSerializer(many=True, read_only=True)

    class Meta:
        model = InspectionPlan
        fields = [
            "id",
            "title",
            "campaign",
            "domain",
            "categories",
            "division",
            "divisions",
            "department",
            "subject_kinds",
            "target_count",
            "target_percent",
            "inspectors_per_target",
            "starts_on",
            "ends_on",
            "status",
            "seed",
            "drawn_at",
            "published_at",
            "results_published_at",
            "targets",
        ]
        read_only_fields = ["status", "seed", "drawn_at", "published_at", "results_published_at", "targets"]


class DrawSerializer(serializers.Serializer):
    seed = serializers.CharField(required=False, allow_blank=True, max_length=64)


class PlanViewSet(ScopedCreateListRetrieveViewSet):
    queryset = (
        InspectionPlan.objects.select_related("division")
        .prefetch_related("categories", "divisions", "targets__inspectors", "targets__enterprise")
        .order_by("-starts_on", "-pk")
    )
    serializer_class = PlanSerializer
    filterset_fields = ["status", "domain"]

    def create(self, request, *args, **kwargs):
        s = PlanSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        v = dict(s.validated_data)
        if not allowed(request.user, "change", v["division"]):
            return Response({"detail": "无权在该区划制定抽查计划"}, status=status.HTTP_403_FORBIDDEN)
        if not restrict(Department.objects.filter(pk=v["department"].pk), request.user).exists():
            return Response({"detail": "无权以该部门名义制定计划"}, status=status.HTTP_403_FORBIDDEN)
        plan = services.plan_create(actor=request.user, **v)
        return Response(PlanSerializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DrawSerializer, responses={200: PlanSerializer})
    @action(detail=True, methods=["post"])
    def draw(self, request, pk=None):
        plan = self.get_object()
        s = DrawSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        plan = services.plan_draw(plan=plan, actor=request.user, seed=s.validated_data.get("seed") or None)
        return Response(PlanSerializer(plan).data)

    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        plan = services.plan_publish(
            plan=self.get_object(), actor=request.user, results=bool(request.data.get("results"))
        )
        return Response(PlanSerializer(plan).data)

    @action(detail=True, methods=["get"])
    def redraw(self, request, pk=None):
        recomputed, stored, same = services.plan_redraw(self.get_object())
        return Response({"same": same, "recomputed": recomputed, "stored": stored})

    @action(detail=True, methods=["get"], url_path="draw-inputs")
    def draw_inputs(self, request, pk=None):
        plan = self.get_object()
        return Response({"seed": plan.seed, "inputs": plan.draw_inputs, "result": plan.draw_result})


class CheckInputSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    result = serializers.ChoiceField(choices=CheckResult.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SampleSerializer(serializers.ModelSerializer):
    custody = serializers.SerializerMethodField()

    class Meta:
        model = Sample
        fields = [
            "id",
            "inspection",
            "number",
            "quantity",
            "unit",
            "seal_number",
            "sampled_on",
            "lab_name",
            "sent_on",
            "received_on",
            "result_due_on",
            "result",
            "result_on",
            "report_number",
            "result_detail",
            "custody",
        ]
        read_only_fields = fields

    def get_custody(self, obj) -> list[dict]:
        return [
            {
                "action": c.action,
                "at": c.at,
                "holder": c.holder,
                "seal_number": c.seal_number,
                "seal_intact": c.seal_intact,
                "note": c.note,
            }
            for c in obj.custody.all()
        ]


class InspectionEliminatedSerializer(serializers.Serializer):
    """A type on the eliminated/banned product list (国家明令淘汰) the product matched when recorded."""

    id = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()
    kind = serializers.CharField(help_text="eliminated 明令淘汰 / banned 禁止生产销售")
    kind_label = serializers.CharField()
    notice_title = serializers.CharField(help_text="依据文件名称")
    notice_number = serializers.CharField(help_text="文号", allow_blank=True)
    issuing_body = serializers.CharField(allow_blank=True)
    effective_on = serializers.DateField(allow_null=True)
    source_check = serializers.CharField(
        required=False,
        help_text="verified 已核实 / partial 部分待核实 / unverified 待核实（记录时的核实状态）",
    )
    source_check_label = serializers.CharField(required=False)


class InspectionSerializer(serializers.ModelSerializer):
    division = serializers.SlugRelatedField(slug_field="code", queryset=Division.objects.all())
    category = serializers.SlugRelatedField(slug_field="code", queryset=ProductCategory.objects.all())
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all())
    enterprise = serializers.PrimaryKeyRelatedField(
        queryset=Enterprise.objects.all(), required=False, allow_null=True
    )
    target = serializers.PrimaryKeyRelatedField(
        queryset=PlanTarget.objects.all(), required=False, allow_null=True
    )
    checks = CheckInputSerializer(many=True, required=False, write_only=True)
    check_results = serializers.SerializerMethodField()
    samples = SampleSerializer(many=True, read_only=True)
    eliminated_matches = InspectionEliminatedSerializer(
        many=True,
        read_only=True,
        help_text="命中的明令淘汰/禁售产品；非空时判定不合格的理由默认含 R09，判定合格须写明理由",
    )
    deadlines = serializers.SerializerMethodField()
    domain = serializers.ChoiceField(choices=Domain.choices)
    subject_name = serializers.CharField(required=False, allow_blank=True, default="")

    class Meta:
        model = Inspection
        fields = [
            "id",
            "plan",
            "target",
            "campaign",
            "enterprise",
            "subject_name",
            "place",
            "division",
            "department",
            "domain",
            "category",
            "product_name",
            "brand",
            "model",
            "batch_no",
            "origin",
            "quantity",
            "unit",
            "identity_code",
            "verification",
            "eliminated_matches",
            "inspected_on",
            "judgment",
            "reason_codes",
            "judgment_note",
            "judged_on",
            "serve_due_on",
            "served_on",
            "objection_on",
            "lab_send_due_on",
            "case",
            "note",
            "checks",
            "check_results",
            "samples",
            "deadlines",
        ]
        read_only_fields = [
            "plan",
            "verification",
            "judgment",
            "reason_codes",
            "judgment_note",
            "judged_on",
            "serve_due_on",
            "served_on",
            "objection_on",
            "lab_send_due_on",
            "case",
        ]

    def get_check_results(self, obj) -> list[dict]:
        return [
            {"item": c.item_id, "code": c.item.code, "result": c.result, "note": c.note}
            for c in obj.checks.select_related("item")
        ]

    def get_deadlines(self, obj) -> list[dict]:
        return [
            {"label": d.label, "due": d.due, "done": d.done, "state": d.state}
            for d in inspection_deadlines(obj)
        ]


class InspectionListSerializer(serializers.ModelSerializer):
    division = serializers.CharField(source="division.code", read_only=True)
    category = serializers.CharField(source="category.code", read_only=True)
    eliminated_matches = InspectionEliminatedSerializer(many=True, read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "plan",
            "target",
            "enterprise",
            "subject_name",
            "place",
            "division",
            "department",
            "domain",
            "category",
            "product_name",
            "model",
            "batch_no",
            "identity_code",
            "eliminated_matches",
            "inspected_on",
            "judgment",
            "reason_codes",
            "judged_on",
            "serve_due_on",
            "served_on",
            "objection_on",
            "lab_send_due_on",
            "case",
        ]


class JudgeSerializer(serializers.Serializer):
    judgment = serializers.ChoiceField(choices=[Judgment.QUALIFIED, Judgment.UNQUALIFIED])
    reason_codes = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DateSerializer(serializers.Serializer):
    on = serializers.DateField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SampleTakeSerializer(serializers.Serializer):
    seal_number = serializers.CharField(max_length=60)
    holder = serializers.CharField(max_length=100)
    quantity = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, default=1)
    unit = serializers.CharField(required=False, default="个")
    lab_name = serializers.CharField(required=False, allow_blank=True, default="")
    number = serializers.CharField(required=False, allow_blank=True, default="")


class InspectionViewSet(ScopedCreateListRetrieveViewSet):
    queryset = (
        Inspection.objects.select_related("division", "category", "department")
        .prefetch_related("samples__custody")
        .order_by("-inspected_on", "-pk")
    )
    serializer_class = InspectionSerializer
    filterset_fields = ["judgment", "domain", "plan", "inspected_on"]

    def get_serializer_class(self):
        return InspectionListSerializer if self.action == "list" else InspectionSerializer

    def get_queryset(self):
        qs = super().get_queryset()
        return qs.prefetch_related(None) if self.action == "list" else qs

    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def create(self, request, *args, **kwargs):
        s = InspectionSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        v = dict(s.validated_data)
        if not allowed(request.user, "inspect", v["division"]):
            return Response(
                {"detail": "无权在该区划记录检查（需要检查权限）"}, status=status.HTTP_403_FORBIDDEN
            )
        if not restrict(Department.objects.filter(pk=v["department"].pk), request.user).exists():
            return Response({"detail": "无权以该部门名义检查"}, status=status.HTTP_403_FORBIDDEN)
        target = v.pop("target", None)
        if (
            target is not None
            and not restrict(PlanTarget.objects.filter(pk=target.pk), request.user).exists()
        ):
            return Response({"detail": "无权访问该抽查对象"}, status=status.HTTP_403_FORBIDDEN)
        checks = {c["item"]: (c["result"], c["note"]) for c in v.pop("checks", [])}
        v.pop("campaign", None)
        inspection = services.inspection_record(actor=request.user, target=target, checks=checks, **v)
        return Response(InspectionSerializer(inspection).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=JudgeSerializer, responses={200: InspectionSerializer})
    @action(detail=True, methods=["post"])
    def judge(self, request, pk=None):
        inspection = self.get_object()
        s = JudgeSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        inspection = services.inspection_judge(inspection=inspection, actor=request.user, **s.validated_data)
        return Response(InspectionSerializer(inspection).data)

    @extend_schema(request=DateSerializer, responses={200: InspectionSerializer})
    @action(detail=True, methods=["post"])
    def serve(self, request, pk=None):
        s = DateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        inspection = services.inspection_serve(
            inspection=self.get_object(), actor=request.user, served_on=s.validated_data.get("on")
        )
        return Response(InspectionSerializer(inspection).data)

    @extend_schema(request=DateSerializer, responses={200: InspectionSerializer})
    @action(detail=True, methods=["post"])
    def objection(self, request, pk=None):
        s = DateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        inspection = services.inspection_objection(
            inspection=self.get_object(),
            actor=request.user,
            on=s.validated_data.get("on"),
            note=s.validated_data["note"],
        )
        return Response(InspectionSerializer(inspection).data)

    @extend_schema(request=SampleTakeSerializer, responses={201: SampleSerializer})
    @action(detail=True, methods=["post"])
    def samples(self, request, pk=None):
        s = SampleTakeSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        sample = services.sample_take(inspection=self.get_object(), actor=request.user, **s.validated_data)
        return Response(SampleSerializer(sample).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def evidence(self, request, pk=None):
        inspection = self.get_object()
        upload = request.FILES.get("file")
        if upload is None:
            return Response({"detail": "请上传文件（字段名 file）"}, status=status.HTTP_400_BAD_REQUEST)
        evidence = services.inspection_evidence_add(
            inspection=inspection,
            fileobj=upload,
            name=upload.name,
            declared_type=upload.content_type,
            actor=request.user,
            description=str(request.data.get("description", "")),
        )
        return Response({"id": evidence.pk, "sha256": evidence.sha256}, status=status.HTTP_201_CREATED)


class CustodySerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=CustodyAction.choices)
    holder = serializers.CharField(max_length=100)
    at = serializers.DateTimeField(required=False)
    seal_number = serializers.CharField(required=False, allow_blank=True, default="")
    seal_intact = serializers.BooleanField(required=False, default=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    lab_name = serializers.CharField(required=False, allow_blank=True, default="")


class ResultSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=[SampleResult.QUALIFIED, SampleResult.UNQUALIFIED])
    result_on = serializers.DateField(required=False)
    report_number = serializers.CharField(required=False, allow_blank=True, default="")
    detail = serializers.CharField(required=False, allow_blank=True, default="")


class SampleViewSet(ScopedReadOnlyViewSet):
    queryset = Sample.objects.select_related("inspection").prefetch_related("custody")
    serializer_class = SampleSerializer

    def get_queryset(self):
        write = self.request.method not in ("GET", "HEAD", "OPTIONS")
        visible = inspection_queryset(user=self.request.user, action="change" if write else "view").values(
            "pk"
        )
        return Sample.objects.filter(inspection__in=visible).prefetch_related("custody").order_by("pk")

    @extend_schema(request=CustodySerializer, responses={201: SampleSerializer})
    @action(detail=True, methods=["post"])
    def custody(self, request, pk=None):
        sample = self.get_object()
        s = CustodySerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.custody_record(sample=sample, actor=request.user, **s.validated_data)
        sample.refresh_from_db()
        return Response(SampleSerializer(sample).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ResultSerializer, responses={200: SampleSerializer})
    @action(detail=True, methods=["post"])
    def result(self, request, pk=None):
        s = ResultSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        sample = services.sample_result(sample=self.get_object(), actor=request.user, **s.validated_data)
        return Response(SampleSerializer(sample).data)


class ChecklistItemSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.code")

    class Meta:
        model = ChecklistItem
        fields = ["id", "category", "code", "group", "text", "basis", "failure_reason", "sort"]


class ChecklistItemViewSet(viewsets.ReadOnlyModelViewSet):
    """Checklists per category (reference data, readable by staff); ?category=CODE includes parents'."""

    serializer_class = ChecklistItemSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        qs = ChecklistItem.objects.filter(is_active=True).select_related("category")
        code = self.request.query_params.get("category")
        if code:
            category = get_object_or_404(ProductCategory, code=code)
            qs = qs.filter(category_id__in=category.lineage_ids())
        return qs


def register(router) -> None:
    router.register("inspection-plans", PlanViewSet, basename="inspection-plan")
    router.register("inspections", InspectionViewSet, basename="inspection")
    router.register("samples", SampleViewSet, basename="sample")
    router.register("checklist-items", ChecklistItemViewSet, basename="checklist-item")

    from .fire_api import register as register_fire_and_ledger

    register_fire_and_ledger(router)


__all__ = ["CustodyEvent"]
