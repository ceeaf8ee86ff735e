"""Clues (线索) and, built on them, cases (案件)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import ClueSource, ClueStatus


class Clue(models.Model):
    """A lead to be triaged into a case or closed with a reason; every source opens one the same way."""

    source = models.CharField(verbose_name=_("来源"), max_length=16, choices=ClueSource.choices)
    title = models.CharField(verbose_name=_("标题"), max_length=200)
    description = models.TextField(verbose_name=_("情况"), blank=True)
    category = models.ForeignKey(
        "catalog.ProductCategory",
        verbose_name=_("类别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    division = models.ForeignKey(
        "core.Division", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "core.Department",
        verbose_name=_("承办部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="clues",
    )
    status = models.CharField(
        verbose_name=_("状态"), max_length=16, choices=ClueStatus.choices, default=ClueStatus.NEW
    )
    closed_reason = models.TextField(verbose_name=_("了结理由"), blank=True)
    source_type = models.ForeignKey(
        ContentType,
        verbose_name=_("来源对象类型"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_id = models.PositiveBigIntegerField(verbose_name=_("来源对象编号"), null=True, blank=True)
    source_object = GenericForeignKey("source_type", "source_id")
    dedupe_key = models.CharField(
        verbose_name=_("去重键"),
        max_length=200,
        blank=True,
        db_index=True,
        help_text=_("同一事项（如同一可疑编码）只开一条未了结线索"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=_("登记时间"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(verbose_name=_("更新时间"), auto_now=True)

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("线索")
        verbose_name_plural = _("线索")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title
