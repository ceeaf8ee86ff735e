"""``{% load notifications_tags %}{% notification_badge %}``: the unread count, refreshed by HTMX."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext

from ..selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def notification_badge(context, poll_seconds: int = 60):
    """A link to the notification centre with a badge that HTMX re-fetches every ``poll_seconds``."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return ""
    count = unread_count(user=user)
    return format_html(
        '<a href="{}" class="notification-link" title="{}">{} '
        '<span id="notification-badge" hx-get="{}" hx-trigger="every {}s" hx-swap="outerHTML">{}</span></a>',
        reverse("notifications:inbox"),
        gettext("通知中心"),
        gettext("通知"),
        reverse("notifications:badge"),
        int(poll_seconds),
        format_html('<span class="badge bad">{}</span>', count) if count else "",
    )
