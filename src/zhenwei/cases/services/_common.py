"""What the service modules of cases share: the case timeline event, notifications that never fail a
write, and the staff page a shared record opens on."""

from __future__ import annotations

import logging

from django.urls import reverse
from django.utils import timezone

from zhenwei.core.access import actor_user

from ..models import Case, CaseEvent

log = logging.getLogger("zhenwei.cases.services")


def _notify(**kwargs) -> None:
    """Send through the notification service; never fail the caller's write."""
    from zhenwei.notifications.contracts import notify

    try:
        notify(**kwargs)
    except Exception:  # noqa: BLE001 - a notification problem must not undo a transfer
        log.exception("notify failed for %s", kwargs.get("dedupe_key"))


def _event(
    *, case: Case, kind: str, actor, note: str = "", action=None, from_status="", to_status="", at=None
) -> CaseEvent:
    """A line on the case's timeline, written in the transaction of the change it tells of."""
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=actor_user(actor),
        actor_repr=str(actor)[:150] if actor else "system",
        note=note,
        action=action,
        from_status=from_status,
        to_status=to_status,
        at=at or timezone.now(),
    )


def target_url(target) -> str:
    """The staff page of a shared record (a case, an inspection, a tip), or "" for other records."""
    try:
        if isinstance(target, Case):
            return reverse("cases:case-detail", args=[target.pk])
        if target._meta.label_lower == "inspections.inspection":
            return reverse("inspections:inspection-detail", args=[target.pk])
        if target._meta.label_lower == "tips.tip":
            return reverse("tips:detail", args=[target.pk])
    except Exception:  # noqa: BLE001
        return ""
    return ""
