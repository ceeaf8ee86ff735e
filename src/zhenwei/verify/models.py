"""Signing keys (public halves only), the scan log of public product checks, and suspect codes."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import AgentClass, KeyStatus, ProductVerdict, SuspectReason, SuspectStatus


class SigningKey(models.Model):
    """An issuer signing key (签名密钥). The private key lives only in a 0600 file under KEYS_DIR."""

    kid = models.CharField(verbose_name=_("密钥标识"), max_length=16, unique=True)
    algorithm = models.CharField(verbose_name=_("算法"), max_length=16, default="EdDSA")
    public_key = models.CharField(
        verbose_name=_("公钥"), max_length=64, help_text=_("Ed25519 公钥，base64url 编码")
    )
    status = models.CharField(
        verbose_name=_("状态"), max_length=16, choices=KeyStatus.choices, default=KeyStatus.ACTIVE
    )
    created_at = models.DateTimeField(verbose_name=_("创建时间"), default=timezone.now)
    not_after = models.DateTimeField(
        verbose_name=_("签名截止"), null=True, blank=True, help_text=_("此后签出的内容不被接受")
    )
    retired_at = models.DateTimeField(verbose_name=_("停用时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(verbose_name=_("吊销时间"), null=True, blank=True)
    revoked_reason = models.CharField(verbose_name=_("吊销原因"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Platform-wide reference data: readable by staff, changed only by the keys command.
    visibility_division_field = None

    class Meta:
        verbose_name = _("签名密钥")
        verbose_name_plural = _("签名密钥")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kid} ({self.get_status_display()})"


class ScanEvent(models.Model):
    """One public product verification (扫码记录). Append-only; never holds a raw client address.

    Built to be range-partitioned by month on PostgreSQL later: no foreign key constraints point at
    it or out of it to the code (``identity_code`` has no database constraint), and every query
    filters on ``created_at``.
    """

    created_at = models.DateTimeField(verbose_name=_("时间"), default=timezone.now)
    code = models.CharField(verbose_name=_("所查编码"), max_length=64)
    identity_code = models.ForeignKey(
        "registry.IdentityCode",
        verbose_name=_("身份标识码"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    verdict = models.CharField(verbose_name=_("结论"), max_length=16, choices=ProductVerdict.choices)
    network = models.CharField(
        verbose_name=_("客户端网段"),
        max_length=48,
        blank=True,
        help_text=_("IPv4 /24 或 IPv6 /48，不存原始地址"),
    )
    division = models.ForeignKey(
        "core.Division",
        verbose_name=_("所在区划"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        help_text=_("用户同意提供的位置；未提供时为产品生产企业所在区划"),
    )
    location_consented = models.BooleanField(verbose_name=_("用户提供位置"), default=False)
    prefecture_code = models.CharField(
        verbose_name=_("地市代码"), max_length=12, blank=True, help_text=_("仅在用户提供位置时记录")
    )
    latitude = models.DecimalField(
        verbose_name=_("纬度"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    longitude = models.DecimalField(
        verbose_name=_("经度"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    agent_class = models.CharField(
        verbose_name=_("客户端类型"), max_length=16, choices=AgentClass.choices, default=AgentClass.OTHER
    )
    label_valid = models.BooleanField(verbose_name=_("标签签名有效"), null=True, blank=True)

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("扫码记录")
        verbose_name_plural = _("扫码记录")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["code", "created_at"], name="verify_scan_code_time"),
            models.Index(fields=["created_at"], name="verify_scan_time"),
            models.Index(fields=["division", "created_at"], name="verify_scan_division_time"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.verdict}"


class SuspectCode(models.Model):
    """A code the clone rules flagged (可疑编码): checks answer "suspect" until staff clear it."""

    code = models.CharField(verbose_name=_("编码"), max_length=64, unique=True)
    identity_code = models.ForeignKey(
        "registry.IdentityCode",
        verbose_name=_("身份标识码"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    reason = models.CharField(verbose_name=_("原因"), max_length=16, choices=SuspectReason.choices)
    detail = models.JSONField(verbose_name=_("依据"), default=dict, blank=True)
    status = models.CharField(
        verbose_name=_("状态"), max_length=16, choices=SuspectStatus.choices, default=SuspectStatus.OPEN
    )
    division = models.ForeignKey(
        "core.Division", verbose_name=_("发现地"), on_delete=models.PROTECT, related_name="+"
    )
    clue = models.ForeignKey(
        "cases.Clue",
        verbose_name=_("线索"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    flagged_at = models.DateTimeField(verbose_name=_("发现时间"), default=timezone.now)
    cleared_at = models.DateTimeField(verbose_name=_("排除时间"), null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("排除人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cleared_note = models.CharField(verbose_name=_("排除理由"), max_length=200, blank=True)

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("可疑编码")
        verbose_name_plural = _("可疑编码")
        ordering = ["-flagged_at"]

    def __str__(self) -> str:
        return f"{self.code} ({self.get_reason_display()})"
