"""Uploaded import files run as background tasks, with their progress and rejected rows."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..choices import ImportJobStatus, ImportKind


class ImportJob(models.Model):
    """One upload of a registry file from the staff site, imported by a background task."""

    kind = models.CharField(verbose_name=_("导入类型"), max_length=32, choices=ImportKind.choices)
    original_name = models.CharField(verbose_name=_("文件名"), max_length=255)
    stored_path = models.CharField(verbose_name=_("存储路径"), max_length=500, editable=False)
    size = models.PositiveBigIntegerField(verbose_name=_("文件大小"), default=0)
    status = models.CharField(
        verbose_name=_("状态"),
        max_length=16,
        choices=ImportJobStatus.choices,
        default=ImportJobStatus.PENDING,
    )
    rows_read = models.PositiveIntegerField(verbose_name=_("已读行数"), default=0)
    created = models.PositiveIntegerField(verbose_name=pgettext_lazy("import rows", "新增"), default=0)
    updated = models.PositiveIntegerField(verbose_name=_("更新"), default=0)
    unchanged = models.PositiveIntegerField(verbose_name=_("未变"), default=0)
    rejected = models.PositiveIntegerField(verbose_name=_("拒绝"), default=0)
    message = models.TextField(verbose_name=_("结果说明"), blank=True)
    errors_path = models.CharField(verbose_name=_("拒绝行文件"), max_length=500, blank=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), on_delete=models.PROTECT, related_name="+"
    )
    division = models.ForeignKey(
        "core.Division", verbose_name=_("导入人所在区划"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(verbose_name=_("上传时间"), auto_now_add=True)
    started_at = models.DateTimeField(verbose_name=_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(verbose_name=_("完成时间"), null=True, blank=True)

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.original_name}"

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportJobStatus.DONE, ImportJobStatus.FAILED)
