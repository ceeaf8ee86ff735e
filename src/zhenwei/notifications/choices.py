"""Choices of the notification service."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    """The kinds other modules send; ``kind`` is free text, these are the known ones (for labels)."""

    TRANSFER = "transfer", _("移交待签收")
    COPY = "copy", _("抄送")
    DUE = "due", _("即将到期")
    OVERDUE = "overdue", _("已逾期")
    REPORT_DEADLINE = "report_deadline", _("报表报送期限")
    MEETING_DECISION = "meeting_decision", _("会议议定事项")
    URGENT_REPORT = "urgent_report", _("重要情况报送")
    CLUE = "clue", _("线索")
    TIP_ROUTED = "tip_routed", _("举报分办")
    OTHER = "other", _("其他")


# Kinds that must not wait for a digest: delivered at once on every channel not switched off.
URGENT_KINDS = frozenset({NotificationKind.URGENT_REPORT.value})


class Channel(models.TextChoices):
    """Delivery channels besides the in-app centre (which always receives everything)."""

    EMAIL = "email", _("电子邮件")
    SMS = "sms", _("短信")


class DeliveryMode(models.TextChoices):
    IMMEDIATE = "immediate", _("立即发送")
    DIGEST = "digest", _("每日汇总")
    URGENT_ONLY = "urgent_only", _("仅紧急事项")
    OFF = "off", _("不发送")


# What a user who never chose gets: a daily e-mail digest, SMS only for urgent matters.
DEFAULT_MODES = {
    Channel.EMAIL.value: DeliveryMode.DIGEST.value,
    Channel.SMS.value: DeliveryMode.URGENT_ONLY.value,
}


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")
    SKIPPED = "skipped", _("无地址未发送")
