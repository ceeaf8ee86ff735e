"""Receivers: a locked-out account's owner hears of it (django-axes' ``user_locked_out``)."""

import logging

from axes.signals import user_locked_out
from django.dispatch import receiver

log = logging.getLogger(__name__)


@receiver(user_locked_out, dispatch_uid="zhenwei-login-lockout-notice")
def notify_owner_of_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    from .services import login_lockout_notify

    try:
        login_lockout_notify(username=username or "", ip_address=ip_address)
    except Exception:  # noqa: BLE001 - the lockout itself must hold even if the notice fails
        log.exception("could not notify %r of a login lockout", username)
