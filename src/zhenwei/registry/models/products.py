"""Products, their batches and the individual identity codes (消防产品身份证标志 and other serials)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhenwei.core.models import CreatedAt, UpdatedAt

from ..choices import AccessKind, CodeFormat, CodeStatus


class Product(CreatedAt, UpdatedAt):
    """A product model of one manufacturer (产品型号) with its market-access certificate."""

    category = models.ForeignKey(
        "catalog.ProductCategory", verbose_name=_("产品类别"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(verbose_name=_("产品名称"), max_length=200)
    model = models.CharField(verbose_name=_("型号"), max_length=100, blank=True)
    manufacturer = models.ForeignKey(
        "registry.Enterprise",
        verbose_name=_("生产企业"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="products",
    )
    manufacturer_name = models.CharField(verbose_name=_("生产企业名称"), max_length=200)
    manufacturer_uscc = models.CharField(
        verbose_name=_("生产企业统一社会信用代码"), max_length=18, blank=True
    )
    access_kind = models.CharField(
        verbose_name=_("市场准入方式"), max_length=32, choices=AccessKind.choices, blank=True
    )
    access_certificate_no = models.CharField(
        verbose_name=_("认证/鉴定/检验证书编号"), max_length=100, blank=True
    )
    division = models.ForeignKey(
        "core.Division",
        verbose_name=_("生产企业所在区划"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_eliminated = models.BooleanField(verbose_name=_("国家明令淘汰"), default=False)

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("产品")
        verbose_name_plural = _("产品")
        ordering = ["category__sort", "name", "model"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "manufacturer_name", "name", "model"], name="registry_product_natural_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.model}".strip()


class ProductBatch(CreatedAt):
    """A production batch (批次) of a product."""

    product = models.ForeignKey(
        Product, verbose_name=_("产品"), on_delete=models.CASCADE, related_name="batches"
    )
    batch_no = models.CharField(verbose_name=_("批号"), max_length=64)
    produced_on = models.DateField(verbose_name=_("生产日期"), null=True, blank=True)
    quantity = models.PositiveIntegerField(verbose_name=_("数量"), null=True, blank=True)

    visibility_division_field = "product__division"

    class Meta:
        verbose_name = _("产品批次")
        verbose_name_plural = _("产品批次")
        ordering = ["product", "batch_no"]
        constraints = [
            models.UniqueConstraint(fields=["product", "batch_no"], name="registry_batch_product_batch_no")
        ]

    def __str__(self) -> str:
        return f"{self.product} / {self.batch_no}"


class IdentityCode(CreatedAt, UpdatedAt):
    """One identity code printed on one product item; the public checks it."""

    # Unique (and so indexed) through the named constraint in Meta: on PostgreSQL that avoids the
    # extra varchar_pattern_ops index Django adds for unique=True, which imports would pay for.
    code = models.CharField(verbose_name=_("身份标识码"), max_length=32)
    code_format = models.CharField(
        verbose_name=_("标识格式"), max_length=16, choices=CodeFormat.choices, default=CodeFormat.FIRE_MARK
    )
    # One composite index (product, batch) serves both foreign keys.
    # No database FK constraints on product and batch: PostgreSQL checks such a constraint with one
    # trigger query per inserted row, which made a 1M-code import spend two thirds of its time in
    # those checks (bench/import_product_codes.py). Django still enforces PROTECT and SET_NULL on
    # delete, and the import checks the references of each batch with one set-based query
    # (registry/imports/product_codes.py, ``_check_references``); docs/registry.md.
    product = models.ForeignKey(
        Product,
        verbose_name=_("产品"),
        on_delete=models.PROTECT,
        related_name="codes",
        db_index=False,
        db_constraint=False,
    )
    batch = models.ForeignKey(
        ProductBatch,
        verbose_name=_("批次"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="codes",
        db_index=False,
        db_constraint=False,
    )
    status = models.CharField(
        verbose_name=_("状态"), max_length=16, choices=CodeStatus.choices, default=CodeStatus.ACTIVE
    )
    status_changed_at = models.DateTimeField(verbose_name=_("状态变更时间"), null=True, blank=True)

    visibility_division_field = "product__division"

    class Meta:
        verbose_name = _("身份标识码")
        verbose_name_plural = _("身份标识码")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["code"], name="registry_identitycode_code_key")]
        indexes = [
            models.Index(fields=["product", "batch"], name="identitycode_product_batch_idx"),
            # Few codes are destroyed: a small partial index lets imports check a batch against them.
            models.Index(
                fields=["code"], condition=models.Q(status="destroyed"), name="identitycode_destroyed_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.code
