"""Administrator-kept corrections to the working-day calendar (holidays, adjusted working days)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarOverride(models.Model):
    """One date declared a working day or a day off, overriding the built-in Chinese calendar."""

    date = models.DateField(verbose_name=_("日期"), unique=True)
    is_workday = models.BooleanField(verbose_name=_("是否工作日"))
    note = models.CharField(verbose_name=_("说明"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("工作日调整")
        verbose_name_plural = _("工作日调整")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'班' if self.is_workday else '休'}"
