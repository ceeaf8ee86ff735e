"""Credit lists (严重违法失信名单、黑名单), public disclosures (公示、曝光) and education guides."""

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhenwei.core.models import CreatedAt, Stamped, UpdatedAt
from zhenwei.core.validators import validate_id_number, validate_uscc

from .choices import CreditStatus, DisclosureKind, GuideTopic, ListKind, SubjectKind


class CreditEntry(Stamped):
    """One subject put on a credit list by a decision, published for a period, possibly removed or
    repaired by later decisions. Its status follows from those dates (see status_on())."""

    list_kind = models.CharField(verbose_name=_("名单类别"), max_length=20, choices=ListKind.choices)
    subject_kind = models.CharField(
        verbose_name=_("主体类别"),
        max_length=16,
        choices=SubjectKind.choices,
        default=SubjectKind.LEGAL_PERSON,
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        verbose_name=_("生产经营单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject_name = models.CharField(verbose_name=_("主体名称"), max_length=200)
    subject_name_normalized = models.CharField(max_length=200, editable=False, db_index=True)
    credit_code = models.CharField(
        verbose_name=_("统一社会信用代码"), max_length=18, blank=True, validators=[validate_uscc]
    )
    id_number = models.CharField(
        verbose_name=_("身份证号码"), max_length=18, blank=True, validators=[validate_id_number]
    )
    legal_representative = models.CharField(verbose_name=_("法定代表人"), max_length=64, blank=True)
    reason = models.TextField(verbose_name=_("列入事由"))
    legal_basis = models.TextField(verbose_name=_("列入依据"), blank=True)
    deciding_authority = models.CharField(verbose_name=_("决定机关"), max_length=100)
    department = models.ForeignKey(
        "core.Department",
        verbose_name=_("决定部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_number = models.CharField(verbose_name=_("决定文书号"), max_length=100)
    decision_date = models.DateField(verbose_name=_("决定日期"))
    publication_start = models.DateField(verbose_name=_("公示起始日期"))
    publication_end = models.DateField(verbose_name=_("公示截止日期"), null=True, blank=True)
    appeal_route = models.TextField(
        verbose_name=_("救济途径"), blank=True, help_text=_("异议、行政复议、行政诉讼的途径和期限")
    )
    removal_number = models.CharField(verbose_name=_("移出决定文书号"), max_length=100, blank=True)
    removal_date = models.DateField(verbose_name=_("移出日期"), null=True, blank=True)
    removal_reason = models.TextField(verbose_name=_("移出理由"), blank=True)
    repair_number = models.CharField(verbose_name=_("信用修复决定文书号"), max_length=100, blank=True)
    repair_date = models.DateField(verbose_name=_("信用修复日期"), null=True, blank=True)
    repair_note = models.TextField(verbose_name=_("信用修复说明"), blank=True)
    division = models.ForeignKey(
        "core.Division", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+"
    )

    # Sealed by the audit trail (issue 14); left out: subject_name_normalized (derived), timestamps.
    audit_sealed_fields = (
        "list_kind",
        "subject_kind",
        "enterprise_id",
        "subject_name",
        "credit_code",
        "id_number",
        "legal_representative",
        "reason",
        "legal_basis",
        "deciding_authority",
        "department_id",
        "decision_number",
        "decision_date",
        "publication_start",
        "publication_end",
        "appeal_route",
        "removal_number",
        "removal_date",
        "removal_reason",
        "repair_number",
        "repair_date",
        "repair_note",
        "division_id",
    )

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("信用名单")
        verbose_name_plural = _("信用名单")
        ordering = ["-decision_date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["deciding_authority", "decision_number"], name="credit_entry_unique_decision"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject_name}（{self.get_list_kind_display()}）"

    def status_on(self, day: dt.date | None = None) -> str:
        """The status on a day: removal and repair decisions end the listing from their dates."""
        day = day or timezone.localdate()
        if self.removal_date and self.removal_date <= day:
            return CreditStatus.REMOVED
        if self.repair_date and self.repair_date <= day:
            return CreditStatus.REPAIRED
        if day < self.publication_start:
            return CreditStatus.PENDING
        if self.publication_end and day > self.publication_end:
            return CreditStatus.EXPIRED
        return CreditStatus.ACTIVE

    @property
    def status(self) -> str:
        return self.status_on()

    def get_status_display(self) -> str:
        return str(CreditStatus(self.status).label)


class Disclosure(CreatedAt):
    """A publication (公示) staff make explicitly from a record: the publishable fields are copied in
    at that moment (people's names and numbers masked), so later edits of the record never leak."""

    kind = models.CharField(verbose_name=_("公示类别"), max_length=20, choices=DisclosureKind.choices)
    title = models.CharField(verbose_name=_("标题"), max_length=200)
    summary = models.TextField(verbose_name=_("说明"), blank=True)
    fields = models.JSONField(
        verbose_name=_("公示内容"), default=list, help_text=_("[{label, value}]，按顺序显示")
    )
    source_type = models.ForeignKey(
        ContentType, verbose_name=_("来源对象类型"), on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(verbose_name=_("来源对象编号"))
    source = GenericForeignKey("source_type", "source_id")
    division = models.ForeignKey(
        "core.Division", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+"
    )
    published_on = models.DateField(verbose_name=_("公示日期"), db_index=True)
    withdrawn = models.BooleanField(verbose_name=_("已撤回"), default=False)
    withdrawn_on = models.DateField(verbose_name=_("撤回日期"), null=True, blank=True)
    withdrawn_reason = models.TextField(verbose_name=_("撤回理由"), blank=True)
    search_text = models.TextField(editable=False, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("公示信息")
        verbose_name_plural = _("公示信息")
        ordering = ["-published_on", "-pk"]
        indexes = [models.Index(fields=["source_type", "source_id"], name="disclosure_source_idx")]

    def __str__(self) -> str:
        return self.title


class Guide(UpdatedAt):
    """A public education page (辨别真假消防产品、核验证书、识别假培训), in plain text with light markup:
    "## " headings, "- " list items, blank lines between paragraphs. Edited by administrators."""

    slug = models.SlugField(verbose_name=_("地址名"), max_length=60, unique=True)
    title = models.CharField(verbose_name=_("标题"), max_length=120)
    topic = models.CharField(verbose_name=_("主题"), max_length=16, choices=GuideTopic.choices)
    summary = models.CharField(verbose_name=_("摘要"), max_length=255, blank=True)
    body = models.TextField(verbose_name=_("正文"))
    is_published = models.BooleanField(verbose_name=_("发布"), default=True)
    sort = models.PositiveIntegerField(verbose_name=_("排序"), default=100)

    class Meta:
        verbose_name = _("宣传指南")
        verbose_name_plural = _("宣传指南")
        ordering = ["sort", "slug"]

    def __str__(self) -> str:
        return self.title
