"""API serializers. The tipster's identity is masked unless the reader holds the "tipster"
capability, and then each whole view is audited (services.tip_identity)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from rest_framework import serializers

from zhenwei.catalog.models import ProductCategory
from zhenwei.core.models import Division, EvidenceFile

from .choices import PaymentMethod, TipChannel, TipKind, WrongKind
from .models import Reward, RewardScheme, RewardTier, Tip, TipEvent, TipRouting
from .services import masked_identity, tip_identity


class CategoryField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="code", queryset=ProductCategory.objects.all(), **kwargs)


class DivisionField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="code", queryset=Division.objects.all(), **kwargs)


class TipEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.__str__", default="", read_only=True)

    class Meta:
        model = TipEvent
        fields = ["at", "kind", "from_status", "to_status", "note", "public", "public_text", "actor"]


class TipRoutingSerializer(serializers.ModelSerializer):
    department_name = serializers.CharField(source="department.name", read_only=True)

    class Meta:
        model = TipRouting
        fields = ["department", "department_name", "role", "rule", "reason", "is_current", "routed_at"]


class TipSerializer(serializers.ModelSerializer):
    """A tip for staff. ``reporter`` is whole only in a detail view for tipster-capable readers."""

    category = serializers.SlugRelatedField(slug_field="code", read_only=True)
    category_name = serializers.CharField(source="category.name", default="", read_only=True)
    division = serializers.SlugRelatedField(slug_field="code", read_only=True)
    division_name = serializers.CharField(source="division.name", read_only=True)
    lead_department_name = serializers.CharField(source="lead_department.name", default="", read_only=True)
    duplicate_of_number = serializers.CharField(source="duplicate_of.number", default="", read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)
    reporter = serializers.SerializerMethodField()

    class Meta:
        model = Tip
        fields = [
            "id",
            "number",
            "receipt_hint",
            "kind",
            "channel",
            "status",
            "category",
            "category_name",
            "wrong_kind",
            "subject_name",
            "subject_credit_code",
            "product_name",
            "identity_code",
            "certificate_number",
            "website_url",
            "training_institution",
            "division",
            "division_name",
            "address",
            "occurred_on",
            "description",
            "received_at",
            "acceptance_due",
            "overdue",
            "accepted_at",
            "closed_at",
            "not_accepted_reason",
            "lead_department",
            "lead_department_name",
            "routed_at",
            "clue",
            "duplicate_of",
            "duplicate_of_number",
            "duplicate_reason",
            "duplicate_score",
            "reporter",
            "monitor",
        ]
        read_only_fields = fields

    def get_reporter(self, obj) -> dict:
        if self.context.get("reveal_identity"):
            return tip_identity(tip=obj, user=self.context["request"].user)
        return masked_identity(obj)


class TipDetailSerializer(TipSerializer):
    events = TipEventSerializer(many=True, read_only=True)
    routings = TipRoutingSerializer(many=True, read_only=True)
    attachments = serializers.SerializerMethodField()

    class Meta(TipSerializer.Meta):
        fields = [*TipSerializer.Meta.fields, "events", "routings", "attachments"]
        read_only_fields = fields

    def get_attachments(self, obj) -> list[dict]:
        ct = ContentType.objects.get_for_model(Tip)
        return [
            {
                "id": e.pk,
                "name": e.original_name,
                "size": e.size,
                "mime_type": e.mime_type,
                "sha256": e.sha256,
            }
            for e in EvidenceFile.objects.filter(content_type=ct, object_id=obj.pk)
        ]


class TipInputSerializer(serializers.Serializer):
    """What the public form and the hotline send."""

    kind = serializers.ChoiceField(choices=TipKind.choices, default=TipKind.TIP)
    category = CategoryField(required=False, allow_null=True)
    wrong_kind = serializers.ChoiceField(choices=WrongKind.choices, default=WrongKind.OTHER)
    subject_name = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    subject_credit_code = serializers.CharField(required=False, allow_blank=True, max_length=30, default="")
    product_name = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    identity_code = serializers.CharField(required=False, allow_blank=True, max_length=60, default="")
    certificate_number = serializers.CharField(required=False, allow_blank=True, max_length=60, default="")
    website_url = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
    training_institution = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    division = DivisionField()
    address = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    occurred_on = serializers.DateField(required=False, allow_null=True, default=None)
    description = serializers.CharField(max_length=5000)
    anonymous = serializers.BooleanField(default=True)
    reporter_name = serializers.CharField(required=False, allow_blank=True, max_length=64, default="")
    reporter_phone = serializers.CharField(required=False, allow_blank=True, max_length=20, default="")
    reporter_id_number = serializers.CharField(required=False, allow_blank=True, max_length=18, default="")
    website = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="留空（防机器人字段）", write_only=True
    )


class StaffTipInputSerializer(TipInputSerializer):
    # A market monitor's report is entered through /tips/monitors/<id>/report/, which links the monitor.
    channel = serializers.ChoiceField(
        choices=[c for c in TipChannel.choices if c[0] != TipChannel.MARKET_MONITOR]
    )
    received_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AcceptSerializer(NoteSerializer):
    domain = serializers.CharField(required=False, allow_blank=True, default="")


class DeclineSerializer(NoteSerializer):
    reason = serializers.CharField()


class ReplySerializer(NoteSerializer):
    text = serializers.CharField()


class CloseSerializer(NoteSerializer):
    public_text = serializers.CharField(required=False, allow_blank=True, default="")


class RerouteSerializer(serializers.Serializer):
    department = serializers.IntegerField()
    reason = serializers.CharField()


class ClassifySerializer(serializers.Serializer):
    category = CategoryField(allow_null=True)
    wrong_kind = serializers.ChoiceField(choices=WrongKind.choices)
    kind = serializers.ChoiceField(choices=TipKind.choices, required=False)
    domain = serializers.CharField(required=False, allow_blank=True, default="")


class LinkDuplicateSerializer(serializers.Serializer):
    original = serializers.IntegerField()


class UnlinkSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class RewardTierSerializer(serializers.ModelSerializer):
    class Meta:
        model = RewardTier
        fields = ["fine_from", "fine_to", "share_percent"]


class RewardSchemeSerializer(serializers.ModelSerializer):
    tiers = RewardTierSerializer(many=True, read_only=True)
    division = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = RewardScheme
        fields = ["id", "name", "division", "minimum_amount", "cap_per_case", "basis", "is_active", "tiers"]


class RewardSerializer(serializers.ModelSerializer):
    tip_number = serializers.CharField(source="tip.number", read_only=True)
    proposed_by = serializers.CharField(source="proposed_by.__str__", read_only=True)
    decided_by = serializers.CharField(source="decided_by.__str__", default="", read_only=True)

    class Meta:
        model = Reward
        fields = [
            "id",
            "tip",
            "tip_number",
            "scheme",
            "status",
            "fine_amount",
            "computed_amount",
            "amount",
            "calculation",
            "case_reference",
            "note",
            "proposed_by",
            "proposed_at",
            "decided_by",
            "decided_at",
            "decision_note",
            "paid_on",
            "payment_method",
            "payment_reference",
        ]
        read_only_fields = fields


class RewardProposeSerializer(serializers.Serializer):
    tip = serializers.IntegerField()
    fine_amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    case_reference = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RewardDecisionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RewardPaySerializer(serializers.Serializer):
    paid_on = serializers.DateField()
    payment_method = serializers.ChoiceField(choices=PaymentMethod.choices)
    payment_reference = serializers.CharField()


class PublicProgressSerializer(serializers.Serializer):
    receipt = serializers.CharField()
    number = serializers.CharField()
    kind = serializers.CharField()
    category = serializers.CharField()
    received_at = serializers.DateTimeField()
    acceptance_due = serializers.DateField(allow_null=True)
    status = serializers.CharField()
    stage = serializers.CharField()
    department = serializers.CharField()
    investigation = serializers.CharField()
    events = serializers.ListField(child=serializers.DictField())
