"""Choices of the report engine: units, row kinds and the submission workflow."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    """Units used on the paper forms (计量单位)."""

    HOUSEHOLD = "家", _("家")
    PERSON = "人", _("人")
    ITEM = "个", _("个")
    ENTRY = "条", _("条")
    YUAN = "元", _("元")
    TEN_THOUSAND_YUAN = "万元", _("万元")


class RowKind(models.TextChoices):
    """A number computed by a metric, a free-text answer, or a heading line."""

    NUMBER = "number", _("数值")
    TEXT = "text", _("文字")
    HEADING = "heading", _("标题")


class ReportStatus(models.TextChoices):
    """Submission workflow of a monthly report (月报报送)."""

    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已报送")
    ACCEPTED = "accepted", _("已审核")
    RETURNED = "returned", _("已退回")


# The one transitions table: from → allowed targets.
REPORT_TRANSITIONS: dict[str, frozenset[str]] = {
    ReportStatus.DRAFT: frozenset({ReportStatus.SUBMITTED}),
    ReportStatus.SUBMITTED: frozenset({ReportStatus.ACCEPTED, ReportStatus.RETURNED}),
    ReportStatus.RETURNED: frozenset({ReportStatus.SUBMITTED}),
    ReportStatus.ACCEPTED: frozenset({ReportStatus.RETURNED}),
}


class ReportSource(models.TextChoices):
    """Where the figures of a report come from."""

    PLATFORM = "platform", _("平台计算")
    UPLOAD = "upload", _("上传报表")


class Column(models.TextChoices):
    MONTH = "month", _("本月")
    CUMULATIVE = "cumulative", _("累计")
