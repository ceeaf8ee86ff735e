"""Samples sent to a lab (抽样送检) and their custody chain."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhenwei.core.models import CreatedAt

from ..choices import CustodyAction, SampleResult
from .inspections import Inspection


class Sample(CreatedAt):
    """A sealed sample sent to a lab (抽样送检), with its custody chain and result."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("现场检查"), on_delete=models.CASCADE, related_name="samples"
    )
    number = models.CharField(verbose_name=_("样品编号"), max_length=40, unique=True)
    quantity = models.DecimalField(verbose_name=_("抽样数量"), max_digits=10, decimal_places=2, default=1)
    unit = models.CharField(verbose_name=_("单位"), max_length=16, default="个")
    seal_number = models.CharField(verbose_name=_("封条编号"), max_length=60)
    sampled_on = models.DateField(verbose_name=_("抽样日期"), default=timezone.localdate)
    lab_name = models.CharField(verbose_name=_("检验机构"), max_length=200, blank=True)
    sent_on = models.DateField(verbose_name=_("送检日期"), null=True, blank=True)
    received_on = models.DateField(verbose_name=_("检验机构收样日期"), null=True, blank=True)
    result_due_on = models.DateField(verbose_name=_("结果期限"), null=True, blank=True)
    result = models.CharField(
        verbose_name=_("检验结论"), max_length=12, choices=SampleResult.choices, default=SampleResult.PENDING
    )
    result_on = models.DateField(verbose_name=_("结论日期"), null=True, blank=True)
    report_number = models.CharField(verbose_name=_("检验报告编号"), max_length=60, blank=True)
    result_detail = models.TextField(verbose_name=_("不合格项目/说明"), blank=True)

    visibility_division_field = "inspection__division"

    class Meta:
        verbose_name = _("样品")
        verbose_name_plural = _("样品")
        ordering = ["-sampled_on", "number"]

    def __str__(self) -> str:
        return self.number


class CustodyEvent(models.Model):
    """One hand-over of a sample: who held it, when, under which seal."""

    sample = models.ForeignKey(
        Sample, verbose_name=_("样品"), on_delete=models.CASCADE, related_name="custody"
    )
    action = models.CharField(verbose_name=_("环节"), max_length=20, choices=CustodyAction.choices)
    at = models.DateTimeField(verbose_name=_("时间"), default=timezone.now)
    holder = models.CharField(verbose_name=_("保管人/接收人"), max_length=100)
    seal_number = models.CharField(verbose_name=_("封条编号"), max_length=60, blank=True)
    seal_intact = models.BooleanField(verbose_name=_("封条完好"), default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(verbose_name=_("说明"), max_length=255, blank=True)

    visibility_division_field = "sample__inspection__division"

    class Meta:
        verbose_name = _("样品流转")
        verbose_name_plural = _("样品流转")
        ordering = ["sample", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.sample} {self.get_action_display()} {self.holder}"
