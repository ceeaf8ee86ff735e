"""Report templates as data (rows with a label, a unit and a metric), monthly reports with their
submission workflow, and audited manual adjustments."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhenwei.core.models import Created, CreatedAt

from .choices import Column, ReportSource, ReportStatus, RowKind, Unit


class ReportTemplate(models.Model):
    """A paper form (报表) described as data; built-in ones are seeded by a data migration."""

    slug = models.SlugField(verbose_name=_("代码"), max_length=60, unique=True)
    title = models.CharField(verbose_name=_("表名"), max_length=200)
    description = models.TextField(verbose_name=_("说明"), blank=True)
    source = models.CharField(verbose_name=_("依据"), max_length=200, blank=True)
    has_cumulative = models.BooleanField(verbose_name=_("含累计数据"), default=True)
    is_active = models.BooleanField(verbose_name=_("启用"), default=True)

    class Meta:
        verbose_name = _("报表模板")
        verbose_name_plural = _("报表模板")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title


class TemplateRow(models.Model):
    """One line of a form: category / subcategory as printed in the merged left columns, the item, its
    unit and the metric that computes it (or a free-text answer)."""

    template = models.ForeignKey(
        ReportTemplate, verbose_name=_("模板"), on_delete=models.CASCADE, related_name="rows"
    )
    sort = models.PositiveSmallIntegerField(verbose_name=_("行序"))
    code = models.SlugField(verbose_name=_("行代码"), max_length=40)
    kind = models.CharField(
        verbose_name=_("类型"), max_length=10, choices=RowKind.choices, default=RowKind.NUMBER
    )
    section = models.CharField(verbose_name=_("类别"), max_length=100, blank=True)
    group = models.CharField(verbose_name=_("分项"), max_length=100, blank=True)
    label = models.CharField(verbose_name=_("项目"), max_length=200)
    unit = models.CharField(verbose_name=_("单位"), max_length=8, choices=Unit.choices, blank=True)
    metric = models.CharField(verbose_name=_("指标"), max_length=100, blank=True)
    hint = models.CharField(verbose_name=_("填报说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("报表行")
        verbose_name_plural = _("报表行")
        ordering = ["template", "sort"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="row_unique_code"),
            models.UniqueConstraint(fields=["template", "sort"], name="row_unique_sort"),
        ]

    def __str__(self) -> str:
        return f"{self.label}（{self.unit}）" if self.unit else self.label


class MonthlyReport(CreatedAt):
    """A division's monthly report on one template: computed live while a draft, frozen when
    submitted; divisions not on the platform upload their filled-in form instead. With a
    ``department``: one member department's own column (seed 004: 各部门每月5号前报送)."""

    template = models.ForeignKey(
        ReportTemplate, verbose_name=_("模板"), on_delete=models.PROTECT, related_name="reports"
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("专项行动"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    division = models.ForeignKey(
        "core.Division", verbose_name=_("填报单位"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "core.Department",
        verbose_name=_("填报部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("成员部门的分部门报表；为空时为本区划的报表"),
    )
    month = models.DateField(verbose_name=_("月份"), help_text=_("该月第一天"))
    status = models.CharField(
        verbose_name=_("状态"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    source = models.CharField(
        verbose_name=_("数据来源"), max_length=16, choices=ReportSource.choices, default=ReportSource.PLATFORM
    )
    texts = models.JSONField(verbose_name=_("文字内容"), default=dict, blank=True)
    values = models.JSONField(
        verbose_name=_("报送数值"),
        default=dict,
        blank=True,
        help_text=_("{行代码: {month: 数, cumulative: 数}}；报送时冻结，上传报表时为上传数值"),
    )
    preparer = models.CharField(verbose_name=_("填表人"), max_length=64, blank=True)
    preparer_phone = models.CharField(verbose_name=_("联系电话"), max_length=40, blank=True)
    upload = models.ForeignKey(
        "core.EvidenceFile",
        verbose_name=_("上传文件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(verbose_name=_("报送时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(verbose_name=_("审核时间"), null=True, blank=True)
    return_reason = models.TextField(verbose_name=_("退回理由"), blank=True)

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("月报")
        verbose_name_plural = _("月报")
        ordering = ["-month", "division__code"]
        # One division report and one report per member department for each template and month;
        # two conditional constraints, as NULL department values are distinct to a plain one.
        constraints = [
            models.UniqueConstraint(
                fields=["template", "division", "month"],
                condition=models.Q(department__isnull=True),
                name="report_unique_template_division_month",
            ),
            models.UniqueConstraint(
                fields=["template", "division", "department", "month"],
                condition=models.Q(department__isnull=False),
                name="report_unique_template_division_department_month",
            ),
        ]

    def __str__(self) -> str:
        unit = f"{self.division} {self.department}" if self.department_id else f"{self.division}"
        return f"{unit} {self.month:%Y-%m} {self.template}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        args = [self.template.slug, self.division.code, f"{self.month:%Y-%m}"]
        if self.department_id:
            return reverse("reports:department", args=[*args, self.department_id])
        return reverse("reports:form", args=args)


class ReportAdjustment(Created):
    """A manual correction of one cell, with its written reason; shown beside the computed value.
    Who made it and when are its ``created_by`` / ``created_at`` (the record is the adjustment)."""

    report = models.ForeignKey(
        MonthlyReport, verbose_name=_("月报"), on_delete=models.CASCADE, related_name="adjustments"
    )
    row_code = models.SlugField(verbose_name=_("行代码"), max_length=40)
    column = models.CharField(verbose_name=_("栏目"), max_length=12, choices=Column.choices)
    computed = models.DecimalField(
        verbose_name=_("计算值"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    value = models.DecimalField(verbose_name=_("调整值"), max_digits=16, decimal_places=4)
    reason = models.TextField(verbose_name=_("调整理由"))

    visibility_division_field = "report__division"

    class Meta:
        verbose_name = _("人工调整")
        verbose_name_plural = _("人工调整")
        ordering = ["report", "row_code", "column", "-created_at"]

    def __str__(self) -> str:
        return f"{self.row_code}/{self.column} → {self.value}"
