"""Transfers and copies of a record to another department (移交 / 抄送), which widen visibility."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import ShareKind


class Share(models.Model):
    """A record transferred (the receiver acts) or copied (the receiver is informed) to a department."""

    content_type = models.ForeignKey(ContentType, verbose_name=_("对象类型"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(verbose_name=_("对象编号"))
    target = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(verbose_name=_("方式"), max_length=16, choices=ShareKind.choices)
    from_department = models.ForeignKey(
        "core.Department",
        verbose_name=_("发出部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_department = models.ForeignKey(
        "core.Department",
        verbose_name=_("接收部门"),
        on_delete=models.PROTECT,
        related_name="shares_received",
    )
    reason = models.TextField(verbose_name=_("事由"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发出人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=_("发出时间"), auto_now_add=True)
    due_at = models.DateTimeField(verbose_name=_("签收期限"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签收人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(verbose_name=_("签收时间"), null=True, blank=True)
    escalated_at = models.DateTimeField(verbose_name=_("升级时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("移交抄送")
        verbose_name_plural = _("移交抄送")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="share_target_idx"),
            models.Index(fields=["to_department", "acknowledged_at"], name="share_inbox_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.to_department}"
