"""On-site inspections (现场检查): the category checklist, the inspection and its answers."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhenwei.catalog.choices import Domain
from zhenwei.core.models import Stamped

from ..choices import ChecklistGroup, CheckResult, Judgment
from .plans import InspectionPlan, PlanTarget


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


class Inspection(Stamped):
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
