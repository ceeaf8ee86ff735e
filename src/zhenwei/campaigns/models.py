"""Campaigns (专项行动 / 专项整治): issuing document, phases, leading group, liaisons, task matrix and
reporting duties."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhenwei.core.models import Created, CreatedAt, UpdatedAt

from .checks_choices import CheckSource
from .choices import CampaignKind, DutyKind, GroupRole, PhaseKind, SubmissionStatus, TaskStatus


class Campaign(CreatedAt):
    """A campaign issued by a government body for a division and period."""

    title = models.CharField(verbose_name=_("名称"), max_length=200)
    kind = models.CharField(verbose_name=_("类型"), max_length=32, choices=CampaignKind.choices)
    doc_title = models.CharField(verbose_name=_("文件标题"), max_length=255, blank=True)
    doc_number = models.CharField(verbose_name=_("文号"), max_length=64, blank=True)
    issuing_body = models.CharField(verbose_name=_("印发机关"), max_length=200, blank=True)
    issued_on = models.DateField(verbose_name=_("印发日期"), null=True, blank=True)
    division = models.ForeignKey(
        "core.Division", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+"
    )
    lead_department = models.ForeignKey(
        "core.Department",
        verbose_name=_("牵头部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_on = models.DateField(verbose_name=_("开始日期"))
    ends_on = models.DateField(verbose_name=_("结束日期"))
    goals = models.TextField(verbose_name=_("工作目标"), blank=True)
    report_template = models.SlugField(
        verbose_name=_("月报表模板"),
        max_length=60,
        blank=True,
        help_text=_("统计报表模板代码，如 cert-campaign-monthly"),
    )
    office_contact = models.CharField(verbose_name=_("办公室联系人及电话"), max_length=200, blank=True)

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("专项行动")
        verbose_name_plural = _("专项行动")
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return self.title


class CampaignPhase(models.Model):
    """A stage of a campaign with its dates (动员部署 / 专项整治 / 巩固提升)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("专项行动"), on_delete=models.CASCADE, related_name="phases"
    )
    sort = models.PositiveSmallIntegerField(verbose_name=_("序号"), default=1)
    kind = models.CharField(verbose_name=_("阶段类型"), max_length=16, choices=PhaseKind.choices)
    name = models.CharField(verbose_name=_("阶段名称"), max_length=100)
    starts_on = models.DateField(verbose_name=_("开始日期"))
    ends_on = models.DateField(verbose_name=_("结束日期"))
    description = models.TextField(verbose_name=_("工作内容"), blank=True)

    visibility_division_field = "campaign__division"

    class Meta:
        verbose_name = _("工作阶段")
        verbose_name_plural = _("工作阶段")
        ordering = ["campaign", "sort"]
        constraints = [models.UniqueConstraint(fields=["campaign", "sort"], name="phase_unique_sort")]

    def __str__(self) -> str:
        return self.name


class LeadingGroupMember(models.Model):
    """A post in the campaign's leading group or its office (组长, 副组长, 成员, 办公室主任)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("专项行动"), on_delete=models.CASCADE, related_name="group_members"
    )
    role = models.CharField(verbose_name=_("职务"), max_length=20, choices=GroupRole.choices)
    sort = models.PositiveSmallIntegerField(verbose_name=_("排序"), default=1)
    name = models.CharField(verbose_name=_("姓名"), max_length=64)
    post = models.CharField(verbose_name=_("单位及职务"), max_length=200, blank=True)
    department = models.ForeignKey(
        "core.Department",
        verbose_name=_("所在部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    visibility_division_field = "campaign__division"

    class Meta:
        verbose_name = _("领导小组成员")
        verbose_name_plural = _("领导小组成员")
        ordering = ["campaign", "sort"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.name}"


class Liaison(models.Model):
    """One row of the liaison list (联络员基本信息表, seed 002 annex 2) for a participating unit."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("专项行动"), on_delete=models.CASCADE, related_name="liaisons"
    )
    sort = models.PositiveSmallIntegerField(verbose_name=_("序号"), default=1)
    unit = models.CharField(verbose_name=_("单位"), max_length=200)
    department = models.ForeignKey(
        "core.Department",
        verbose_name=_("平台部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    division = models.ForeignKey(
        "core.Division", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(verbose_name=_("姓名"), max_length=64)
    post = models.CharField(verbose_name=_("部门及职务"), max_length=200, blank=True)
    phone = models.CharField(verbose_name=_("电话(传真)"), max_length=60, blank=True)
    mobile = models.CharField(verbose_name=_("手机号"), max_length=20, blank=True)
    notes = models.CharField(verbose_name=_("备注"), max_length=200, blank=True)

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("联络员")
        verbose_name_plural = _("联络员")
        ordering = ["campaign", "sort"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit", "name"], name="liaison_unique_unit_name")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.name}"


class CampaignTask(models.Model):
    """A task of the campaign (重点任务) with its lead and cooperating departments (牵头 / 配合)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("专项行动"), on_delete=models.CASCADE, related_name="tasks"
    )
    sort = models.PositiveSmallIntegerField(verbose_name=_("序号"), default=1)
    title = models.CharField(verbose_name=_("任务"), max_length=200)
    description = models.TextField(verbose_name=_("任务内容"), blank=True)
    category = models.ForeignKey(
        "catalog.ProductCategory",
        verbose_name=_("产品领域"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lead_department = models.ForeignKey(
        "core.Department", verbose_name=_("牵头部门"), on_delete=models.PROTECT, related_name="+"
    )
    cooperating_departments = models.ManyToManyField(
        "core.Department", verbose_name=_("配合部门"), blank=True, related_name="+"
    )
    due_on = models.DateField(verbose_name=_("完成时限"), null=True, blank=True)

    visibility_division_field = "campaign__division"

    class Meta:
        verbose_name = _("重点任务")
        verbose_name_plural = _("重点任务")
        ordering = ["campaign", "sort"]
        constraints = [models.UniqueConstraint(fields=["campaign", "sort"], name="task_unique_sort")]

    def __str__(self) -> str:
        return self.title


class TaskAssignment(UpdatedAt):
    """A task in one division (任务 × 区划): its state and the evidence of what was done."""

    task = models.ForeignKey(
        CampaignTask, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="assignments"
    )
    division = models.ForeignKey(
        "core.Division", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        verbose_name=_("状态"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.PENDING
    )
    progress = models.TextField(verbose_name=_("进展情况"), blank=True)
    evidence = models.TextField(
        verbose_name=_("佐证材料"), blank=True, help_text=_("文件名称、文号、检查记录编号等；完成时必填")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("更新人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("任务落实")
        verbose_name_plural = _("任务落实")
        ordering = ["task__sort", "division__code"]
        constraints = [
            models.UniqueConstraint(fields=["task", "division"], name="assignment_unique_task_division")
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.division}"


class ReportingDuty(models.Model):
    """Which unit reports what to the campaign office, and when (信息报送): monthly by a day of the
    next month, or once by a date (实施方案, 联络员信息表, 总结)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("专项行动"), on_delete=models.CASCADE, related_name="duties"
    )
    kind = models.CharField(verbose_name=_("报送内容"), max_length=20, choices=DutyKind.choices)
    title = models.CharField(verbose_name=_("名称"), max_length=200)
    division = models.ForeignKey(
        "core.Division", verbose_name=_("报送单位区划"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "core.Department",
        verbose_name=_("报送部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    template = models.SlugField(verbose_name=_("报表模板"), max_length=60, blank=True)
    day_of_month = models.PositiveSmallIntegerField(
        verbose_name=_("每月报送日"), null=True, blank=True, help_text=_("月报：次月几日前报送上月情况")
    )
    first_month = models.DateField(verbose_name=_("首个报送月份"), null=True, blank=True)
    last_month = models.DateField(verbose_name=_("最后报送月份"), null=True, blank=True)
    due_on = models.DateField(verbose_name=_("报送期限"), null=True, blank=True)
    remind_days = models.PositiveSmallIntegerField(verbose_name=_("提前提醒天数"), default=3)

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("报送任务")
        verbose_name_plural = _("报送任务")
        ordering = ["campaign", "kind", "division__code"]

    def __str__(self) -> str:
        return f"{self.division} · {self.title}"


class DutySubmission(models.Model):
    """One version of a one-off duty's submission (方案, 联络员表, 总结) with its file and the receiving
    office's review; each resubmission is a new version, earlier ones are kept. Monthly reports live
    in reports."""

    duty = models.ForeignKey(
        ReportingDuty, verbose_name=_("报送任务"), on_delete=models.CASCADE, related_name="submissions"
    )
    version = models.PositiveSmallIntegerField(verbose_name=_("版本"), default=1)
    file = models.ForeignKey(
        "core.EvidenceFile",
        verbose_name=_("报送文件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        verbose_name=_("审核状态"),
        max_length=16,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.SUBMITTED,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(verbose_name=_("审核时间"), null=True, blank=True)
    review_reason = models.TextField(verbose_name=_("退回原因"), blank=True)
    note = models.TextField(verbose_name=_("说明"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(verbose_name=_("报送时间"))

    visibility_division_field = "duty__division"

    class Meta:
        verbose_name = _("报送记录")
        verbose_name_plural = _("报送记录")
        ordering = ["-submitted_at", "-version"]
        constraints = [models.UniqueConstraint(fields=["duty", "version"], name="submission_unique_version")]

    def __str__(self) -> str:
        return f"{self.duty} 第{self.version}版 @ {self.submitted_at:%Y-%m-%d}"


class CriticismNotice(Created):
    """A formal notice of criticism (通报) the campaign office issues to a unit that missed its
    duties (a town whose summary is overdue), numbered like 云安办通〔2026〕1号."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("专项行动"), on_delete=models.CASCADE, related_name="notices"
    )
    number = models.CharField(verbose_name=_("通报文号"), max_length=64, unique=True)
    title = models.CharField(verbose_name=_("标题"), max_length=200)
    issuing_division = models.ForeignKey(
        "core.Division", verbose_name=_("印发单位区划"), on_delete=models.PROTECT, related_name="+"
    )
    issuing_department = models.ForeignKey(
        "core.Department",
        verbose_name=_("印发部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_division = models.ForeignKey(
        "core.Division", verbose_name=_("被通报单位区划"), on_delete=models.PROTECT, related_name="+"
    )
    target_department = models.ForeignKey(
        "core.Department",
        verbose_name=_("被通报部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    duties = models.ManyToManyField(
        ReportingDuty, verbose_name=_("未落实的报送任务"), blank=True, related_name="notices"
    )
    text = models.TextField(verbose_name=_("通报内容"))
    issued_on = models.DateField(verbose_name=_("印发日期"))

    # The unit criticised sees its notice, and so does every office above it.
    visibility_division_field = "target_division"

    class Meta:
        verbose_name = _("通报")
        verbose_name_plural = _("通报")
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class EnterpriseSelfCheck(CreatedAt, UpdatedAt):
    """One self-check by an enterprise of its staff's certificates (自查自改: 逐人逐证核查), as recorded
    for the campaign: what was found and how it is put right. Many per enterprise over a campaign;
    feeds the 自查 rows of the monthly form."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("专项行动"), on_delete=models.CASCADE, related_name="self_checks"
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise", verbose_name=_("生产经营单位"), on_delete=models.PROTECT, related_name="+"
    )
    division = models.ForeignKey(
        "core.Division", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+"
    )
    checked_on = models.DateField(verbose_name=_("自查日期"), db_index=True)
    persons_checked = models.PositiveIntegerField(verbose_name=_("核查人数"), default=0)
    fake_found = models.PositiveIntegerField(verbose_name=_("发现假冒证件（人）"), default=0)
    expired_found = models.PositiveIntegerField(verbose_name=_("发现逾期证件（人）"), default=0)
    reported = models.PositiveIntegerField(verbose_name=_("上报处理（人）"), default=0)
    note = models.CharField(verbose_name=_("说明"), max_length=255, blank=True)
    measures = models.TextField(verbose_name=_("整改措施"), blank=True)
    rectify_by = models.DateField(verbose_name=_("整改期限"), null=True, blank=True)
    rectified_on = models.DateField(verbose_name=_("整改完成日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("企业自查")
        verbose_name_plural = _("企业自查")
        ordering = ["-checked_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.enterprise} 自查 {self.checked_on}"

    def rectification_status(self, today=None) -> str:
        """none (nothing to put right), open, overdue or done; see checks_choices.Rectification."""
        from django.utils import timezone

        if self.rectified_on:
            return "done"
        if not self.rectify_by:
            return "none"
        return "overdue" if self.rectify_by < (today or timezone.localdate()) else "open"


class CertificateCheck(CreatedAt, UpdatedAt):
    """An on-site law-enforcement check of certificate holding at an enterprise (持证上岗专项执法检查):
    fake, expired and missing certificates found, and what the employer was ordered to do. A check
    made from an uploaded staff list (逐人逐证) keeps its per-person rows and the result file; its
    counts are computed from the verdicts."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("专项行动"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificate_checks",
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise", verbose_name=_("生产经营单位"), on_delete=models.PROTECT, related_name="+"
    )
    division = models.ForeignKey(
        "core.Division", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "core.Department", verbose_name=_("检查部门"), on_delete=models.PROTECT, related_name="+"
    )
    checked_on = models.DateField(verbose_name=_("检查日期"), db_index=True)
    source = models.CharField(
        verbose_name=_("登记方式"),
        max_length=16,
        default="manual",
        choices=CheckSource.choices,
    )
    persons_checked = models.PositiveIntegerField(verbose_name=_("核查人数"), default=0)
    fake_found = models.PositiveIntegerField(verbose_name=_("发现假证（个）"), default=0)
    expired_found = models.PositiveIntegerField(verbose_name=_("逾期证件（个）"), default=0)
    missing_found = models.PositiveIntegerField(verbose_name=_("未持证（个）"), default=0)
    invalid_rows = models.PositiveIntegerField(verbose_name=_("数据有误（行）"), default=0)
    persons_reported = models.PositiveIntegerField(verbose_name=_("上报处理（人）"), default=0)
    ordered_to_rectify = models.BooleanField(verbose_name=_("责令整改"), default=False)
    suspended = models.BooleanField(verbose_name=_("停产整顿"), default=False)
    note = models.TextField(verbose_name=_("检查情况"), blank=True)
    source_name = models.CharField(verbose_name=_("上传文件名"), max_length=255, blank=True)
    result_file = models.ForeignKey(
        "core.EvidenceFile",
        verbose_name=_("核查结果文件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    clue = models.ForeignKey(
        "cases.Clue",
        verbose_name=_("线索"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("案件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("持证上岗检查")
        verbose_name_plural = _("持证上岗检查")
        ordering = ["-checked_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.checked_on}"


class CertificateCheckRow(models.Model):
    """One person of a check made from an uploaded staff list, with the bulk check's verdict."""

    check_record = models.ForeignKey(
        CertificateCheck, verbose_name=_("持证上岗检查"), on_delete=models.CASCADE, related_name="rows"
    )
    line = models.PositiveIntegerField(verbose_name=_("行号"))
    name = models.CharField(verbose_name=_("姓名"), max_length=64, blank=True)
    id_number = models.CharField(verbose_name=_("身份证号"), max_length=32, blank=True)
    certificate_number = models.CharField(verbose_name=_("证书编号"), max_length=64, blank=True)
    verdict = models.CharField(verbose_name=_("核查结论"), max_length=16)
    reason = models.CharField(verbose_name=_("说明"), max_length=255, blank=True)
    certificate_kind = models.CharField(verbose_name=_("证书类型"), max_length=64, blank=True)
    operation_item = models.CharField(verbose_name=_("准操项目"), max_length=200, blank=True)
    expires_on = models.DateField(verbose_name=_("有效期至"), null=True, blank=True)

    visibility_division_field = "check_record__division"

    class Meta:
        verbose_name = _("逐人核查结果")
        verbose_name_plural = _("逐人核查结果")
        ordering = ["check_record", "line"]

    def __str__(self) -> str:
        return f"{self.line} {self.name}"
