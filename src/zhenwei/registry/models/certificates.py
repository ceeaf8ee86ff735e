"""Work-safety certificates (安全生产证书): special-operation and safety knowledge certificates."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhenwei.core.models import CreatedAt, UpdatedAt
from zhenwei.core.validators import validate_id_number

from ..choices import CertificateKind, CertificateStatus


class Certificate(CreatedAt, UpdatedAt):
    """One certificate. The holder's ID number is stored whole but shown whole only to "pii" roles
    (each view audited); ``holder_id_hash`` lets bulk checks match without reading it."""

    number = models.CharField(verbose_name=_("证书编号"), max_length=64, unique=True)
    kind = models.CharField(verbose_name=_("证书类型"), max_length=32, choices=CertificateKind.choices)
    operation_category = models.CharField(verbose_name=_("作业类别"), max_length=100, blank=True)
    operation_item = models.CharField(verbose_name=_("准操项目"), max_length=100, blank=True)
    holder_name = models.CharField(verbose_name=_("持证人姓名"), max_length=64)
    holder_name_normalized = models.CharField(
        verbose_name=_("持证人姓名（规范化）"), max_length=64, db_index=True, editable=False
    )
    holder_id_number = models.CharField(
        verbose_name=_("持证人身份证号码"), max_length=18, validators=[validate_id_number]
    )
    holder_id_hash = models.CharField(
        verbose_name=_("身份证号码摘要"), max_length=64, db_index=True, editable=False
    )
    authority = models.CharField(verbose_name=_("发证机关"), max_length=200)
    issued_on = models.DateField(verbose_name=_("发证日期"))
    expires_on = models.DateField(verbose_name=_("有效期至"))
    status = models.CharField(
        verbose_name=_("状态"),
        max_length=16,
        choices=CertificateStatus.choices,
        default=CertificateStatus.VALID,
    )
    status_changed_at = models.DateTimeField(verbose_name=_("状态变更时间"), null=True, blank=True)
    employer = models.ForeignKey(
        "registry.Enterprise",
        verbose_name=_("工作单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    division = models.ForeignKey(
        "core.Division", verbose_name=_("发证区划"), on_delete=models.PROTECT, related_name="+"
    )

    # Sealed by the audit trail (issue 14): what the public check answers from. Left out: derived
    # keys (holder_name_normalized, holder_id_hash), timestamps, and employer (set to NULL when the
    # enterprise is deleted, with no audit row about the certificate).
    audit_sealed_fields = (
        "number",
        "kind",
        "operation_category",
        "operation_item",
        "holder_name",
        "holder_id_number",
        "authority",
        "issued_on",
        "expires_on",
        "status",
        "division_id",
    )

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("安全生产证书")
        verbose_name_plural = _("安全生产证书")
        ordering = ["-issued_on", "number"]
        indexes = [models.Index(fields=["division", "kind", "status"], name="certificate_div_kind_status")]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs):
        from zhenwei.core.text import normalize

        from ..validators import holder_id_hash

        self.holder_id_number = (self.holder_id_number or "").strip().upper()
        self.holder_name_normalized = normalize(self.holder_name)[:64]
        self.holder_id_hash = holder_id_hash(self.holder_id_number)
        super().save(*args, **kwargs)

    def effective_status(self, today: dt.date | None = None) -> str:
        """The status a checker should see: expired once the expiry date has passed, even if the
        stored status still says valid."""
        today = today or dt.date.today()
        if self.status == CertificateStatus.VALID and self.expires_on < today:
            return CertificateStatus.EXPIRED
        return self.status
