"""Reads of the notification centre: always the user's own notifications."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Notification


def notification_list(*, user, unread: bool | None = None, kind: str = "") -> QuerySet[Notification]:
    """The user's own notifications, newest first (nobody reads another person's inbox)."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    qs = Notification.objects.filter(recipient=user)
    if unread is True:
        qs = qs.filter(read_at__isnull=True)
    elif unread is False:
        qs = qs.filter(read_at__isnull=False)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def unread_count(*, user) -> int:
    return notification_list(user=user, unread=True).count()
