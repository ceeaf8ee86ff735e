"""Writes of purchase and sales ledger checks (进销货台账) made during an inspection of a seller.

The inspector records whether a ledger is kept and the entries checked; the service adds the
problems it can see itself (supplier not in the registry, no voucher, quantity not as recorded) to
those the inspector ticked. A supplier with a problem can be handed over as a clue, opened by the
one clue service (cases.services.clue_open) and routed like every other clue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhenwei.cases.choices import ClueSource
from zhenwei.cases.contracts import clue_open
from zhenwei.catalog.choices import Domain
from zhenwei.core.access import actor_user, allowed, require
from zhenwei.core.audit import audit_record, audit_update, snapshot
from zhenwei.core.choices import AuditAction

from .extension_choices import DERIVED_PROBLEMS, LedgerDirection, LedgerProblem
from .fire import clue_department
from .models import Inspection, LedgerCheck, LedgerEntry

ENTRY_FIELDS = (
    "direction",
    "product_name",
    "supplier",
    "supplier_name",
    "quantity",
    "found_quantity",
    "unit",
    "entry_date",
    "voucher",
    "problems",
)
MAX_ENTRIES = 200


def _decimal(value, label: str, n: int, *, required: bool) -> Decimal | None:
    if value in (None, ""):
        if required:
            raise ValidationError(f"第{n}条台账：请填写{label}")
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError(f"第{n}条台账：{label}应为数字") from None
    if number < 0 or not number.is_finite():
        raise ValidationError(f"第{n}条台账：{label}不能为负数")
    return number


def derived_problems(entry: LedgerEntry) -> list[str]:
    """The problems an entry shows by itself."""
    found = []
    if entry.supplier_id is None and entry.direction == LedgerDirection.PURCHASE:
        found.append(LedgerProblem.SUPPLIER_NOT_REGISTERED)
    if not entry.voucher:
        found.append(LedgerProblem.NO_VOUCHER)
    if entry.found_quantity is not None and entry.found_quantity != entry.quantity:
        found.append(LedgerProblem.QUANTITY_MISMATCH)
    return [str(p) for p in found]


def _entry(check: LedgerCheck, raw: dict[str, Any], n: int, actor) -> LedgerEntry:
    unknown = set(raw) - set(ENTRY_FIELDS)
    if unknown:
        raise ValidationError(f"第{n}条台账：未知字段 {', '.join(sorted(unknown))}")
    data = dict(raw)
    direction = data.get("direction") or LedgerDirection.PURCHASE
    if direction not in LedgerDirection.values:
        raise ValidationError(f"第{n}条台账：未知的进/销类型 {direction}")
    supplier = data.get("supplier")
    if supplier is not None and not allowed(actor, "view", supplier):
        raise PermissionDenied(f"第{n}条台账：供货方不在您可查看的主体台账中，请填写名称")
    ticked = list(data.get("problems") or [])
    for code in ticked:
        if code not in LedgerProblem.values:
            raise ValidationError(f"第{n}条台账：未知的问题类型 {code}")
    entry = LedgerEntry(
        check_record=check,
        direction=direction,
        product_name=(data.get("product_name") or "").strip(),
        supplier=supplier,
        supplier_name="" if supplier is not None else (data.get("supplier_name") or "").strip(),
        quantity=_decimal(data.get("quantity"), "台账数量", n, required=True),
        found_quantity=_decimal(data.get("found_quantity"), "核实数量", n, required=False),
        unit=(data.get("unit") or "件").strip(),
        entry_date=data.get("entry_date"),
        voucher=(data.get("voucher") or "").strip(),
    )
    if supplier is None and not entry.supplier_name and direction == LedgerDirection.PURCHASE:
        raise ValidationError(f"第{n}条台账：请选择或填写供货方")
    if entry.entry_date and entry.entry_date > timezone.localdate():
        raise ValidationError(f"第{n}条台账：进/销货日期不能晚于今天")
    # The problems the entry shows itself are always recorded; the officer's others are kept.
    manual = [c for c in ticked if c not in DERIVED_PROBLEMS]
    entry.problems = derived_problems(entry) + sorted(set(manual))
    try:
        entry.full_clean(exclude=["check_record"])
    except ValidationError as exc:
        raise ValidationError(f"第{n}条台账：{'；'.join(exc.messages)}") from None
    return entry


def ledger_check_record(
    *,
    inspection: Inspection,
    actor,
    ledger_kept: bool,
    entries: Iterable[dict[str, Any]] = (),
    checked_on: dt.date | None = None,
    period: str = "",
    note: str = "",
) -> LedgerCheck:
    """Record the ledger check of an inspection with the entries checked (dicts of ENTRY_FIELDS)."""
    require(actor, "change", inspection)
    checked_on = checked_on or timezone.localdate()
    if checked_on > timezone.localdate():
        raise ValidationError("检查日期不能晚于今天")
    entries = list(entries)
    if len(entries) > MAX_ENTRIES:
        raise ValidationError(f"一次最多登记 {MAX_ENTRIES} 条台账")
    if ledger_kept is False and entries:
        raise ValidationError("未建立台账时不能登记台账条目")
    check = LedgerCheck(
        inspection=inspection,
        checked_on=checked_on,
        ledger_kept=bool(ledger_kept),
        period=(period or "").strip(),
        note=(note or "").strip(),
        created_by=actor_user(actor),
    )
    check.full_clean()
    rows = [_entry(check, raw, n, actor) for n, raw in enumerate(entries, start=1)]
    with transaction.atomic():
        check.save()
        for entry in rows:
            entry.check_record = check
            entry.save()
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=check,
            after={**snapshot(check), "entries": [snapshot(e) for e in rows]},
        )
    return check


def ledger_entry_open_clue(*, entry: LedgerEntry, actor, note: str = ""):
    """Hand a supplier with a problem over as a clue (once per entry), routed like every clue."""
    check = entry.check_record
    inspection = check.inspection
    require(actor, "change", inspection)
    if not entry.problems:
        raise ValidationError("该台账条目未发现问题，不能移交线索")
    if entry.clue_id:
        return entry.clue
    name = entry.supplier_label or inspection.subject_name
    division = entry.supplier.division if entry.supplier_id else inspection.division
    problems = "、".join(entry.problem_labels())
    with transaction.atomic():
        before = snapshot(entry)
        clue = clue_open(
            source=ClueSource.INSPECTION,
            title=f"进销货台账问题：{name} {entry.product_name}",
            description=(
                f"{inspection.inspected_on:%Y-%m-%d} 检查 {inspection.subject_name}（{inspection.place}）"
                f"的进销货台账，{entry.get_direction_display()}记录：{entry.product_name} "
                f"{entry.quantity.normalize():f}{entry.unit}"
                + (f"，日期 {entry.entry_date:%Y-%m-%d}" if entry.entry_date else "")
                + (f"，凭证 {entry.voucher}" if entry.voucher else "")
                + f"，供货方 {name}。发现问题：{problems}。"
                + (f"{note.strip()}" if note.strip() else "")
            ),
            division=division,
            category=inspection.category,
            department=clue_department(division, inspection.category, Domain.CIRCULATION),
            domain=Domain.CIRCULATION,
            source_object=entry,
            dedupe_key=f"ledger-entry:{entry.pk}",
            actor=actor,
        )
        entry.clue = clue
        entry.save(update_fields=["clue"])
        audit_update(actor=actor, obj=entry, before=before, note="clue opened")
    return clue
