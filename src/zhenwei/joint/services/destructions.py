"""Destruction events (集中销毁): the goods destroyed and the photos of the event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from zhenwei.core.access import actor_user, require
from zhenwei.core.audit import audit_record, snapshot
from zhenwei.core.choices import AuditAction
from zhenwei.core.files import evidence_store
from zhenwei.core.models import Department

from ..models import DestructionEvent, DestructionItem, JointAction


def destruction_create(
    *,
    title: str,
    organiser: Department,
    held_on: dt.date,
    place: str,
    items: Iterable[dict],
    actor,
    campaign=None,
    action: JointAction | None = None,
    method: str = "",
    witnesses: str = "",
    description: str = "",
) -> DestructionEvent:
    """Record a destruction event (集中销毁) with its goods: items are dicts of goods, quantity, unit,
    and optionally value_yuan, category, case."""
    require(actor, "change", organiser.division)
    items = list(items)
    if not items:
        raise ValidationError(gettext("销毁活动至少要有一项销毁物品"))
    event = DestructionEvent(
        campaign=campaign or (action.campaign if action else None),
        action=action,
        title=title,
        organiser=organiser,
        division=organiser.division,
        held_on=held_on,
        place=place,
        method=method,
        witnesses=witnesses,
        description=description,
        created_by=actor_user(actor),
    )
    event.full_clean()
    rows = []
    for n, raw in enumerate(items, start=1):
        item = DestructionItem(event=event, **raw)
        try:
            item.full_clean(exclude=["event"])
        except ValidationError as exc:
            raise ValidationError(
                gettext("第%(n)s项销毁物品：%(join_exc_messages)s")
                % {"n": n, "join_exc_messages": "；".join(exc.messages)}
            ) from None
        if item.quantity <= 0:
            raise ValidationError(gettext("第%(n)s项销毁物品的数量应大于零") % {"n": n})
        rows.append(item)
    with transaction.atomic():
        event.save()
        for item in rows:
            item.event = event
            item.save()
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=event,
            after={**snapshot(event), "items": [snapshot(i) for i in rows]},
        )
    return event


def destruction_add_photo(*, event: DestructionEvent, fileobj, name: str, actor, description: str = ""):
    """Attach a photo (or the record PDF) to a destruction event, stored as evidence."""
    require(actor, "change", event.division)
    return evidence_store(
        fileobj=fileobj,
        name=name,
        actor=actor,
        attach_to=event,
        division=event.division,
        description=description,
    )
