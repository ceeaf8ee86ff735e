"""Audit service: every write path calls these inside its own transaction (never signals).

The rows form a hash chain. Since issue 14 each row's hash is an HMAC-SHA256 under a key that is
not in the database (settings.AUDIT_KEY, else KEYS_DIR/audit-hmac.key), so someone who can write
the database but not read the key cannot recompute the chain after an edit. Rows written before
carry ``hash_alg="sha256"`` and still verify; a plain row after a keyed one is refused. A row about
a *sealed* model (one whose class declares ``audit_sealed_fields``) also stores ``state_hash``, the
keyed hash of the record's sealed fields as stored after the change, so ``audit_verify_records``
names a record edited, created or deleted in the database without its audit row. Signed checkpoints
of the chain head, kept outside the database, catch truncation (``zhenwei.core.audit_checkpoint``).
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import hmac
import json
import os
import secrets
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from .access import is_system_actor
from .choices import AuditAction
from .middleware import current_request_id
from .models import AuditChainHead, AuditEntry, Division

GENESIS = "0" * 64
PLAIN = "sha256"  # rows written before issue 14
KEYED = "hmac-sha256"
AUDIT_KEY_FILE = "audit-hmac.key"
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


def json_safe(value: Any) -> Any:
    """``value`` as JSON-ready data the way audit rows store it (dates in ISO form, decimals as text,
    records as their key): for answers another app keeps on its own records."""
    return _json_safe(value)


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


# --- the key -------------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _key_file(path: str) -> bytes:
    """Create the key file once (0600, never overwritten) and read it; cached per path."""
    key_path = Path(path)
    key_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32) + "\n")
    if key_path.stat().st_mode & 0o077:
        raise ImproperlyConfigured(f"audit key file {path} is readable by others; it must be mode 0600")
    text = key_path.read_text().strip()
    if len(text) < 32:
        raise ImproperlyConfigured(f"audit key file {path} is too short")
    return text.encode()


def audit_key() -> bytes:
    """The chain's HMAC key: settings.AUDIT_KEY, else KEYS_DIR/audit-hmac.key (created 0600 on first use)."""
    if settings.AUDIT_KEY:
        return settings.AUDIT_KEY.encode()
    return _key_file(str(Path(settings.KEYS_DIR) / AUDIT_KEY_FILE))


def keyed_digest(message: str) -> str:
    return hmac.new(audit_key(), message.encode(), hashlib.sha256).hexdigest()


# --- sealed records ----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def sealed_models() -> dict[str, tuple[type[models.Model], tuple[str, ...]]]:
    """The registry of sealed models: every model class that declares ``audit_sealed_fields``
    (attnames of the fields its services audit), by label. Read from the app registry, so a model
    is checked by ``zhenwei audit verify`` the day it declares the attribute."""
    found = {}
    for model in apps.get_models():
        fields = model.__dict__.get("audit_sealed_fields")
        if fields:
            found[model._meta.label_lower] = (model, tuple(fields))
    return found


def _state_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return (value.astimezone(dt.UTC) if value.tzinfo else value).isoformat(timespec="microseconds")
    return _json_safe(value)


def state_digest(label: str, pk: Any, values: Iterable[Any], fields: tuple[str, ...]) -> str:
    """Keyed hash of one record's sealed fields, as read from the database."""
    state = {name: _state_value(v) for name, v in zip(fields, values, strict=True)}
    return keyed_digest(f"state|{label}|{pk}|{canonical(state)}")


def record_state_hash(obj: models.Model) -> str:
    """The state hash of obj as stored now (read back, so in-memory drift cannot differ from verify)."""
    label = obj._meta.label_lower
    model, fields = sealed_models()[label]
    row = model._base_manager.filter(pk=obj.pk).values_list(*fields).first()
    if row is None:  # audited before being saved: hash what will be written
        row = tuple(getattr(obj, name) for name in fields)
    return state_digest(label, obj.pk, row, fields)


# --- the chain ---------------------------------------------------------------------------------


def entry_payload(entry: AuditEntry) -> dict[str, Any]:
    """The fields the hash covers: everything but the hashes themselves."""
    at = entry.at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    payload = {
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
    if entry.hash_alg != PLAIN:  # keyed rows also cover their algorithm and the record state
        payload["hash_alg"] = entry.hash_alg
        payload["state_hash"] = entry.state_hash
    return payload


def entry_hash(prev_hash: str, entry: AuditEntry) -> str:
    message = f"{prev_hash}|{canonical(entry_payload(entry))}"
    if entry.hash_alg == PLAIN:
        return hashlib.sha256(message.encode()).hexdigest()
    if entry.hash_alg == KEYED:
        return keyed_digest(message)
    raise ValueError(f"unknown audit hash algorithm {entry.hash_alg!r}")


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
    """Append one row to the chain. Call inside the transaction that makes the change, after the
    change is saved: a row about a sealed model records the record's stored state."""
    if action not in AuditAction.values:
        raise ValueError(f"unknown audit action {action!r}")
    state = ""
    if obj is not None and action != AuditAction.DELETE and obj.pk is not None:
        if obj._meta.label_lower in sealed_models():
            state = record_state_hash(obj)
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        entry = AuditEntry(
            seq=head.seq + 1,
            at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            # a user, or a named system actor (SystemActor("demo"), or a bare name from older callers)
            actor_repr=(
                str(actor) if getattr(actor, "pk", None) or (is_system_actor(actor) and actor) else "system"
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
            hash_alg=KEYED,
            state_hash=state,
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


def audit_seal_records(*, actor, model: type[models.Model], pks: Iterable[Any], note: str = "") -> int:
    """Append one ``seal`` row per record of a sealed model (bulk paths: imports, the baseline after
    an upgrade), with the record's stored state, under one lock of the chain head. Returns rows written."""
    label = model._meta.label_lower
    _model, fields = sealed_models()[label]
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    actor_repr = (str(actor) if actor_id or (is_system_actor(actor) and actor) else "system")[:150]
    pks = list(pks)
    # The division in one column read with the state (no model instances), unless it lies elsewhere.
    path = getattr(model, "visibility_division_field", None) or ""
    division_column = f"{path}_id" if path and "__" not in path else None
    written = 0
    request_id = current_request_id() or ""
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        seq, prev = head.seq, head.hash
        for start in range(0, len(pks), 1000):
            chunk = pks[start : start + 1000]
            columns = ["pk", *fields] + ([division_column] if division_column else [])
            states = {
                row[0]: row[1:] for row in model._base_manager.filter(pk__in=chunk).values_list(*columns)
            }
            objs = model._base_manager.in_bulk(chunk) if path and not division_column else {}
            now = timezone.now()
            rows = []
            for pk in chunk:
                state = states.get(pk)
                if state is None:
                    continue
                if division_column:
                    division_id, state = state[-1], state[:-1]
                else:
                    division_id = _division_of(objs.get(pk))
                seq += 1
                entry = AuditEntry(
                    seq=seq,
                    at=now,
                    actor_id=actor_id,
                    actor_repr=actor_repr,
                    request_id=request_id,
                    action=AuditAction.SEAL,
                    model=label,
                    object_id=str(pk),
                    object_repr="",  # bulk rows name the record by id only (no personal data)
                    division_id=division_id,
                    note=note,
                    prev_hash=prev,
                    hash_alg=KEYED,
                    state_hash=state_digest(label, pk, state, fields),
                )
                entry.hash = prev = entry_hash(prev, entry)
                rows.append(entry)
            AuditEntry.objects.bulk_create(rows, batch_size=1000)
            written += len(rows)
        head.seq, head.hash = seq, prev
        head.save(update_fields=["seq", "hash"])
    return written


def audit_verify(*, batch_size: int = 5000) -> tuple[int, AuditEntry | None, str]:
    """Walk the chain in order. Returns (rows checked, first broken row or None, reason)."""
    result = audit_verify_chain(batch_size=batch_size)
    return result.checked, result.broken, result.reason


@dataclass
class ChainResult:
    """What walking the chain found: rows checked, the first broken row (or None) and why, and where
    the keyed part of the chain begins (None: no keyed row)."""

    checked: int = 0
    broken: AuditEntry | None = None
    reason: str = ""
    keyed_since: int | None = None
    last_seq: int = 0
    last_hash: str = GENESIS

    @property
    def ok(self) -> bool:
        return self.broken is None and not self.reason


def audit_verify_chain(*, batch_size: int = 5000) -> ChainResult:
    """Walk the chain in order, recomputing each hash (keyed rows with the audit key)."""
    result = ChainResult()
    prev_hash = GENESIS
    expected_seq = 1
    last_seq = 0
    while True:
        rows = list(AuditEntry.objects.filter(seq__gt=last_seq).order_by("seq")[:batch_size])
        if not rows:
            break
        for row in rows:
            if row.seq != expected_seq:
                result.broken, result.reason = (
                    row,
                    f"sequence jumps from {expected_seq - 1} to {row.seq} (rows deleted)",
                )
                return result
            if row.prev_hash != prev_hash:
                result.broken, result.reason = row, "prev_hash does not match the previous row's hash"
                return result
            if row.hash_alg == PLAIN and row.state_hash:
                result.broken, result.reason = (
                    row,
                    (
                        "plain SHA-256 row carries a state hash, which only keyed rows have "
                        "(row rewritten without the audit key)"
                    ),
                )
                return result
            if row.hash_alg == PLAIN and result.keyed_since is not None:
                result.broken, result.reason = (
                    row,
                    (
                        f"plain SHA-256 row after the keyed chain began at seq={result.keyed_since} "
                        "(row rewritten without the audit key)"
                    ),
                )
                return result
            try:
                computed = entry_hash(prev_hash, row)
            except ValueError as exc:
                result.broken, result.reason = row, str(exc)
                return result
            if not hmac.compare_digest(computed, row.hash):
                result.broken, result.reason = (
                    row,
                    ("content does not match its hash (row edited, or recomputed without the audit key)"),
                )
                return result
            if row.hash_alg != PLAIN and result.keyed_since is None:
                result.keyed_since = row.seq
            prev_hash = row.hash
            expected_seq += 1
            result.checked += 1
            last_seq = row.seq
    result.last_seq, result.last_hash = last_seq, prev_hash
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None and last_seq:
        result.reason = f"the chain head row is missing but {last_seq} rows exist (head deleted)"
    elif head and head.seq != last_seq:
        result.reason = f"chain head says {head.seq} rows but {last_seq} were found (rows deleted at the end)"
    return result


# --- records against their last audit row ------------------------------------------------------


@dataclass(frozen=True)
class RecordProblem:
    """A sealed record whose current state is not what its last audit row says."""

    label: str
    object_id: str
    kind: str  # "changed" / "unaudited" / "deleted" / "recreated"
    seq: int | None
    text: str

    def __str__(self) -> str:
        return self.text


def _last_state_rows(label: str, object_ids: list[str]) -> dict[str, tuple[int, str, str]]:
    """For each object id, its last audit row that records a state (or a delete): (seq, action, hash)."""
    last: dict[str, tuple[int, str, str]] = {}
    rows = (
        AuditEntry.objects.filter(model=label, object_id__in=object_ids)
        .filter(Q(action=AuditAction.DELETE) | ~Q(state_hash=""))
        .order_by("seq")
        .values_list("object_id", "seq", "action", "state_hash")
    )
    for object_id, seq, action, state in rows:
        last[object_id] = (seq, action, state)
    return last


def audit_verify_records(
    *, batch_size: int = 2000, labels: Iterable[str] | None = None
) -> Iterator[RecordProblem]:
    """Compare every sealed record with its last audit row, in primary-key batches (bounded memory):
    yields each record changed without an audit row, never audited, recreated after its audited
    delete, or missing although its last audit row is not a delete."""
    registry = sealed_models()
    for label in labels or sorted(registry):
        model, fields = registry[label]
        manager = model._base_manager
        last_pk = None
        while True:
            qs = manager.order_by("pk")
            if last_pk is not None:
                qs = qs.filter(pk__gt=last_pk)
            batch = list(qs.values_list("pk", *fields)[:batch_size])
            if not batch:
                break
            last_pk = batch[-1][0]
            audited = _last_state_rows(label, [str(row[0]) for row in batch])
            for pk, *values in batch:
                found = audited.get(str(pk))
                where = f"{label}:{pk}"
                if found is None:
                    yield RecordProblem(
                        label, str(pk), "unaudited", None, f"{where} has no audit row (created without audit)"
                    )
                    continue
                seq, action, state = found
                if action == AuditAction.DELETE:
                    yield RecordProblem(
                        label,
                        str(pk),
                        "recreated",
                        seq,
                        f"{where} exists although audit row #{seq} deleted it",
                    )
                elif not hmac.compare_digest(state, state_digest(label, pk, values, fields)):
                    yield RecordProblem(
                        label,
                        str(pk),
                        "changed",
                        seq,
                        f"{where} differs from its last audit row #{seq} (changed without audit)",
                    )
        # Records the trail says exist but the table no longer has: walk the audited ids in batches.
        pk_field = model._meta.pk
        last_id = ""
        while True:
            ids = list(
                AuditEntry.objects.filter(model=label, object_id__gt=last_id)
                .filter(Q(action=AuditAction.DELETE) | ~Q(state_hash=""))
                .order_by("object_id")
                .values_list("object_id", flat=True)
                .distinct()[:batch_size]
            )
            if not ids:
                break
            last_id = ids[-1]
            wanted = {}
            for object_id in ids:
                try:
                    wanted[pk_field.to_python(object_id)] = object_id
                except ValidationError:
                    continue
            present = {str(pk) for pk in manager.filter(pk__in=list(wanted)).values_list("pk", flat=True)}
            missing = [object_id for object_id in ids if object_id not in present]
            if not missing:
                continue
            for object_id, (seq, action, _state) in sorted(_last_state_rows(label, missing).items()):
                if action != AuditAction.DELETE:
                    yield RecordProblem(
                        label,
                        object_id,
                        "deleted",
                        seq,
                        f"{label}:{object_id} is gone although its last audit row #{seq} is not a delete "
                        "(deleted without audit)",
                    )


def audit_seal_unmatched(
    *,
    actor,
    note: str,
    kinds: tuple[str, ...] = ("unaudited",),
    since: dict[str, Any] | None = None,
) -> int:
    """Seal, as they are now, the sealed records that ``audit_verify_records`` reports with one of
    ``kinds`` (a baseline: after upgrading a database, or after loading demo data). With ``since``
    (from ``audit_mark()`` taken before a load), only what that load wrote: "changed" records whose
    last audit row is newer than the mark, "unaudited" records with a greater primary key. Returns
    rows written."""
    written = 0
    registry = sealed_models()
    for label in sorted(registry):
        model = registry[label][0]
        pk_field = model._meta.pk
        batch: list[Any] = []
        for problem in audit_verify_records(labels=[label]):
            if problem.kind not in kinds:
                continue
            pk = pk_field.to_python(problem.object_id)
            if since is not None:
                if problem.kind == "changed" and not (problem.seq or 0) > since["seq"]:
                    continue
                if (
                    problem.kind == "unaudited"
                    and since["pks"].get(label) is not None
                    and pk <= since["pks"][label]
                ):
                    continue
            batch.append(pk)
            if len(batch) >= 5000:
                written += audit_seal_records(actor=actor, model=model, pks=batch, note=note)
                batch = []
        if batch:
            written += audit_seal_records(actor=actor, model=model, pks=batch, note=note)
    return written


def audit_mark() -> dict[str, Any]:
    """Where the chain and each sealed table end now, for ``audit_seal_unmatched(since=…)``."""
    head = AuditChainHead.objects.filter(pk=1).values_list("seq", flat=True).first() or 0
    pks = {
        label: model._base_manager.order_by("-pk").values_list("pk", flat=True).first()
        for label, (model, _fields) in sealed_models().items()
    }
    return {"seq": head, "pks": pks}
