"""The audit trail: one row per change, chained by hashes so that an edit by hand shows."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import AuditAction


class AuditEntry(models.Model):
    """Who did what to which record, when, with the values before and after; hash-chained."""

    seq = models.PositiveBigIntegerField(verbose_name=_("序号"), unique=True)
    at = models.DateTimeField(verbose_name=_("时间"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_repr = models.CharField(verbose_name=_("操作人名称"), max_length=150, blank=True)
    request_id = models.CharField(verbose_name=_("请求编号"), max_length=64, blank=True)
    action = models.CharField(verbose_name=_("操作"), max_length=32, choices=AuditAction.choices)
    model = models.CharField(verbose_name=_("对象类型"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(verbose_name=_("对象编号"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(verbose_name=_("对象"), max_length=255, blank=True)
    division = models.ForeignKey(
        "core.Division",
        verbose_name=_("行政区划"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    before = models.JSONField(verbose_name=_("修改前"), null=True, blank=True)
    after = models.JSONField(verbose_name=_("修改后"), null=True, blank=True)
    note = models.TextField(verbose_name=_("备注"), blank=True)
    prev_hash = models.CharField(verbose_name=_("前一条哈希"), max_length=64)
    hash = models.CharField(verbose_name=_("哈希"), max_length=64)
    # "sha256": rows written before issue 14 (plain chain, kept verifiable); "hmac-sha256": keyed
    # with settings.AUDIT_KEY / KEYS_DIR/audit-hmac.key. A keyed row is never followed by a plain one.
    hash_alg = models.CharField(verbose_name=_("哈希算法"), max_length=16, default="sha256")
    # Keyed hash of the audited record's sealed fields after this change ("" on delete, for rows
    # about other models, and for rows written before issue 14); zhenwei audit verify compares it
    # with the record's current state.
    state_hash = models.CharField(verbose_name=_("记录状态哈希"), max_length=64, blank=True, default="")

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-seq"]
        indexes = [models.Index(fields=["model", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.model}:{self.object_id}"


class AuditChainHead(models.Model):
    """One row holding the chain's last sequence number and hash; locked while a row is appended."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("审计链头")
        verbose_name_plural = _("审计链头")

    def __str__(self) -> str:
        return f"audit head #{self.seq}"
