"""Transfers and copies between departments (移交 / 抄送): creating and acknowledging them, the
coordination level of a matter spanning divisions, and escalating transfers left unacknowledged."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from zhenwei.catalog.contracts import nearest_department
from zhenwei.core.access import actor_user, record_division
from zhenwei.core.audit import audit_record, audit_update, snapshot
from zhenwei.core.choices import AuditAction, Role, ShareKind
from zhenwei.core.models import Department, DepartmentKind, Division, Membership, Share
from zhenwei.core.workdays import add_working_days, working_days_between

from ..choices import CoordinationLevel, DeadlineCode, EventKind
from ..models import Case, CaseAction, ShareEscalation
from ._common import _event, _notify, target_url
from .deadlines import deadline_days, deadline_from


def coordination_level(a: Division, b: Division) -> str:
    """Where a matter spanning two divisions is coordinated (seed 002)."""
    ca, cb = a.ancestor_codes, b.ancestor_codes
    if ca[0] != cb[0]:
        return CoordinationLevel.MINISTRY
    county_a = next((c for c in ca if len(c) == 6 and not c.endswith("00")), None)
    county_b = next((c for c in cb if len(c) == 6 and not c.endswith("00")), None)
    if county_a == county_b:
        return CoordinationLevel.LOCAL
    pref_a = next((c for c in ca if len(c) == 6 and c.endswith("00") and not c.endswith("0000")), None)
    pref_b = next((c for c in cb if len(c) == 6 and c.endswith("00") and not c.endswith("0000")), None)
    return CoordinationLevel.CITY if pref_a == pref_b else CoordinationLevel.PROVINCE


def _common_division(a: Division, b: Division) -> Division | None:
    common = None
    for x, y in zip(a.ancestor_codes, b.ancestor_codes, strict=False):
        if x != y:
            break
        common = x
    return Division.objects.filter(code=common).first() if common else None


def campaign_office_for(division: Division) -> Department | None:
    """The department of the nearest campaign-office membership up the division tree, else the
    emergency-management department of the level above."""
    codes = list(reversed(division.ancestor_codes))
    offices = {}
    for m in (
        Membership.objects.filter(
            role=Role.CAMPAIGN_OFFICE,
            is_active=True,
            department__is_active=True,
            department__division__code__in=codes,
        )
        .select_related("department__division")
        .order_by("pk")
    ):
        offices.setdefault(m.department.division.code, m.department)
    for code in codes:
        if code in offices:
            return offices[code]
    emergency = DepartmentKind.objects.filter(code="emergency").first()
    if emergency is None:
        return None
    above = division.parent or division
    return nearest_department(kind_id=emergency.pk, division=above)


def share_create(
    *,
    target,
    kind: str,
    to_department: Department,
    actor,
    from_department: Department | None = None,
    reason: str = "",
    on: dt.date | None = None,
) -> Share:
    """Transfer (移交, the receiver acts) or copy (抄送, the receiver is informed) a record to a
    department, with an acknowledgement deadline in working days; the same open share is not made twice."""
    if kind not in ShareKind.values:
        raise ValidationError(gettext("未知方式：%(kind)s") % {"kind": kind})
    if from_department is not None and from_department.pk == to_department.pk:
        raise ValidationError(gettext("不能移交或抄送给本部门"))
    ct = ContentType.objects.get_for_model(target)
    existing = Share.objects.filter(
        content_type=ct,
        object_id=target.pk,
        kind=kind,
        to_department=to_department,
        acknowledged_at__isnull=True,
    ).first()
    if existing is not None:
        return existing
    sent = on or timezone.localdate()
    due = deadline_from(DeadlineCode.TRANSFER_ACK, sent)
    with transaction.atomic():
        share = Share.objects.create(
            content_type=ct,
            object_id=target.pk,
            kind=kind,
            from_department=from_department,
            to_department=to_department,
            reason=reason[:2000],
            created_by=actor_user(actor),
            due_at=timezone.make_aware(dt.datetime.combine(due, dt.time(23, 59))),
        )
        if on is not None:
            Share.objects.filter(pk=share.pk).update(
                created_at=timezone.make_aware(dt.datetime.combine(on, dt.time(10, 0)))
            )
            share.refresh_from_db()
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=share,
            division_id=getattr(record_division(target), "pk", None),
            after={"kind": kind, "to_department": to_department.pk, "target": f"{ct.model}:{target.pk}"},
            note=reason[:200],
        )
        if isinstance(target, Case):
            level = coordination_level(target.division, to_department.division)
            order = list(CoordinationLevel.values)
            if order.index(level) > order.index(target.coordination_level):
                Case.objects.filter(pk=target.pk).update(coordination_level=level)
                target.coordination_level = level
            _event(
                case=target,
                kind=EventKind.SHARED,
                actor=actor,
                note=f"{share.get_kind_display()}至{to_department}：{reason}",
                at=share.created_at if on else None,
            )
        _notify(
            kind="transfer" if kind == ShareKind.TRANSFER else "copy",
            title=f"{share.get_kind_display()}待签收：{target}",
            url=target_url(target),
            departments=[to_department],
            due=due,
            dedupe_key=f"share:{share.pk}",
            source_object=target,
            body=reason,
        )
    return share


def share_acknowledge(*, share: Share, actor, note: str = "") -> Share:
    """Acknowledge receipt (签收) of a transfer or copy; a police receipt also dates the transfer action."""
    if share.acknowledged_at is not None:
        raise ValidationError(
            gettext("已于 %(timezone_localtime_share)s 签收")
            % {
                "timezone_localtime_share": format(
                    timezone.localtime(share.acknowledged_at), "%Y-%m-%d %H:%M"
                )
            }
        )
    with transaction.atomic():
        before = snapshot(share)
        share.acknowledged_at = timezone.now()
        share.acknowledged_by = actor_user(actor)
        share.save(update_fields=["acknowledged_at", "acknowledged_by"])
        audit_update(actor=actor, obj=share, before=before, note=note or "acknowledge")
        target = share.target
        if isinstance(target, Case):
            _event(
                case=target,
                kind=EventKind.ACKNOWLEDGED,
                actor=actor,
                note=f"{share.to_department}签收 {note}".strip(),
            )
            CaseAction.objects.filter(share=share, police_received_on__isnull=True).update(
                police_received_on=timezone.localdate()
            )
        if target is not None:
            _mark_share_notifications_read(share, target)
    return share


def _mark_share_notifications_read(share: Share, target) -> None:
    """Once the receiving department signed, the notices that asked it to sign (share_create's
    "transfer"/"copy", the escalation's "overdue") are read for all its members, not only the signer."""
    from zhenwei.notifications.contracts import notification_mark_read_by_source

    sent_kind = "transfer" if share.kind == ShareKind.TRANSFER else "copy"
    for kind, key in ((sent_kind, f"share:{share.pk}"), ("overdue", f"share-escalated:{share.pk}")):
        notification_mark_read_by_source(
            source_object=target, departments=[share.to_department_id], kind=kind, dedupe_key=key
        )


def shares_escalate(*, today: dt.date | None = None, actor="escalation job") -> list[ShareEscalation]:
    """Escalate every transfer still unacknowledged after the configured working days to the campaign
    office (cross-county → city level; cross-province flagged for the ministry). Safe to run repeatedly."""
    today = today or timezone.localdate()
    days = deadline_days(DeadlineCode.TRANSFER_ESCALATE)
    done: list[ShareEscalation] = []
    pending = Share.objects.filter(
        kind=ShareKind.TRANSFER, acknowledged_at__isnull=True, escalated_at__isnull=True
    ).select_related("to_department__division", "from_department__division")
    for share in pending:
        sent = timezone.localdate(share.created_at)
        limit = add_working_days(sent, days)
        if today <= limit:
            continue
        with transaction.atomic():
            locked = Share.objects.select_for_update().get(pk=share.pk)
            if locked.escalated_at is not None or locked.acknowledged_at is not None:
                continue
            receiver = share.to_department.division
            target = share.target
            source_division = (
                share.from_department.division
                if share.from_department
                else (record_division(target) or receiver)
            )
            level = coordination_level(source_division, receiver)
            start = (
                receiver
                if level == CoordinationLevel.MINISTRY
                else (_common_division(source_division, receiver) or receiver)
            )
            office = campaign_office_for(start)
            escalation = ShareEscalation.objects.create(
                share=locked,
                escalated_to=office,
                level=level,
                flagged_for_ministry=level == CoordinationLevel.MINISTRY,
                division=receiver,
                working_days_overdue=working_days_between(limit, today),
            )
            locked.escalated_at = timezone.now()
            locked.save(update_fields=["escalated_at"])
            reason = (
                f"{share.to_department}逾期未签收{share.get_kind_display()}（{sent} 发出，"
                f"{days} 个工作日内应签收）"
                + ("；跨省事项，报部级协调" if escalation.flagged_for_ministry else "")
            )
            if office is not None and office.pk != share.to_department_id:
                Share.objects.create(
                    content_type=share.content_type,
                    object_id=share.object_id,
                    kind=ShareKind.COPY,
                    from_department=share.to_department,
                    to_department=office,
                    reason=f"升级督办：{reason}",
                    due_at=timezone.make_aware(
                        dt.datetime.combine(deadline_from(DeadlineCode.TRANSFER_ACK, today), dt.time(23, 59))
                    ),
                )
            audit_record(
                actor=actor,
                action=AuditAction.OTHER,
                obj=escalation,
                after={"share": share.pk, "to": getattr(office, "pk", None), "level": level},
                note=reason,
            )
            if isinstance(target, Case):
                _event(
                    case=target,
                    kind=EventKind.ESCALATED,
                    actor=None,
                    note=f"升级至{office or '上级'}：{reason}",
                )
            if office is not None:
                _notify(
                    kind="overdue",
                    title=f"移交逾期未签收：{target}",
                    url=target_url(target),
                    departments=[office, share.to_department],
                    due=limit,
                    dedupe_key=f"share-escalated:{share.pk}",
                    source_object=target,
                    body=reason,
                )
            done.append(escalation)
    return done
