"""Tips and complaints from the public (举报投诉), their routing and timeline, and rewards (举报奖励)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhenwei.core.deadlines import is_overdue
from zhenwei.core.models import Created, UpdatedAt

from .choices import (
    DuplicateReason,
    PaymentMethod,
    RewardStatus,
    TipChannel,
    TipEventKind,
    TipKind,
    TipStatus,
    WrongKind,
)


class Tip(UpdatedAt):
    """One tip or complaint, however it arrived; the tipster follows it with a receipt code."""

    number = models.CharField(verbose_name=_("登记编号"), max_length=32, unique=True, null=True, blank=True)
    # Only a hash of the receipt code is kept: whoever holds the code may follow the tip and claim
    # its reward, so staff never read it back; the last characters help them on the phone.
    receipt_digest = models.CharField(
        verbose_name=_("回执码摘要"), max_length=64, unique=True, editable=False
    )
    receipt_hint = models.CharField(verbose_name=_("回执码末四位"), max_length=4, blank=True, editable=False)
    kind = models.CharField(
        verbose_name=_("举报或投诉"), max_length=16, choices=TipKind.choices, default=TipKind.TIP
    )
    channel = models.CharField(
        verbose_name=_("渠道"), max_length=16, choices=TipChannel.choices, db_index=True
    )
    status = models.CharField(
        verbose_name=_("状态"),
        max_length=16,
        choices=TipStatus.choices,
        default=TipStatus.RECEIVED,
        db_index=True,
    )
    # What
    category = models.ForeignKey(
        "catalog.ProductCategory",
        verbose_name=_("类别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    wrong_kind = models.CharField(
        verbose_name=_("违法类型"), max_length=24, choices=WrongKind.choices, default=WrongKind.OTHER
    )
    subject_name = models.CharField(verbose_name=_("被举报对象"), max_length=200, blank=True)
    subject_credit_code = models.CharField(
        verbose_name=_("统一社会信用代码"), max_length=18, blank=True, db_index=True
    )
    product_name = models.CharField(verbose_name=_("产品名称"), max_length=200, blank=True)
    identity_code = models.CharField(
        verbose_name=_("产品身份信息码"), max_length=40, blank=True, db_index=True
    )
    certificate_number = models.CharField(
        verbose_name=_("证书编号"), max_length=40, blank=True, db_index=True
    )
    website_url = models.CharField(verbose_name=_("网址"), max_length=500, blank=True)
    url_key = models.CharField(
        verbose_name=_("网址主机与路径"), max_length=300, blank=True, db_index=True, editable=False
    )
    training_institution = models.CharField(verbose_name=_("培训机构"), max_length=200, blank=True)
    # Where and when
    division = models.ForeignKey(
        "core.Division", verbose_name=_("发生地区划"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(verbose_name=_("详细地址"), max_length=300, blank=True)
    occurred_on = models.DateField(verbose_name=_("发现日期"), null=True, blank=True)
    description = models.TextField(verbose_name=_("情况描述"))
    description_norm = models.TextField(verbose_name=_("规范化描述"), blank=True, editable=False)
    # Who (protected: visible whole only with the "tipster" capability, every view audited)
    anonymous = models.BooleanField(verbose_name=_("匿名"), default=True)
    reporter_name = models.CharField(verbose_name=_("举报人姓名"), max_length=64, blank=True)
    reporter_phone = models.CharField(verbose_name=_("举报人电话"), max_length=20, blank=True)
    reporter_id_number = models.CharField(verbose_name=_("举报人身份证号"), max_length=18, blank=True)
    # Handling
    received_at = models.DateTimeField(verbose_name=_("接收时间"), default=timezone.now, db_index=True)
    acceptance_due = models.DateField(verbose_name=_("受理决定期限"), db_index=True)
    accepted_at = models.DateTimeField(verbose_name=_("受理时间"), null=True, blank=True)
    closed_at = models.DateTimeField(verbose_name=_("办结时间"), null=True, blank=True)
    not_accepted_reason = models.TextField(verbose_name=_("不予受理理由"), blank=True)
    lead_department = models.ForeignKey(
        "core.Department",
        verbose_name=_("承办部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lead_tips",
    )
    routed_at = models.DateTimeField(verbose_name=_("分办时间"), null=True, blank=True)
    clue = models.ForeignKey(
        "cases.Clue",
        verbose_name=_("线索"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("重复于"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    duplicate_reason = models.CharField(
        verbose_name=_("重复依据"), max_length=16, choices=DuplicateReason.choices, blank=True
    )
    duplicate_score = models.FloatField(verbose_name=_("相似度"), null=True, blank=True)
    network = models.CharField(verbose_name=_("来源网段"), max_length=50, blank=True, editable=False)
    monitor = models.ForeignKey(
        "tips.MarketMonitor",
        verbose_name=_("村组市场监督员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tips",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Sealed by the audit trail (issue 14); left out: derived search keys (description_norm,
    # url_key), the receipt digest, routed_at, duplicate_score, network, timestamps, and foreign keys
    # that a delete elsewhere sets to NULL (clue, duplicate_of).
    audit_sealed_fields = (
        "number",
        "kind",
        "channel",
        "status",
        "category_id",
        "wrong_kind",
        "subject_name",
        "subject_credit_code",
        "product_name",
        "identity_code",
        "certificate_number",
        "website_url",
        "training_institution",
        "division_id",
        "address",
        "occurred_on",
        "description",
        "anonymous",
        "reporter_name",
        "reporter_phone",
        "reporter_id_number",
        "received_at",
        "acceptance_due",
        "accepted_at",
        "closed_at",
        "not_accepted_reason",
        "lead_department_id",
        "duplicate_reason",
    )

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("举报投诉")
        verbose_name_plural = _("举报投诉")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["status", "acceptance_due"], name="tip_due_idx")]

    def __str__(self) -> str:
        return self.number or f"举报 #{self.pk}"

    @property
    def is_overdue(self) -> bool:
        return is_overdue(self.acceptance_due, done=self.status != TipStatus.RECEIVED)


class TipEvent(models.Model):
    """One entry of a tip's timeline; ``public`` events (and only they) appear on the receipt page."""

    tip = models.ForeignKey(Tip, verbose_name=_("举报"), on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(verbose_name=_("时间"), default=timezone.now)
    kind = models.CharField(verbose_name=_("事项"), max_length=16, choices=TipEventKind.choices)
    from_status = models.CharField(
        verbose_name=_("原状态"), max_length=16, choices=TipStatus.choices, blank=True
    )
    to_status = models.CharField(
        verbose_name=_("新状态"), max_length=16, choices=TipStatus.choices, blank=True
    )
    note = models.TextField(verbose_name=_("内部说明"), blank=True)
    public_text = models.TextField(verbose_name=_("公开内容"), blank=True)
    public = models.BooleanField(verbose_name=_("举报人可见"), default=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    visibility_division_field = "tip__division"

    class Meta:
        verbose_name = _("举报办理记录")
        verbose_name_plural = _("举报办理记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.tip} {self.get_kind_display()}"


class TipRouting(models.Model):
    """A department a tip was routed to (lead, cooperating or copy), with the rule or reason."""

    tip = models.ForeignKey(Tip, verbose_name=_("举报"), on_delete=models.CASCADE, related_name="routings")
    department = models.ForeignKey(
        "core.Department", verbose_name=_("部门"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(verbose_name=_("角色"), max_length=16)
    rule = models.ForeignKey(
        "catalog.RoutingRule",
        verbose_name=_("分办规则"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(verbose_name=_("改派理由"), max_length=300, blank=True)
    is_current = models.BooleanField(verbose_name=_("当前有效"), default=True)
    routed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("分办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    routed_at = models.DateTimeField(verbose_name=_("分办时间"), default=timezone.now)

    visibility_division_field = "tip__division"

    class Meta:
        verbose_name = _("举报分办")
        verbose_name_plural = _("举报分办")
        ordering = ["-is_current", "role", "routed_at"]

    def __str__(self) -> str:
        return f"{self.tip} → {self.department} ({self.role_label})"

    @property
    def role_label(self) -> str:
        from zhenwei.catalog.choices import RoutingRole

        return str(RoutingRole(self.role).label) if self.role in RoutingRole.values else self.role


class RewardScheme(models.Model):
    """A reward scheme (举报奖励办法): progressive shares of the fine by band, a minimum and a cap."""

    name = models.CharField(verbose_name=_("名称"), max_length=100)
    division = models.ForeignKey(
        "core.Division",
        verbose_name=_("适用区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("留空表示全国；否则适用于该区划及下级（最具体者优先）"),
    )
    minimum_amount = models.DecimalField(
        verbose_name=_("最低奖励（元）"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    cap_per_case = models.DecimalField(verbose_name=_("单案上限（元）"), max_digits=12, decimal_places=2)
    basis = models.CharField(verbose_name=_("依据"), max_length=200, blank=True)
    is_active = models.BooleanField(verbose_name=_("启用"), default=True)

    # Reference data: reward_scheme_for() reads every scheme; through restrict() a user would see
    # the schemes of their own divisions (nationwide ones only for platform administrators).
    visibility_division_field = "division"

    class Meta:
        verbose_name = _("举报奖励办法")
        verbose_name_plural = _("举报奖励办法")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RewardTier(models.Model):
    """One band of the fine (from ``fine_from`` up to ``fine_to``) rewarded at ``share_percent``."""

    scheme = models.ForeignKey(
        RewardScheme, verbose_name=_("办法"), on_delete=models.CASCADE, related_name="tiers"
    )
    fine_from = models.DecimalField(
        verbose_name=_("罚没款下限（元）"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    fine_to = models.DecimalField(
        verbose_name=_("罚没款上限（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    share_percent = models.DecimalField(
        verbose_name=_("奖励比例（%）"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("奖励档次")
        verbose_name_plural = _("奖励档次")
        ordering = ["scheme", "fine_from"]

    def __str__(self) -> str:
        upper = self.fine_to if self.fine_to is not None else "∞"
        return f"{self.fine_from}–{upper}: {self.share_percent}%"


class Reward(models.Model):
    """A reward for one tip: proposed by one person, approved by a second, then paid."""

    tip = models.ForeignKey(Tip, verbose_name=_("举报"), on_delete=models.PROTECT, related_name="rewards")
    scheme = models.ForeignKey(
        RewardScheme, verbose_name=_("办法"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        verbose_name=_("状态"), max_length=16, choices=RewardStatus.choices, default=RewardStatus.PROPOSED
    )
    fine_amount = models.DecimalField(verbose_name=_("罚没款（元）"), max_digits=14, decimal_places=2)
    computed_amount = models.DecimalField(verbose_name=_("测算金额（元）"), max_digits=12, decimal_places=2)
    amount = models.DecimalField(verbose_name=_("奖励金额（元）"), max_digits=12, decimal_places=2)
    calculation = models.JSONField(verbose_name=_("测算过程"), default=dict)
    case_reference = models.CharField(verbose_name=_("案件文号"), max_length=100, blank=True)
    note = models.TextField(verbose_name=_("说明"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提出人"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(verbose_name=_("提出时间"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(verbose_name=_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(verbose_name=_("审批意见"), blank=True)
    paid_on = models.DateField(verbose_name=_("发放日期"), null=True, blank=True)
    payment_method = models.CharField(
        verbose_name=_("发放方式"), max_length=16, choices=PaymentMethod.choices, blank=True
    )
    payment_reference = models.CharField(verbose_name=_("发放凭证号"), max_length=100, blank=True)
    paid_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发放登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    visibility_division_field = "tip__division"

    class Meta:
        verbose_name = _("举报奖励")
        verbose_name_plural = _("举报奖励")
        ordering = ["-proposed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["tip"],
                condition=~models.Q(status="rejected"),
                name="reward_one_live_per_tip",
            ),
            models.CheckConstraint(
                condition=models.Q(decided_by__isnull=True) | ~models.Q(decided_by=models.F("proposed_by")),
                name="reward_two_person_rule",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tip} 奖励 {self.amount} 元"


class MarketMonitor(Created):
    """A village or neighbourhood market monitor (村组市场监督员, seed 004), appointed by the
    officers of a division; their reports enter as tips with the channel "market monitor"."""

    name = models.CharField(verbose_name=_("姓名"), max_length=64)
    village = models.CharField(verbose_name=_("村（社区）"), max_length=100)
    division = models.ForeignKey(
        "core.Division", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "core.Department", verbose_name=_("管理单位"), on_delete=models.PROTECT, related_name="+"
    )
    phone = models.CharField(verbose_name=_("联系电话"), max_length=20, blank=True)
    appointed_on = models.DateField(verbose_name=_("聘任日期"))
    active = models.BooleanField(verbose_name=_("在任"), default=True)
    note = models.CharField(verbose_name=_("备注"), max_length=255, blank=True)

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("村组市场监督员")
        verbose_name_plural = _("村组市场监督员")
        ordering = ["division__code", "village", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.village}）"
