"""Evidence files: photos, PDFs, screenshots, stored by content hash with their sniffed type."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class EvidenceFile(models.Model):
    """A stored file attached to a record; the bytes live once per SHA-256 in the storage."""

    sha256 = models.CharField(verbose_name=_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(verbose_name=_("大小（字节）"))
    mime_type = models.CharField(verbose_name=_("文件类型"), max_length=100)
    original_name = models.CharField(verbose_name=_("原文件名"), max_length=255)
    storage_name = models.CharField(verbose_name=_("存储路径"), max_length=255)
    description = models.CharField(verbose_name=_("说明"), max_length=255, blank=True)
    division = models.ForeignKey(
        "core.Division",
        verbose_name=_("行政区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("所属对象类型"), null=True, blank=True, on_delete=models.CASCADE
    )
    object_id = models.PositiveBigIntegerField(verbose_name=_("所属对象编号"), null=True, blank=True)
    attached_to = GenericForeignKey("content_type", "object_id")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=_("上传时间"), auto_now_add=True)

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("证据文件")
        verbose_name_plural = _("证据文件")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="evidence_target_idx")]

    def __str__(self) -> str:
        return self.original_name
