"""Joint work across departments (同向发力、齐抓共管): meetings and their decisions, concentrated and
joint actions with the records linked to them, destruction events, the publicity ledger and urgent
reports."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhenwei.core.deadlines import is_overdue
from zhenwei.core.models import Created, UpdatedAt

from .choices import (
    OPEN_DECISION_STATUSES,
    ActionKind,
    DecisionStatus,
    MeetingKind,
    PublicityKind,
    TargetKind,
    UrgentReportStatus,
)


class Meeting(Created):
    """A joint meeting (联席会议) or consultation (会商研判) of a campaign."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("专项行动"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(
        verbose_name=_("会议类型"),
        max_length=20,
        choices=MeetingKind.choices,
        default=MeetingKind.JOINT_MEETING,
    )
    title = models.CharField(verbose_name=_("会议名称"), max_length=200)
    convening_department = models.ForeignKey(
        "core.Department", verbose_name=_("召集部门"), on_delete=models.PROTECT, related_name="+"
    )
    division = models.ForeignKey(
        "core.Division", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField(verbose_name=_("会议日期"), db_index=True)
    start_time = models.TimeField(verbose_name=_("开始时间"), null=True, blank=True)
    place = models.CharField(verbose_name=_("会议地点"), max_length=200)
    chair = models.CharField(verbose_name=_("主持人"), max_length=100, blank=True)
    attending_departments = models.ManyToManyField(
        "core.Department", verbose_name=_("出席单位"), blank=True, related_name="+"
    )
    attendees = models.TextField(
        verbose_name=_("出席人员"), blank=True, help_text=_("每行一人：姓名 单位 职务")
    )
    topics = models.TextField(verbose_name=_("会议议题"), blank=True, help_text=_("每行一个议题"))
    summary = models.TextField(verbose_name=_("会议情况"), blank=True)
    recorder = models.CharField(verbose_name=_("记录人"), max_length=64, blank=True)

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("联席会议")
        verbose_name_plural = _("联席会议")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.title}"

    @property
    def topic_list(self) -> list[str]:
        return [t.strip() for t in self.topics.splitlines() if t.strip()]

    @property
    def attendee_list(self) -> list[str]:
        return [t.strip() for t in self.attendees.splitlines() if t.strip()]


class Decision(UpdatedAt):
    """One decision of a meeting (会议议定事项): a task for an owner department with a due date.

    It lives in the owner department's division, so the owner sees it and the convening office above
    sees it too."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="decisions"
    )
    seq = models.PositiveIntegerField(verbose_name=_("序号"))
    text = models.TextField(verbose_name=_("议定事项"))
    owner_department = models.ForeignKey(
        "core.Department", verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="+"
    )
    cooperating_departments = models.ManyToManyField(
        "core.Department", verbose_name=_("配合单位"), blank=True, related_name="+"
    )
    due_on = models.DateField(verbose_name=_("完成时限"), db_index=True)
    status = models.CharField(
        verbose_name=_("状态"), max_length=16, choices=DecisionStatus.choices, default=DecisionStatus.OPEN
    )
    progress_note = models.TextField(verbose_name=_("落实情况"), blank=True)
    done_on = models.DateField(verbose_name=_("办结日期"), null=True, blank=True)

    visibility_division_field = "owner_department__division"

    class Meta:
        verbose_name = _("会议议定事项")
        verbose_name_plural = _("会议议定事项")
        ordering = ["meeting", "seq"]
        constraints = [models.UniqueConstraint(fields=["meeting", "seq"], name="decision_unique_seq")]

    def __str__(self) -> str:
        return f"{self.meeting.title}（{self.seq}）{self.text[:40]}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_DECISION_STATUSES

    @property
    def is_overdue(self) -> bool:
        return is_overdue(self.due_on, done=not self.is_open)


class JointAction(Created):
    """A concentrated action (集中行动) or joint enforcement (联合执法); its results are computed from the
    inspections, cases and seizures linked to it."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("专项行动"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(
        verbose_name=_("行动类型"), max_length=20, choices=ActionKind.choices, default=ActionKind.CONCENTRATED
    )
    title = models.CharField(verbose_name=_("行动名称"), max_length=200)
    lead_department = models.ForeignKey(
        "core.Department", verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="+"
    )
    division = models.ForeignKey(
        "core.Division", verbose_name=_("组织区划"), on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField(verbose_name=_("开始日期"), db_index=True)
    ends_on = models.DateField(verbose_name=_("结束日期"))
    participating_departments = models.ManyToManyField(
        "core.Department", verbose_name=_("参加单位"), blank=True, related_name="+"
    )
    divisions = models.ManyToManyField(
        "core.Division", verbose_name=_("行动区域"), blank=True, related_name="+"
    )
    target_kinds = models.JSONField(verbose_name=_("检查对象类型"), default=list, blank=True)
    description = models.TextField(verbose_name=_("行动部署"), blank=True)
    officers_deployed = models.PositiveIntegerField(
        verbose_name=_("出动执法人员（人次）"), null=True, blank=True
    )

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("集中行动/联合执法")
        verbose_name_plural = _("集中行动/联合执法")
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def target_kind_labels(self) -> list[str]:
        """The kinds of targets as labels (批发市场/商场), not their codes."""
        labels = dict(TargetKind.choices)
        return [str(labels.get(k, k)) for k in self.target_kinds or []]


class ActionRecord(models.Model):
    """A record found during an action (inspection, case, case measure such as a seizure or a transfer to
    the police), linked so that the action's results add up from the records themselves."""

    action = models.ForeignKey(
        JointAction, verbose_name=_("行动"), on_delete=models.CASCADE, related_name="records"
    )
    content_type = models.ForeignKey(ContentType, verbose_name=_("记录类型"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(verbose_name=_("记录编号"))
    record = GenericForeignKey("content_type", "object_id")
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("关联人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    linked_at = models.DateTimeField(verbose_name=_("关联时间"), auto_now_add=True)
    note = models.CharField(verbose_name=_("说明"), max_length=200, blank=True)

    visibility_division_field = "action__division"

    class Meta:
        verbose_name = _("行动关联记录")
        verbose_name_plural = _("行动关联记录")
        ordering = ["action", "content_type", "object_id"]
        constraints = [
            models.UniqueConstraint(fields=["action", "content_type", "object_id"], name="action_record_once")
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="action_record_target_idx")]

    def __str__(self) -> str:
        return f"{self.action_id} ← {self.content_type.model}#{self.object_id}"


class DestructionEvent(Created):
    """A destruction event (集中销毁) of seized goods, with witnesses and photos (evidence files)."""

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("专项行动"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.ForeignKey(
        JointAction,
        verbose_name=_("所属行动"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="destructions",
    )
    title = models.CharField(verbose_name=_("名称"), max_length=200)
    organiser = models.ForeignKey(
        "core.Department", verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="+"
    )
    division = models.ForeignKey(
        "core.Division", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField(verbose_name=_("销毁日期"), db_index=True)
    place = models.CharField(verbose_name=_("销毁地点"), max_length=200)
    method = models.CharField(verbose_name=_("销毁方式"), max_length=100, blank=True)
    witnesses = models.TextField(verbose_name=_("监销人员"), blank=True, help_text=_("每行一人：姓名 单位"))
    description = models.TextField(verbose_name=_("情况说明"), blank=True)

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("集中销毁")
        verbose_name_plural = _("集中销毁")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def witness_list(self) -> list[str]:
        return [t.strip() for t in self.witnesses.splitlines() if t.strip()]


class DestructionItem(models.Model):
    """One kind of goods destroyed, its quantity and the case it was confiscated in."""

    event = models.ForeignKey(
        DestructionEvent, verbose_name=_("销毁活动"), on_delete=models.CASCADE, related_name="items"
    )
    goods = models.CharField(verbose_name=_("物品名称"), max_length=200)
    category = models.ForeignKey(
        "catalog.ProductCategory",
        verbose_name=_("产品类别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    quantity = models.DecimalField(verbose_name=_("数量"), max_digits=12, decimal_places=2)
    unit = models.CharField(verbose_name=_("单位"), max_length=16, default="件")
    value_yuan = models.DecimalField(
        verbose_name=_("货值（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("来源案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    visibility_division_field = "event__division"

    class Meta:
        verbose_name = _("销毁物品")
        verbose_name_plural = _("销毁物品")
        ordering = ["event", "pk"]

    def __str__(self) -> str:
        return f"{self.goods} {self.quantity}{self.unit}"


class PublicityActivity(Created):
    """One publicity activity (宣传活动) of the ledger; the report engine counts these rows."""

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("专项行动"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(
        verbose_name=_("形式"), max_length=20, choices=PublicityKind.choices, db_index=True
    )
    title = models.CharField(verbose_name=_("活动名称"), max_length=200)
    held_on = models.DateField(verbose_name=_("日期"), db_index=True)
    division = models.ForeignKey(
        "core.Division", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField(
        verbose_name=_("地点/渠道"), max_length=200, help_text=_("现场地点，或平台、媒体名称")
    )
    organiser = models.ForeignKey(
        "core.Department", verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="+"
    )
    audience = models.PositiveIntegerField(verbose_name=_("参与人数（人次）"), default=0)
    views = models.PositiveIntegerField(verbose_name=_("观看/阅读量"), default=0)
    materials_distributed = models.PositiveIntegerField(verbose_name=_("发放资料（份）"), default=0)
    description = models.TextField(verbose_name=_("内容摘要"), blank=True)

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("宣传活动")
        verbose_name_plural = _("宣传活动")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["division", "held_on"], name="publicity_division_date_idx")]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.title}"


class UrgentReport(models.Model):
    """An important matter reported at once (重要情况随时报送) to the campaign office and the level above."""

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("专项行动"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(verbose_name=_("标题"), max_length=200)
    body = models.TextField(verbose_name=_("情况"))
    occurred_on = models.DateField(verbose_name=_("发生日期"), null=True, blank=True)
    reporting_department = models.ForeignKey(
        "core.Department", verbose_name=_("报送单位"), on_delete=models.PROTECT, related_name="+"
    )
    division = models.ForeignKey(
        "core.Division", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        verbose_name=_("状态"),
        max_length=16,
        choices=UrgentReportStatus.choices,
        default=UrgentReportStatus.AWAITING,
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reported_at = models.DateTimeField(verbose_name=_("报送时间"), default=timezone.now, db_index=True)

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("重要情况报送")
        verbose_name_plural = _("重要情况报送")
        ordering = ["-reported_at"]

    def __str__(self) -> str:
        return self.title


class UrgentReportRecipient(models.Model):
    """One department an urgent report went to, and its acknowledgement (签收)."""

    report = models.ForeignKey(
        UrgentReport, verbose_name=_("报送"), on_delete=models.CASCADE, related_name="recipients"
    )
    department = models.ForeignKey(
        "core.Department", verbose_name=_("接收单位"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(verbose_name=_("接收原因"), max_length=100, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签收人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(verbose_name=_("签收时间"), null=True, blank=True)
    note = models.CharField(verbose_name=_("签收意见"), max_length=255, blank=True)

    visibility_division_field = "report__division"

    class Meta:
        verbose_name = _("报送接收单位")
        verbose_name_plural = _("报送接收单位")
        ordering = ["report", "pk"]
        constraints = [models.UniqueConstraint(fields=["report", "department"], name="urgent_recipient_once")]

    def __str__(self) -> str:
        return f"{self.report_id} → {self.department}"
