"""Audit service: every write path calls these inside its own transaction (never signals)."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from .choices import AuditAction
from .middleware import current_request_id
from .models import AuditChainHead, AuditEntry, Division

GENESIS = "0" * 64
# Fields never copied into the audit trail (secrets and derived hashes).
SECRET_FIELD_NAMES = frozenset({"password", "private_key", "secret", "key_material", "token"})


def _json_safe(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | float | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The concrete field values of obj as JSON-safe data (foreign keys as ids, secrets left out)."""
    data: dict[str, Any] = {}
    wanted = set(fields) if fields is not None else None
    for field in obj._meta.concrete_fields:
        if wanted is not None and field.name not in wanted:
            continue
        if field.name in SECRET_FIELD_NAMES:
            continue
        data[field.attname] = _json_safe(getattr(obj, field.attname))
    return data


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> tuple[dict | None, dict | None]:
    """Keep only the keys that changed, so update rows stay small."""
    if not before or not after:
        return before, after
    changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    return {k: before.get(k) for k in changed}, {k: after.get(k) for k in changed}


def canonical(payload: dict[str, Any]) -> str:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def entry_payload(entry: AuditEntry) -> dict[str, Any]:
    """The fields the hash covers: everything but the hashes themselves."""
    at = entry.at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return {
        "seq": entry.seq,
        "at": at,
        "actor_id": entry.actor_id,
        "actor_repr": entry.actor_repr,
        "request_id": entry.request_id,
        "action": entry.action,
        "model": entry.model,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "division_id": entry.division_id,
        "before": entry.before,
        "after": entry.after,
        "note": entry.note,
    }


def entry_hash(prev_hash: str, entry: AuditEntry) -> str:
    return hashlib.sha256(f"{prev_hash}|{canonical(entry_payload(entry))}".encode()).hexdigest()


def _division_of(obj: models.Model | None) -> int | None:
    if obj is None:
        return None
    if isinstance(obj, Division):
        return obj.pk
    path = getattr(type(obj), "visibility_division_field", None)
    if not path:
        return None
    target: Any = obj
    parts = path.split("__")
    for part in parts[:-1]:
        target = getattr(target, part, None)
        if target is None:
            return None
    return getattr(target, f"{parts[-1]}_id", None)


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    model: str | None = None,
    object_id: str | None = None,
    object_repr: str | None = None,
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
    division_id: int | None = None,
) -> AuditEntry:
    """Append one row to the chain. Call inside the transaction that makes the change."""
    if action not in AuditAction.values:
        raise ValueError(f"unknown audit action {action!r}")
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        entry = AuditEntry(
            seq=head.seq + 1,
            at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            actor_repr=(
                str(actor) if getattr(actor, "pk", None) else (actor if isinstance(actor, str) else "system")
            )[:150],
            request_id=current_request_id() or "",
            action=action,
            model=model or (obj._meta.label_lower if obj is not None else ""),
            object_id=str(object_id if object_id is not None else (obj.pk if obj is not None else "")),
            object_repr=(object_repr if object_repr is not None else (str(obj) if obj is not None else ""))[
                :255
            ],
            division_id=division_id if division_id is not None else _division_of(obj),
            before=_json_safe(before) if before is not None else None,
            after=_json_safe(after) if after is not None else None,
            note=note,
            prev_hash=head.hash,
        )
        entry.hash = entry_hash(head.hash, entry)
        entry.save(force_insert=True)
        head.seq, head.hash = entry.seq, entry.hash
        head.save(update_fields=["seq", "hash"])
    return entry


def audit_create(*, actor, obj: models.Model, note: str = "") -> AuditEntry:
    return audit_record(actor=actor, action=AuditAction.CREATE, obj=obj, after=snapshot(obj), note=note)


def audit_update(*, actor, obj: models.Model, before: dict, note: str = "") -> AuditEntry | None:
    """Record an update given the snapshot taken before it; nothing is written when nothing changed."""
    old, new = diff(before, snapshot(obj))
    if not old and not new:
        return None
    return audit_record(actor=actor, action=AuditAction.UPDATE, obj=obj, before=old, after=new, note=note)


def audit_delete(*, actor, obj: models.Model, note: str = "") -> AuditEntry:
    return audit_record(actor=actor, action=AuditAction.DELETE, obj=obj, before=snapshot(obj), note=note)


def audit_verify(*, batch_size: int = 5000) -> tuple[int, AuditEntry | None, str]:
    """Walk the chain in order. Returns (rows checked, first broken row or None, reason)."""
    prev_hash = GENESIS
    expected_seq = 1
    checked = 0
    last_seq = 0
    while True:
        rows = list(AuditEntry.objects.filter(seq__gt=last_seq).order_by("seq")[:batch_size])
        if not rows:
            break
        for row in rows:
            if row.seq != expected_seq:
                return checked, row, f"sequence jumps from {expected_seq - 1} to {row.seq} (rows deleted)"
            if row.prev_hash != prev_hash:
                return checked, row, "prev_hash does not match the previous row's hash"
            if entry_hash(prev_hash, row) != row.hash:
                return checked, row, "content does not match its hash (row edited)"
            prev_hash = row.hash
            expected_seq += 1
            checked += 1
            last_seq = row.seq
    head = AuditChainHead.objects.filter(pk=1).first()
    if head and head.seq != last_seq:
        return (
            checked,
            None,
            f"chain head says {head.seq} rows but {last_seq} were found (rows deleted at the end)",
        )
    return checked, None, ""
