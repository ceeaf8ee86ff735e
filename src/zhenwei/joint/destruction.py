"""Recording a destruction event (集中销毁) with its items and evidence in one go, for the staff form
and the API: the event, its items and every evidence file (photos, video, minutes) are written in one
transaction, so a refused file or a bad item leaves nothing behind."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from zhenwei.core.access import allowed
from zhenwei.core.files import evidence_store
from zhenwei.core.models import Department

from . import services
from .models import DestructionEvent, JointAction

ITEM_FIELDS = ("goods", "category", "quantity", "unit", "value_yuan", "case")
MAX_ITEMS = 100
MAX_EVIDENCE = 20


def _check_items(items: list[dict[str, Any]], actor) -> None:
    if len(items) > MAX_ITEMS:
        raise ValidationError(f"一次最多登记 {MAX_ITEMS} 项销毁物品")
    for n, item in enumerate(items, start=1):
        unknown = set(item) - set(ITEM_FIELDS)
        if unknown:
            raise ValidationError(f"第{n}项销毁物品：未知字段 {', '.join(sorted(unknown))}")
        case = item.get("case")
        # A source case must be one the actor may see (its number would otherwise leak by probing).
        if case is not None and not allowed(actor, "view", case):
            raise PermissionDenied(f"第{n}项销毁物品：无权查看来源案件")


def destruction_record(
    *,
    title: str,
    organiser: Department,
    held_on: dt.date,
    place: str,
    items: Iterable[dict[str, Any]],
    actor,
    evidence: Iterable[tuple[IO[bytes], str]] = (),
    campaign=None,
    action: JointAction | None = None,
    method: str = "",
    witnesses: str = "",
    description: str = "",
) -> DestructionEvent:
    """Record a destruction event with its items (dicts of ITEM_FIELDS) and evidence files
    ((file, name) pairs: photos, video, the minutes), each through the upload guard."""
    items = [
        {k: v for k, v in item.items() if v not in (None, "") or k in ("goods", "quantity")} for item in items
    ]
    evidence = list(evidence)
    if len(evidence) > MAX_EVIDENCE:
        raise ValidationError(f"一次最多上传 {MAX_EVIDENCE} 个证据文件")
    _check_items(items, actor)
    if action is not None and not allowed(actor, "view", action):
        raise PermissionDenied("无权查看所选的集中行动")
    with transaction.atomic():
        event = services.destruction_create(
            title=(title or "").strip(),
            organiser=organiser,
            held_on=held_on,
            place=(place or "").strip(),
            items=items,
            actor=actor,
            campaign=campaign,
            action=action,
            method=(method or "").strip(),
            witnesses=(witnesses or "").strip(),
            description=(description or "").strip(),
        )
        for fileobj, name in evidence:
            # The change right in the event's division was checked by destruction_create above.
            evidence_store(
                fileobj=fileobj,
                name=name,
                actor=actor,
                attach_to=event,
                division=event.division,
                description="销毁证据",
            )
    return event
