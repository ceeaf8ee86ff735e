"""Online listings from platform feeds and their checks, eliminated product types, logistics-site checks."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhenwei.core.models import Created

from .choices import ChecklistGroup, CheckResult, EliminationKind, SourceCheck


class EliminatedProductType(models.Model):
    """A product type the state has ordered off the market (国家明令淘汰) or banned from sale, with the
    notice that did so. Reference data, edited in the admin (audited)."""

    name = models.CharField(verbose_name=_("产品类型"), max_length=200, unique=True)
    kind = models.CharField(
        verbose_name=_("类别"),
        max_length=16,
        choices=EliminationKind.choices,
        default=EliminationKind.ELIMINATED,
    )
    keywords = models.TextField(
        verbose_name=_("匹配关键词"),
        help_text=_("每行一个（或用逗号分隔）；商品标题或产品名称含任一关键词即命中，繁简体、全半角均可"),
    )
    exclude_keywords = models.TextField(
        verbose_name=_("排除关键词"), blank=True, help_text=_("含这些词时不算命中（如“非哈龙”）")
    )
    category = models.ForeignKey(
        "catalog.ProductCategory",
        verbose_name=_("产品类别"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notice_title = models.CharField(verbose_name=_("依据文件"), max_length=255)
    notice_number = models.CharField(verbose_name=_("文号"), max_length=100, blank=True)
    issuing_body = models.CharField(verbose_name=_("发布机关"), max_length=200, blank=True)
    effective_on = models.DateField(verbose_name=_("施行日期"), null=True, blank=True)
    issued_on = models.DateField(verbose_name=_("发布日期"), null=True, blank=True)
    source_url = models.URLField(
        verbose_name=_("来源链接"), max_length=500, blank=True, help_text=_("核对所用的原文或转载全文地址")
    )
    source_check = models.CharField(
        verbose_name=_("核实状态"),
        max_length=12,
        choices=SourceCheck.choices,
        default=SourceCheck.UNVERIFIED,
        help_text=_("对照原文核实依据文件名称、文号、发布机关和日期后改为“已核实”"),
    )
    source_check_note = models.TextField(
        verbose_name=_("核实情况"), blank=True, help_text=_("何时、对照什么核实，哪些内容仍未找到原文")
    )
    note = models.TextField(verbose_name=_("说明"), blank=True)
    is_active = models.BooleanField(verbose_name=_("启用"), default=True)

    class Meta:
        verbose_name = _("明令淘汰/禁售产品")
        verbose_name_plural = _("明令淘汰/禁售产品")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.source_check == SourceCheck.VERIFIED

    def keyword_list(self, field: str = "keywords") -> list[str]:
        raw = getattr(self, field).replace("，", ",").replace("、", ",").replace("\n", ",")
        return [k.strip() for k in raw.split(",") if k.strip()]


class Listing(models.Model):
    """One product listing on an e-commerce platform, from a cooperation feed, with its check results."""

    platform = models.CharField(verbose_name=_("平台"), max_length=64, db_index=True)
    external_key = models.CharField(
        verbose_name=_("外部键"), max_length=255, help_text=_("商品链接，无链接时为店铺编号与标题")
    )
    shop_name = models.CharField(verbose_name=_("店铺名称"), max_length=200, blank=True)
    seller_id = models.CharField(verbose_name=_("卖家编号"), max_length=100, db_index=True)
    title = models.CharField(verbose_name=_("商品标题"), max_length=500)
    title_normalized = models.CharField(verbose_name=_("规范化标题"), max_length=500, editable=False)
    price = models.DecimalField(
        verbose_name=_("价格（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    claimed_code = models.CharField(verbose_name=_("声称的证书编号/标识码"), max_length=200, blank=True)
    url = models.URLField(verbose_name=_("商品链接"), max_length=500, blank=True)
    listed_at = models.DateTimeField(verbose_name=_("采集时间"), null=True, blank=True)
    category = models.ForeignKey(
        "catalog.ProductCategory",
        verbose_name=_("产品类别"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    division = models.ForeignKey(
        "core.Division", verbose_name=_("属地区划"), on_delete=models.PROTECT, related_name="+"
    )
    row_hash = models.CharField(verbose_name=_("内容摘要"), max_length=64, editable=False)
    findings = models.JSONField(verbose_name=_("检查发现"), default=list, blank=True)
    is_suspicious = models.BooleanField(verbose_name=_("可疑"), default=False, db_index=True)
    checked_at = models.DateTimeField(verbose_name=_("检查时间"), null=True, blank=True)
    clue = models.ForeignKey(
        "cases.Clue",
        verbose_name=_("线索"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    first_seen = models.DateTimeField(verbose_name=_("首次导入"), auto_now_add=True)
    last_seen = models.DateTimeField(verbose_name=_("最近导入"), auto_now=True)

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("网络商品")
        verbose_name_plural = _("网络商品")
        ordering = ["-listed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "external_key"], name="listing_unique_per_platform")
        ]
        indexes = [
            models.Index(fields=["platform", "seller_id"], name="listing_seller_idx"),
            models.Index(fields=["category", "price"], name="listing_category_price_idx"),
        ]

    def __str__(self) -> str:
        return f"[{self.platform}] {self.title[:60]}"

    @property
    def finding_codes(self) -> list[str]:
        return [f.get("code", "") for f in self.findings or []]


class LogisticsChecklistItem(models.Model):
    """One check of the logistics-site checklist (收寄验视, 实名收寄, 过机安检…). Data, editable."""

    code = models.CharField(verbose_name=_("编号"), max_length=20, unique=True)
    group = models.CharField(verbose_name=_("检查项目"), max_length=32, choices=ChecklistGroup.choices)
    text = models.CharField(verbose_name=_("检查内容"), max_length=255)
    basis = models.CharField(verbose_name=_("依据"), max_length=200, blank=True)
    sort = models.PositiveIntegerField(verbose_name=_("排序"), default=100)
    is_active = models.BooleanField(verbose_name=_("启用"), default=True)

    class Meta:
        verbose_name = _("物流场所检查项目")
        verbose_name_plural = _("物流场所检查项目")
        ordering = ["sort", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


class LogisticsCheck(Created):
    """An on-site check of an express or logistics site (registry enterprise of kind logistics)."""

    enterprise = models.ForeignKey(
        "registry.Enterprise", verbose_name=_("被检查单位"), on_delete=models.PROTECT, related_name="+"
    )
    division = models.ForeignKey(
        "core.Division", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "core.Department", verbose_name=_("检查部门"), on_delete=models.PROTECT, related_name="+"
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("专项行动"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_on = models.DateField(verbose_name=_("检查日期"), db_index=True)
    inspectors = models.CharField(verbose_name=_("检查人员"), max_length=200, blank=True)
    result = models.CharField(verbose_name=_("结论"), max_length=8, choices=CheckResult.choices)
    failed_count = models.PositiveIntegerField(verbose_name=_("不符合项数"), default=0)
    note = models.TextField(verbose_name=_("检查情况"), blank=True)

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("物流场所检查")
        verbose_name_plural = _("物流场所检查")
        ordering = ["-checked_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.checked_on} {self.enterprise}"


class LogisticsCheckAnswer(models.Model):
    """The answer to one checklist item in one logistics-site check."""

    check_record = models.ForeignKey(
        LogisticsCheck, verbose_name=_("检查"), on_delete=models.CASCADE, related_name="answers"
    )
    item = models.ForeignKey(
        LogisticsChecklistItem, verbose_name=_("检查项目"), on_delete=models.PROTECT, related_name="+"
    )
    result = models.CharField(verbose_name=_("结果"), max_length=8, choices=CheckResult.choices)
    note = models.CharField(verbose_name=_("说明"), max_length=255, blank=True)

    visibility_division_field = "check_record__division"

    class Meta:
        verbose_name = _("物流场所检查结果")
        verbose_name_plural = _("物流场所检查结果")
        ordering = ["check_record", "item__sort"]
        constraints = [models.UniqueConstraint(fields=["check_record", "item"], name="logistics_answer_once")]

    def __str__(self) -> str:
        return f"{self.item.code} {self.result}"
