"""Random-inspection plans (双随机): the inspector pool, declared conflicts, plans and their drawn targets."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhenwei.catalog.choices import Domain
from zhenwei.core.models import Created

from ..choices import PlanStatus


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


class InspectionPlan(Created):
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
