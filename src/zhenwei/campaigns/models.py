"""Campaigns (专项行动 / 专项整治) with their issuing document and period."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import CampaignKind


class Campaign(models.Model):
    """A campaign issued by a government body for a division and period."""

    title = models.CharField(verbose_name=_("名称"), max_length=200)
    kind = models.CharField(verbose_name=_("类型"), max_length=32, choices=CampaignKind.choices)
    doc_title = models.CharField(verbose_name=_("文件标题"), max_length=255, blank=True)
    doc_number = models.CharField(verbose_name=_("文号"), max_length=64, blank=True)
    issuing_body = models.CharField(verbose_name=_("印发机关"), max_length=200, blank=True)
    issued_on = models.DateField(verbose_name=_("印发日期"), null=True, blank=True)
    division = models.ForeignKey(
        "core.Division", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+"
    )
    lead_department = models.ForeignKey(
        "core.Department",
        verbose_name=_("牵头部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_on = models.DateField(verbose_name=_("开始日期"))
    ends_on = models.DateField(verbose_name=_("结束日期"))
    goals = models.TextField(verbose_name=_("工作目标"), blank=True)
    created_at = models.DateTimeField(verbose_name=_("创建时间"), auto_now_add=True)

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("专项行动")
        verbose_name_plural = _("专项行动")
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return self.title
