"""Checks of a seller's purchase and sales ledger (进销货台账) made during an inspection."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhenwei.core.models import Created

from ..extension_choices import LedgerDirection
from .inspections import Inspection


class LedgerCheck(Created):
    """The check of a seller's purchase and sales ledger (进销货台账) made during an inspection."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("现场检查"), on_delete=models.CASCADE, related_name="ledger_checks"
    )
    checked_on = models.DateField(verbose_name=_("检查日期"), default=timezone.localdate)
    ledger_kept = models.BooleanField(verbose_name=_("建立进销货台账"), default=True)
    period = models.CharField(verbose_name=_("查验期间"), max_length=100, blank=True)
    note = models.TextField(verbose_name=_("说明"), blank=True)

    visibility_division_field = "inspection__division"

    class Meta:
        verbose_name = _("进销货台账检查")
        verbose_name_plural = _("进销货台账检查")
        ordering = ["inspection", "-checked_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.inspection} {self.checked_on:%Y-%m-%d}"


class LedgerEntry(models.Model):
    """One ledger entry checked: product, counterparty (supplier), quantity, date, voucher, problems."""

    check_record = models.ForeignKey(
        LedgerCheck, verbose_name=_("台账检查"), on_delete=models.CASCADE, related_name="entries"
    )
    direction = models.CharField(
        verbose_name=_("进/销"),
        max_length=10,
        choices=LedgerDirection.choices,
        default=LedgerDirection.PURCHASE,
    )
    product_name = models.CharField(verbose_name=_("产品名称"), max_length=200)
    supplier = models.ForeignKey(
        "registry.Enterprise",
        verbose_name=_("供货方"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    supplier_name = models.CharField(verbose_name=_("供货方名称"), max_length=200, blank=True)
    quantity = models.DecimalField(verbose_name=_("台账数量"), max_digits=12, decimal_places=2)
    found_quantity = models.DecimalField(
        verbose_name=_("核实数量"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(verbose_name=_("单位"), max_length=16, default="件")
    entry_date = models.DateField(verbose_name=_("进/销货日期"), null=True, blank=True)
    voucher = models.CharField(verbose_name=_("发票/凭证号"), max_length=60, blank=True)
    problems = models.JSONField(verbose_name=_("发现问题"), default=list, blank=True)
    clue = models.ForeignKey(
        "cases.Clue",
        verbose_name=_("线索"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    visibility_division_field = "check_record__inspection__division"

    class Meta:
        verbose_name = _("台账条目")
        verbose_name_plural = _("台账条目")
        ordering = ["check_record", "pk"]

    def __str__(self) -> str:
        return f"{self.product_name} {self.quantity}{self.unit}"

    @property
    def supplier_label(self) -> str:
        return self.supplier.name if self.supplier_id else self.supplier_name

    def problem_labels(self) -> list[str]:
        from ..extension_choices import LedgerProblem

        return [str(LedgerProblem(p).label) if p in LedgerProblem.values else p for p in self.problems]
