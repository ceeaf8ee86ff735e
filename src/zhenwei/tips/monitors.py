"""Village and neighbourhood market monitors (村组市场监督员, seed 004): the register, managed by the
officers of the division, and the monitors' reports, which an officer enters on the monitor's behalf
and which become tips (channel "market monitor", the monitor linked) routed and handled like any tip.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhenwei.core.access import actor_user, allowed, is_system_actor, require
from zhenwei.core.audit import audit_create, audit_record, audit_update, snapshot
from zhenwei.core.choices import AuditAction
from zhenwei.core.files import evidence_store
from zhenwei.core.masking import can_see_pii, mask_phone
from zhenwei.core.models import Department, Division

from .choices import TipChannel
from .models import MarketMonitor, Tip
from .services import MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, TipInput, tip_submit

_PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")
EDITABLE = ("name", "village", "division", "department", "phone", "appointed_on", "active", "note")


def _clean(monitor: MarketMonitor) -> None:
    errors: dict[str, list[str]] = {}
    monitor.name = (monitor.name or "").strip()
    monitor.village = (monitor.village or "").strip()
    monitor.phone = re.sub(r"[\s]", "", monitor.phone or "")
    monitor.note = (monitor.note or "").strip()
    if monitor.phone and not _PHONE.match(monitor.phone):
        errors["phone"] = ["请填写有效的手机号或固定电话"]
    if monitor.appointed_on and monitor.appointed_on > timezone.localdate():
        errors["appointed_on"] = ["聘任日期不能晚于今天"]
    if (
        monitor.department_id
        and monitor.division_id
        and not monitor.division.is_within(monitor.department.division)
    ):
        errors["division"] = ["监督员所在区划应在管理单位辖区内"]
    if errors:
        raise ValidationError(errors)
    monitor.full_clean()


def monitor_create(
    *,
    name: str,
    village: str,
    department: Department,
    appointed_on: dt.date,
    actor,
    division: Division | None = None,
    phone: str = "",
    active: bool = True,
    note: str = "",
) -> MarketMonitor:
    """Appoint a market monitor in a village or community of the department's division."""
    division = division or department.division
    require(actor, "change", division)
    monitor = MarketMonitor(
        name=name,
        village=village,
        division=division,
        department=department,
        phone=phone or "",
        appointed_on=appointed_on,
        active=active,
        note=note or "",
        created_by=actor_user(actor),
    )
    _clean(monitor)
    with transaction.atomic():
        monitor.save()
        audit_create(actor=actor, obj=monitor)
    return monitor


def monitor_update(*, monitor: MarketMonitor, actor, **fields) -> MarketMonitor:
    """Change a monitor's details, or end the appointment (active=False)."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"不能修改的字段：{', '.join(sorted(unknown))}")
    require(actor, "change", monitor)
    before = snapshot(monitor)
    for name, value in fields.items():
        setattr(monitor, name, value)
    try:
        require(actor, "change", monitor.division)  # a move stays inside the actor's divisions
        _clean(monitor)
    except (ValidationError, PermissionDenied):
        monitor.refresh_from_db()  # the caller's instance is left as stored
        raise
    with transaction.atomic():
        monitor.save()
        audit_update(actor=actor, obj=monitor, before=before)
    return monitor


def monitor_phone_shown(monitor: MarketMonitor, user) -> str:
    """The phone as ``user`` may read it: whole with "pii" in the monitor's division, else masked."""
    return monitor.phone if can_see_pii(user, monitor) else mask_phone(monitor.phone)


def monitor_report_submit(
    *,
    monitor: MarketMonitor,
    data: TipInput,
    actor,
    received_at: dt.datetime | None = None,
) -> Tip:
    """Enter a monitor's report (what, where, when, photos) as a tip on the monitor's behalf.

    The tip takes the channel "market monitor", links the monitor, and is checked for duplicates and
    routed by tips.services.tip_submit like any other tip. The place must lie in the monitor's
    division, and the officer must hold "change" there."""
    if is_system_actor(actor):
        raise PermissionDenied("监督员报告须由工作人员登记 (an officer enters a monitor's report)")
    require(actor, "change", monitor)
    if not monitor.active:
        raise ValidationError(f"{monitor.name} 已不在任，不能以其名义登记报告")
    if data.division is None:
        data.division = monitor.division
    if not data.division.is_within(monitor.division):
        raise ValidationError({"division": ["报告地点应在监督员所在区划内"]})
    if not allowed(actor, "change", data.division):
        raise PermissionDenied("无权在该行政区划登记报告")
    # The monitor is named by the link, not as a tipster: their identity is the register's.
    data.anonymous = True
    data.reporter_name = data.reporter_phone = data.reporter_id_number = ""
    # The photos are stored here, attached to the tip, in the same transaction (a refused file
    # leaves no tip behind); tip_submit stores a tipster's files the same way.
    attachments, data.attachments = list(data.attachments), []
    if len(attachments) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": [f"附件最多 {MAX_ATTACHMENTS} 个"]})
    with transaction.atomic():
        tip, _receipt = tip_submit(
            data=data,
            channel=TipChannel.MARKET_MONITOR,
            actor=actor,
            received_at=received_at,
        )
        for attachment in attachments:
            evidence_store(
                fileobj=attachment.fileobj,
                name=attachment.name,
                declared_type=attachment.content_type,
                actor=actor,
                attach_to=tip,
                division=tip.division,
                description="监督员报告附件",
                max_bytes=MAX_ATTACHMENT_BYTES,
            )
        Tip.objects.filter(pk=tip.pk).update(monitor=monitor)
        tip.monitor = monitor
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=tip,
            before={"monitor": None},
            after={"monitor": monitor.pk},
            note=f"market monitor report: {monitor.pk}",
        )
    return tip
