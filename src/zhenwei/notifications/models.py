"""Notifications (通知): one row per recipient, read in the in-app centre, delivered by e-mail or SMS."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhenwei.core.models import CreatedAt, UpdatedAt

from .choices import Channel, DeliveryMode, DeliveryStatus, NotificationKind


class Notification(models.Model):
    """Something waiting on one user: a transfer to acknowledge, a deadline, an urgent report."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(verbose_name=_("类型"), max_length=40, db_index=True)
    title = models.CharField(verbose_name=_("标题"), max_length=255)
    body = models.TextField(verbose_name=_("内容"), blank=True)
    url = models.CharField(verbose_name=_("链接"), max_length=500, blank=True)
    due = models.DateField(verbose_name=_("期限"), null=True, blank=True)
    dedupe_key = models.CharField(verbose_name=_("去重键"), max_length=200, blank=True)
    division = models.ForeignKey(
        "core.Division",
        verbose_name=_("行政区划"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("来源记录所在区划（如有）"),
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
    created_at = models.DateTimeField(verbose_name=_("发送时间"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(verbose_name=_("阅读时间"), null=True, blank=True)

    visibility_division_field = "division"

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_inbox_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notification_once_per_user_key",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def kind_label(self) -> str:
        try:
            return NotificationKind(self.kind).label
        except ValueError:
            return self.kind

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(UpdatedAt):
    """How one user wants one channel: immediately, in a daily digest, only urgent matters, or not."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    channel = models.CharField(verbose_name=_("渠道"), max_length=16, choices=Channel.choices)
    mode = models.CharField(verbose_name=_("方式"), max_length=16, choices=DeliveryMode.choices)

    # Personal settings: no division; the API only ever shows a user their own.
    visibility_division_field = None

    class Meta:
        verbose_name = _("通知偏好")
        verbose_name_plural = _("通知偏好")
        constraints = [
            models.UniqueConstraint(fields=["user", "channel"], name="notification_pref_one_per_channel")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_channel_display()} · {self.get_mode_display()}"


class Delivery(CreatedAt):
    """One notification sent (or claimed for sending) on one channel; unique, so nothing goes twice."""

    notification = models.ForeignKey(
        Notification, verbose_name=_("通知"), on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(verbose_name=_("渠道"), max_length=16, choices=Channel.choices)
    status = models.CharField(
        verbose_name=_("状态"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    digest_batch = models.CharField(verbose_name=_("汇总批次"), max_length=40, blank=True, db_index=True)
    address = models.CharField(verbose_name=_("地址"), max_length=255, blank=True)
    error = models.CharField(verbose_name=_("错误"), max_length=255, blank=True)
    sent_at = models.DateTimeField(verbose_name=_("发送时间"), null=True, blank=True)

    visibility_division_field = "notification__division"

    class Meta:
        verbose_name = _("通知投递")
        verbose_name_plural = _("通知投递")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="delivery_once_per_channel")
        ]

    def __str__(self) -> str:
        return f"{self.notification_id} {self.channel} {self.status}"
