"""The in-app notification centre: list, mark read, the unread badge (HTMX) and preferences."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .choices import DEFAULT_MODES, Channel, DeliveryMode
from .selectors import notification_list, unread_count
from .services import notification_mark_all_read, notification_mark_read, preference_modes, preference_set


@login_required
def inbox(request):
    unread = {"1": True, "0": False}.get(request.GET.get("unread", ""))
    qs = notification_list(user=request.user, unread=unread, kind=request.GET.get("kind", ""))
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "unread": unread, "unread_total": unread_count(user=request.user)},
    )


@login_required
@require_POST
def mark_read(request, pk: int):
    note = get_object_or_404(notification_list(user=request.user), pk=pk)
    notification_mark_read(notification=note, actor=request.user)
    if request.htmx:
        return render(request, "notifications/_row.html", {"n": note})
    return redirect("notifications:inbox")


@login_required
def open_notification(request, pk: int):
    """Follow a notification's link, marking it read on the way."""
    note = get_object_or_404(notification_list(user=request.user), pk=pk)
    notification_mark_read(notification=note, actor=request.user)
    if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()}):
        return redirect(note.url)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request):
    count = notification_mark_all_read(actor=request.user)
    messages.success(request, gettext("已将 %(count)s 条通知标记为已读") % {"count": count})
    return redirect("notifications:inbox")


@login_required
@never_cache
def badge(request):
    """A tiny HTML fragment with the unread count, polled by HTMX (see the notification_badge tag)."""
    count = unread_count(user=request.user)
    return render(request, "notifications/_badge.html", {"count": count})


@login_required
def preferences(request):
    if request.method == "POST":
        try:
            for channel in Channel.values:
                mode = request.POST.get(channel)
                if mode:
                    preference_set(user=request.user, channel=channel, mode=mode, actor=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, gettext("通知设置已保存"))
        return redirect("notifications:preferences")
    modes = preference_modes(request.user.pk)
    rows = [
        {"channel": c, "label": c.label, "mode": modes[c.value], "default": DEFAULT_MODES[c.value]}
        for c in Channel
    ]
    return render(
        request,
        "notifications/preferences.html",
        {"rows": rows, "modes": DeliveryMode.choices},
    )
