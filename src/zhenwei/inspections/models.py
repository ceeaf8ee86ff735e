"""Inspection plans and the random draw (双随机), inspections, checklists, samples and custody."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhenwei.catalog.choices import Domain

from .choices import (
    ChecklistGroup,
    CheckResult,
    CustodyAction,
    Judgment,
    PlanStatus,
    SampleResult,
)
from .extension_choices import LedgerDirection


class ChecklistItem(models.Model):
    """One on-site check for a product category (data, after GA 588 practice); a failure maps to a reason code."""

    category = models.ForeignKey(
        "catalog.ProductCategory",
        verbose_name=_("产品类别"),
        on_delete=models.CASCADE,
        related_name="checklist_items",
    )
    code = models.CharField(verbose_name=_("编号"), max_length=20)
    group = models.CharField(verbose_name=_("检查项目"), max_length=16, choices=ChecklistGroup.choices)
    text = models.CharField(verbose_name=_("检查内容"), max_length=255)
    basis = models.CharField(verbose_name=_("依据"), max_length=200, blank=True)
    failure_reason = models.CharField(verbose_name=_("不符合时的判定理由"), max_length=8, blank=True)
    sort = models.PositiveIntegerField(verbose_name=_("排序"), default=100)
    is_active = models.BooleanField(verbose_name=_("启用"), default=True)

    class Meta:
        verbose_name = _("现场检查项目")
        verbose_name_plural = _("现场检查项目")
        ordering = ["category", "sort", "code"]
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="checklist_item_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


class PoolInspector(models.Model):
    """A person in the inspector pool (执法检查人员名录库), with the unit they belong to."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pool_entries",
    )
    name = models.CharField(verbose_name=_("姓名"), max_length=64)
    department = models.ForeignKey(
        "core.Department",
        verbose_name=_("所在部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    employer = models.ForeignKey(
        "registry.Enterprise",
        verbose_name=_("所属单位（特邀专家）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("来自企业、检验机构的特邀人员：不会被派去检查本单位"),
    )
    certificate_number = models.CharField(verbose_name=_("执法证号"), max_length=40, blank=True)
    division = models.ForeignKey(
        "core.Division", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField(verbose_name=_("在库"), default=True)

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("检查人员")
        verbose_name_plural = _("检查人员名录库")
        ordering = ["division", "name"]

    def __str__(self) -> str:
        return self.name


class ConflictDeclaration(models.Model):
    """An inspector's declared conflict of interest with a subject (利害关系回避)."""

    inspector = models.ForeignKey(
        PoolInspector, verbose_name=_("检查人员"), on_delete=models.CASCADE, related_name="conflicts"
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise", verbose_name=_("检查对象"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(verbose_name=_("回避理由"), max_length=200)
    declared_on = models.DateField(verbose_name=_("申报日期"), default=timezone.localdate)

    visibility_division_field = "inspector__division"

    class Meta:
        verbose_name = _("回避申报")
        verbose_name_plural = _("回避申报")
        constraints = [
            models.UniqueConstraint(fields=["inspector", "enterprise"], name="conflict_unique_pair")
        ]

    def __str__(self) -> str:
        return f"{self.inspector} ↔ {self.enterprise}"


class InspectionPlan(models.Model):
    """A random-inspection plan (双随机抽查计划): scope, share of targets, period, and its recorded draw."""

    title = models.CharField(verbose_name=_("计划名称"), max_length=200)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("专项行动"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    domain = models.CharField(verbose_name=_("领域"), max_length=16, choices=Domain.choices)
    categories = models.ManyToManyField(
        "catalog.ProductCategory", verbose_name=_("产品类别"), blank=True, related_name="+"
    )
    division = models.ForeignKey(
        "core.Division", verbose_name=_("组织区划"), on_delete=models.PROTECT, related_name="+"
    )
    divisions = models.ManyToManyField(
        "core.Division", verbose_name=_("抽查范围"), blank=True, related_name="+"
    )
    department = models.ForeignKey(
        "core.Department", verbose_name=_("组织部门"), on_delete=models.PROTECT, related_name="+"
    )
    subject_kinds = models.JSONField(verbose_name=_("主体类型"), default=list, blank=True)
    target_count = models.PositiveIntegerField(verbose_name=_("抽取数量"), null=True, blank=True)
    target_percent = models.DecimalField(
        verbose_name=_("抽取比例（%）"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    inspectors_per_target = models.PositiveSmallIntegerField(verbose_name=_("每户检查人员数"), default=2)
    starts_on = models.DateField(verbose_name=_("开始日期"))
    ends_on = models.DateField(verbose_name=_("结束日期"))
    status = models.CharField(
        verbose_name=_("状态"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    seed = models.CharField(verbose_name=_("随机种子"), max_length=64, blank=True)
    draw_inputs = models.JSONField(verbose_name=_("抽取输入"), null=True, blank=True)
    draw_result = models.JSONField(verbose_name=_("抽取结果"), null=True, blank=True)
    drawn_at = models.DateTimeField(verbose_name=_("抽取时间"), null=True, blank=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("抽取人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(verbose_name=_("公示时间"), null=True, blank=True)
    results_published_at = models.DateTimeField(verbose_name=_("结果公示时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=_("创建时间"), auto_now_add=True)

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("抽查计划")
        verbose_name_plural = _("抽查计划")
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class PlanTarget(models.Model):
    """A subject drawn for a plan, with its stratum, weight and the inspectors drawn for it."""

    plan = models.ForeignKey(
        InspectionPlan, verbose_name=_("抽查计划"), on_delete=models.CASCADE, related_name="targets"
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise", verbose_name=_("检查对象"), on_delete=models.PROTECT, related_name="+"
    )
    division = models.ForeignKey(
        "core.Division", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+"
    )
    stratum = models.CharField(verbose_name=_("分层"), max_length=80)
    weight = models.PositiveSmallIntegerField(verbose_name=_("权重"), default=1)
    position = models.PositiveIntegerField(verbose_name=_("抽中顺序"))
    inspectors = models.ManyToManyField(
        PoolInspector, verbose_name=_("检查人员"), blank=True, related_name="targets"
    )

    visibility_division_field = "plan__division"

    class Meta:
        verbose_name = _("抽查对象")
        verbose_name_plural = _("抽查对象")
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "enterprise"], name="plan_target_unique_enterprise")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}#{self.position} {self.enterprise}"

    @property
    def stratum_label(self) -> str:
        """The stratum as people read it: "农坝镇 · 养老机构" for the stored "500235116/elderly_care"."""
        from zhenwei.registry.choices import EnterpriseKind

        code, _sep, kind = self.stratum.partition("/")
        kinds = dict(EnterpriseKind.choices)
        place = self.division.name if self.division_id and self.division.code == code else code
        return f"{place} · {kinds.get(kind, kind)}" if kind else place


class Inspection(models.Model):
    """An on-site inspection (现场检查) of one product at one place, judged against the category checklist."""

    plan = models.ForeignKey(
        InspectionPlan,
        verbose_name=_("抽查计划"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspections",
    )
    target = models.ForeignKey(
        PlanTarget,
        verbose_name=_("抽查对象"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspections",
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("专项行动"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        verbose_name=_("被检查单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject_name = models.CharField(verbose_name=_("被检查单位名称"), max_length=200)
    place = models.CharField(verbose_name=_("检查地点"), max_length=255)
    division = models.ForeignKey(
        "core.Division", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "core.Department", verbose_name=_("检查部门"), on_delete=models.PROTECT, related_name="+"
    )
    domain = models.CharField(verbose_name=_("领域"), max_length=16, choices=Domain.choices)
    category = models.ForeignKey(
        "catalog.ProductCategory", verbose_name=_("产品类别"), on_delete=models.PROTECT, related_name="+"
    )
    product_name = models.CharField(verbose_name=_("产品名称"), max_length=200)
    brand = models.CharField(verbose_name=_("商标"), max_length=100, blank=True)
    model = models.CharField(verbose_name=_("规格型号"), max_length=100, blank=True)
    batch_no = models.CharField(verbose_name=_("批号/生产日期"), max_length=64, blank=True)
    origin = models.CharField(verbose_name=_("生产企业/产地"), max_length=200, blank=True)
    quantity = models.DecimalField(
        verbose_name=_("现场数量"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(verbose_name=_("单位"), max_length=16, blank=True, default="个")
    identity_code = models.CharField(verbose_name=_("身份标识码"), max_length=40, blank=True)
    identity_code_ref = models.ForeignKey(
        "registry.IdentityCode",
        verbose_name=_("台账中的标识码"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verification = models.JSONField(verbose_name=_("扫码核验结果"), null=True, blank=True)
    eliminated_matches = models.JSONField(
        verbose_name=_("命中的明令淘汰/禁售产品"),
        default=list,
        blank=True,
        help_text=_(
            "记录时按产品名称、商标、型号（及扫码所得台账产品）比对明令淘汰产品目录的结果，含依据文件"
        ),
    )
    inspected_on = models.DateField(verbose_name=_("检查日期"), default=timezone.localdate, db_index=True)
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("检查人员"), blank=True, related_name="inspections"
    )
    judgment = models.CharField(
        verbose_name=_("判定"), max_length=12, choices=Judgment.choices, default=Judgment.PENDING
    )
    reason_codes = models.JSONField(verbose_name=_("判定理由"), default=list, blank=True)
    judgment_note = models.TextField(verbose_name=_("判定说明"), blank=True)
    judged_on = models.DateField(verbose_name=_("判定日期"), null=True, blank=True)
    serve_due_on = models.DateField(verbose_name=_("送达期限"), null=True, blank=True)
    served_on = models.DateField(verbose_name=_("送达日期"), null=True, blank=True)
    objection_on = models.DateField(verbose_name=_("提出异议日期"), null=True, blank=True)
    lab_send_due_on = models.DateField(verbose_name=_("送检期限"), null=True, blank=True)
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("案件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(verbose_name=_("备注"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("更新时间"), auto_now=True)

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("现场检查")
        verbose_name_plural = _("现场检查")
        ordering = ["-inspected_on", "-pk"]
        indexes = [models.Index(fields=["division", "inspected_on"], name="inspection_division_date_idx")]

    def __str__(self) -> str:
        return f"{self.inspected_on} {self.subject_name} {self.product_name}"


class InspectionCheck(models.Model):
    """The answer to one checklist item in one inspection."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("现场检查"), on_delete=models.CASCADE, related_name="checks"
    )
    item = models.ForeignKey(
        ChecklistItem, verbose_name=_("检查项目"), on_delete=models.PROTECT, related_name="+"
    )
    result = models.CharField(verbose_name=_("结果"), max_length=4, choices=CheckResult.choices)
    note = models.CharField(verbose_name=_("说明"), max_length=255, blank=True)

    visibility_division_field = "inspection__division"

    class Meta:
        verbose_name = _("检查项目结果")
        verbose_name_plural = _("检查项目结果")
        ordering = ["inspection", "item__sort"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "item"], name="inspection_check_unique_item")
        ]

    def __str__(self) -> str:
        return f"{self.item.code}: {self.get_result_display()}"


class Sample(models.Model):
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
    created_at = models.DateTimeField(verbose_name=_("创建时间"), auto_now_add=True)

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


# ------------------------------------------------------------------ fire investigations (火灾延伸调查)


class FireInvestigation(models.Model):
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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=_("登记时间"), auto_now_add=True)

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


# ------------------------------------------------------------------ ledger checks (进销货台账)


class LedgerCheck(models.Model):
    """The check of a seller's purchase and sales ledger (进销货台账) made during an inspection."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("现场检查"), on_delete=models.CASCADE, related_name="ledger_checks"
    )
    checked_on = models.DateField(verbose_name=_("检查日期"), default=timezone.localdate)
    ledger_kept = models.BooleanField(verbose_name=_("建立进销货台账"), default=True)
    period = models.CharField(verbose_name=_("查验期间"), max_length=100, blank=True)
    note = models.TextField(verbose_name=_("说明"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=_("记录时间"), auto_now_add=True)

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
        from .extension_choices import LedgerProblem

        return [str(LedgerProblem(p).label) if p in LedgerProblem.values else p for p in self.problems]
