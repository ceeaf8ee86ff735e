"""Fire investigations (火灾延伸调查) and the fire products traced in them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhenwei.core.models import Created


class FireInvestigation(Created):
    """A fire whose products the fire-rescue department investigates (火灾延伸调查), seed 001."""

    title = models.CharField(verbose_name=_("名称"), max_length=200)
    occurred_on = models.DateField(verbose_name=_("起火日期"), db_index=True)
    place = models.CharField(verbose_name=_("起火地点"), max_length=255)
    division = models.ForeignKey(
        "core.Division", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "core.Department", verbose_name=_("调查单位"), on_delete=models.PROTECT, related_name="+"
    )
    cause_summary = models.TextField(verbose_name=_("起火原因概述"), blank=True)
    deaths = models.PositiveIntegerField(verbose_name=_("死亡人数"), default=0)
    injuries = models.PositiveIntegerField(verbose_name=_("受伤人数"), default=0)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("专项行动"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("火灾延伸调查")
        verbose_name_plural = _("火灾延伸调查")
        ordering = ["-occurred_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class FireProduct(models.Model):
    """A fire product involved in a fire, traced to its maker and seller (registry or free text)."""

    investigation = models.ForeignKey(
        FireInvestigation, verbose_name=_("火灾延伸调查"), on_delete=models.CASCADE, related_name="products"
    )
    category = models.ForeignKey(
        "catalog.ProductCategory",
        verbose_name=_("产品类别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    product_type = models.CharField(verbose_name=_("产品名称"), max_length=200)
    brand = models.CharField(verbose_name=_("商标"), max_length=100, blank=True)
    model = models.CharField(verbose_name=_("规格型号"), max_length=100, blank=True)
    identity_code = models.CharField(verbose_name=_("身份标识码"), max_length=40, blank=True)
    quantity = models.DecimalField(verbose_name=_("数量"), max_digits=12, decimal_places=2, default=1)
    unit = models.CharField(verbose_name=_("单位"), max_length=16, default="件")
    certificate_number = models.CharField(verbose_name=_("认证证书编号"), max_length=60, blank=True)
    maker = models.ForeignKey(
        "registry.Enterprise",
        verbose_name=_("生产企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    maker_name = models.CharField(verbose_name=_("生产企业（未在台账）"), max_length=200, blank=True)
    seller = models.ForeignKey(
        "registry.Enterprise",
        verbose_name=_("销售单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    seller_name = models.CharField(verbose_name=_("销售单位（未在台账）"), max_length=200, blank=True)
    finding = models.TextField(verbose_name=_("调查发现"), blank=True)
    maker_clue = models.ForeignKey(
        "cases.Clue",
        verbose_name=_("生产企业线索"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    seller_clue = models.ForeignKey(
        "cases.Clue",
        verbose_name=_("销售单位线索"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    visibility_division_field = "investigation__division"

    class Meta:
        verbose_name = _("涉火消防产品")
        verbose_name_plural = _("涉火消防产品")
        ordering = ["investigation", "pk"]

    def __str__(self) -> str:
        return " ".join(x for x in (self.product_type, self.brand, self.model) if x)

    @property
    def maker_label(self) -> str:
        return self.maker.name if self.maker_id else self.maker_name

    @property
    def seller_label(self) -> str:
        return self.seller.name if self.seller_id else self.seller_name
