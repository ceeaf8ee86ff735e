"""Clues (线索) and, built on them, cases (案件): actions, timeline, escalations, deadline rules."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhenwei.catalog.choices import Domain
from zhenwei.core.deadlines import is_overdue
from zhenwei.core.models import Stamped

from .choices import (
    ActionKind,
    ActionStatus,
    CaseKind,
    CaseStatus,
    ClueSource,
    ClueStatus,
    CoordinationLevel,
    DeadlineCode,
    EventKind,
    PoliceDecision,
)


class Clue(Stamped):
    """A lead to be triaged into a case or closed with a reason; every source opens one the same way."""

    source = models.CharField(verbose_name=_("来源"), max_length=16, choices=ClueSource.choices)
    title = models.CharField(verbose_name=_("标题"), max_length=200)
    description = models.TextField(verbose_name=_("情况"), blank=True)
    category = models.ForeignKey(
        "catalog.ProductCategory",
        verbose_name=_("类别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    division = models.ForeignKey(
        "core.Division", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "core.Department",
        verbose_name=_("承办部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="clues",
    )
    status = models.CharField(
        verbose_name=_("状态"), max_length=16, choices=ClueStatus.choices, default=ClueStatus.NEW
    )
    closed_reason = models.TextField(verbose_name=_("了结理由"), blank=True)
    source_type = models.ForeignKey(
        ContentType,
        verbose_name=_("来源对象类型"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_id = models.PositiveBigIntegerField(verbose_name=_("来源对象编号"), null=True, blank=True)
    source_object = GenericForeignKey("source_type", "source_id")
    dedupe_key = models.CharField(
        verbose_name=_("去重键"),
        max_length=200,
        blank=True,
        db_index=True,
        help_text=_("同一事项（如同一可疑编码）只开一条未了结线索"),
    )
    domain = models.CharField(verbose_name=_("领域"), max_length=16, choices=Domain.choices, blank=True)
    triaged_at = models.DateTimeField(verbose_name=_("研判时间"), null=True, blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("研判人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Stamped's created_at, indexed: the clue list is ordered by it.
    created_at = models.DateTimeField(verbose_name=_("登记时间"), auto_now_add=True, db_index=True)

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("线索")
        verbose_name_plural = _("线索")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Case(Stamped):
    """A case (案件) handled to the end: actions, transfers and a timeline; closed only when done."""

    number = models.CharField(verbose_name=_("案件编号"), max_length=40, unique=True)
    title = models.CharField(verbose_name=_("案由"), max_length=200)
    kind = models.CharField(verbose_name=_("案件类型"), max_length=20, choices=CaseKind.choices)
    source = models.CharField(verbose_name=_("来源"), max_length=16, choices=ClueSource.choices)
    clue = models.OneToOneField(
        Clue, verbose_name=_("线索"), null=True, blank=True, on_delete=models.PROTECT, related_name="case"
    )
    source_type = models.ForeignKey(
        ContentType,
        verbose_name=_("来源对象类型"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_id = models.PositiveBigIntegerField(verbose_name=_("来源对象编号"), null=True, blank=True)
    source_object = GenericForeignKey("source_type", "source_id")
    category = models.ForeignKey(
        "catalog.ProductCategory",
        verbose_name=_("产品类别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    domain = models.CharField(verbose_name=_("领域"), max_length=16, choices=Domain.choices, blank=True)
    division = models.ForeignKey(
        "core.Division", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "core.Department", verbose_name=_("承办部门"), on_delete=models.PROTECT, related_name="cases"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases_owned",
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        verbose_name=_("当事单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    party_name = models.CharField(verbose_name=_("当事人"), max_length=200, blank=True)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("专项行动"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = models.TextField(verbose_name=_("简要案情"), blank=True)
    status = models.CharField(
        verbose_name=_("状态"),
        max_length=16,
        choices=CaseStatus.choices,
        default=CaseStatus.REGISTERED,
        db_index=True,
    )
    coordination_level = models.CharField(
        verbose_name=_("协调层级"),
        max_length=16,
        choices=CoordinationLevel.choices,
        default=CoordinationLevel.LOCAL,
    )
    opened_on = models.DateField(verbose_name=_("立案日期"), default=timezone.localdate, db_index=True)
    due_on = models.DateField(verbose_name=_("办理期限"), null=True, blank=True)
    closed_on = models.DateField(verbose_name=_("结案日期"), null=True, blank=True, db_index=True)
    close_note = models.TextField(verbose_name=_("结案（撤销）说明"), blank=True)

    # Sealed by the audit trail (issue 14): the last audit row of a case records the keyed hash of
    # these fields; `zhenwei audit verify` names a case whose stored values differ. Left out:
    # coordination_level (derived from the audited shares), the timestamps, and foreign keys that a
    # delete elsewhere sets to NULL (owner, campaign, source_type): no audit row about the case.
    audit_sealed_fields = (
        "number",
        "title",
        "kind",
        "source",
        "clue_id",
        "source_id",
        "category_id",
        "domain",
        "division_id",
        "department_id",
        "enterprise_id",
        "party_name",
        "summary",
        "status",
        "opened_on",
        "due_on",
        "closed_on",
        "close_note",
    )

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("案件")
        verbose_name_plural = _("案件")
        ordering = ["-opened_on", "-pk"]
        indexes = [models.Index(fields=["division", "opened_on"], name="case_division_opened_idx")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def status_group(self) -> str:
        from .workflow import group_of

        return group_of(self.status)

    @property
    def overdue(self) -> bool:
        """The handling deadline (办理期限) passed while the case is still open (core.deadlines' rule)."""
        return is_overdue(self.due_on, done=self.status_group == "closed")


class CaseAction(Stamped):
    """One measure taken in a case, with owner, due date, outcome and the figures the reports count."""

    case = models.ForeignKey(Case, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(verbose_name=_("措施"), max_length=20, choices=ActionKind.choices)
    title = models.CharField(verbose_name=_("事项"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("关联措施"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        help_text=_("复查对应的责令改正；流向地核查对应的流向追溯"),
    )
    status = models.CharField(
        verbose_name=_("状态"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case_actions",
    )
    department = models.ForeignKey(
        "core.Department",
        verbose_name=_("责任部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    division = models.ForeignKey(
        "core.Division",
        verbose_name=_("办理地"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("流向地核查等在外地办理的事项"),
    )
    place = models.CharField(verbose_name=_("地点/对象"), max_length=255, blank=True)
    due_on = models.DateField(verbose_name=_("期限"), null=True, blank=True)
    done_on = models.DateField(verbose_name=_("完成日期"), null=True, blank=True, db_index=True)
    document_number = models.CharField(verbose_name=_("文书编号"), max_length=100, blank=True)
    outcome = models.TextField(verbose_name=_("结果"), blank=True)
    recheck_passed = models.BooleanField(verbose_name=_("复查合格"), null=True, blank=True)
    fine_yuan = models.DecimalField(
        verbose_name=_("罚款（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    confiscated_yuan = models.DecimalField(
        verbose_name=_("没收违法所得（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    goods_value_yuan = models.DecimalField(
        verbose_name=_("涉案货值（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    quantity_seized = models.DecimalField(
        verbose_name=_("查封扣押数量"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    quantity_recalled = models.DecimalField(
        verbose_name=_("召回数量"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    quantity_destroyed = models.DecimalField(
        verbose_name=_("销毁数量"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(verbose_name=_("计量单位"), max_length=16, blank=True)
    suspension_days = models.PositiveIntegerField(verbose_name=_("停产整顿天数"), null=True, blank=True)
    recipient = models.CharField(verbose_name=_("函告/移送对象"), max_length=200, blank=True)
    police_department = models.ForeignKey(
        "core.Department",
        verbose_name=_("接收公安机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    police_received_on = models.DateField(verbose_name=_("公安回执日期"), null=True, blank=True)
    police_decision = models.CharField(
        verbose_name=_("公安立案决定"), max_length=12, choices=PoliceDecision.choices, blank=True
    )
    police_decision_on = models.DateField(verbose_name=_("决定日期"), null=True, blank=True)
    police_case_number = models.CharField(verbose_name=_("刑事案件编号"), max_length=100, blank=True)
    share = models.ForeignKey(
        "core.Share",
        verbose_name=_("移交记录"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    visibility_division_field = "case__division"

    class Meta:
        verbose_name = _("处置措施")
        verbose_name_plural = _("处置措施")
        ordering = ["case", "created_at", "pk"]
        indexes = [models.Index(fields=["owner", "status", "due_on"], name="caseaction_mywork_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.title}".strip()

    @property
    def is_open(self) -> bool:
        return self.status == ActionStatus.OPEN

    @property
    def overdue(self) -> bool:
        return is_overdue(self.due_on, done=not self.is_open)


class CaseEvent(models.Model):
    """One line of a case's timeline (立案、措施、移交、签收、状态变更…)."""

    case = models.ForeignKey(Case, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(verbose_name=_("类型"), max_length=20, choices=EventKind.choices)
    at = models.DateTimeField(verbose_name=_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_repr = models.CharField(verbose_name=_("操作人名称"), max_length=150, blank=True)
    from_status = models.CharField(verbose_name=_("原状态"), max_length=16, blank=True)
    to_status = models.CharField(verbose_name=_("新状态"), max_length=16, blank=True)
    action = models.ForeignKey(
        CaseAction,
        verbose_name=_("措施"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    note = models.TextField(verbose_name=_("说明"), blank=True)

    visibility_division_field = "case__division"

    class Meta:
        verbose_name = _("案件时间线")
        verbose_name_plural = _("案件时间线")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_kind_display()}"


class ShareEscalation(models.Model):
    """An unacknowledged transfer escalated to a campaign office (or flagged for the ministry)."""

    share = models.OneToOneField(
        "core.Share", verbose_name=_("移交记录"), on_delete=models.CASCADE, related_name="escalation"
    )
    escalated_to = models.ForeignKey(
        "core.Department",
        verbose_name=_("升级至"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.CharField(verbose_name=_("协调层级"), max_length=16, choices=CoordinationLevel.choices)
    flagged_for_ministry = models.BooleanField(verbose_name=_("报部级协调"), default=False)
    division = models.ForeignKey(
        "core.Division", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+"
    )
    working_days_overdue = models.PositiveIntegerField(verbose_name=_("逾期工作日"), default=0)
    at = models.DateTimeField(verbose_name=_("升级时间"), default=timezone.now)

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("移交升级")
        verbose_name_plural = _("移交升级")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.share_id} → {self.escalated_to or self.get_level_display()}"


class DeadlineRule(models.Model):
    """A deadline in working days, kept as data so administrators can adjust it (audited in the admin)."""

    code = models.CharField(verbose_name=_("期限"), max_length=32, choices=DeadlineCode.choices, unique=True)
    working_days = models.PositiveIntegerField(verbose_name=_("工作日数"))
    basis = models.CharField(verbose_name=_("依据"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("期限规则")
        verbose_name_plural = _("期限规则")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.get_code_display()}：{self.working_days} 个工作日"
