"""Routing: by the rules (category × division → departments), by hand with a reason, and again when
the tip is classified; the lead department gets a transfer where it needs one, the others copies."""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from zhenwei.cases.contracts import clue_reassign
from zhenwei.catalog.choices import RoutingPurpose, RoutingRole
from zhenwei.catalog.contracts import route
from zhenwei.catalog.models import ProductCategory
from zhenwei.core.access import actor_user, require
from zhenwei.core.audit import audit_record
from zhenwei.core.choices import AuditAction, ShareKind
from zhenwei.core.models import Department, Share
from zhenwei.core.workdays import add_working_days

from ..choices import TipEventKind, TipKind, TipStatus, WrongKind
from ..models import Tip, TipRouting
from .common import ACCEPTANCE_WORKING_DAYS, _audit, _event, _snap

log = logging.getLogger(__name__)


def _actor_department(actor, tip: Tip) -> Department | None:
    """The actor's department that holds the tip's division (the unit a routing is sent from)."""
    user = actor_user(actor)
    if user is None:
        return None
    for m in user.memberships.filter(is_active=True).select_related("department__division"):
        if tip.division.is_within(m.department.division):
            return m.department
    return None


def _share(
    tip: Tip, department: Department, kind: str, actor, reason: str, from_department: Department | None = None
) -> None:
    ct = ContentType.objects.get_for_model(Tip)
    exists = Share.objects.filter(
        content_type=ct, object_id=tip.pk, to_department=department, kind=kind
    ).exists()
    if not exists:
        share = Share.objects.create(
            content_type=ct,
            object_id=tip.pk,
            kind=kind,
            to_department=department,
            from_department=from_department if from_department != department else None,
            reason=reason[:500],
            created_by=actor_user(actor),
        )
        audit_record(
            actor=actor or "system",
            action=AuditAction.CREATE,
            obj=share,
            division_id=tip.division_id,
            after={"tip": tip.pk, "kind": kind, "to_department": department.pk},
        )


def _apply_routing(
    tip: Tip, targets: list[tuple[Department, str, int | None]], *, actor, reason: str, at
) -> None:
    TipRouting.objects.filter(tip=tip, is_current=True).update(is_current=False)
    lead = None
    # The unit a copy comes from: the lead department (it leads, the others cooperate or are told);
    # the lead's own transfer comes from the routing officer's department (none for rule-only routing).
    sender = _actor_department(actor, tip)
    lead_target = next((d for d, r, _rule in targets if r == RoutingRole.LEAD), None)
    for department, role, rule_id in targets:
        TipRouting.objects.create(
            tip=tip,
            department=department,
            role=role,
            rule_id=rule_id,
            reason=reason[:300],
            routed_by=actor_user(actor),
            routed_at=at,
        )
        if role == RoutingRole.LEAD and lead is None:
            lead = department
            # A lead outside the tip's own division tree needs a transfer to see and act on it.
            if not tip.division.is_within(department.division):
                _share(
                    tip,
                    department,
                    ShareKind.TRANSFER,
                    actor,
                    reason or f"举报分办（{RoutingRole.LEAD.label}）",
                    from_department=sender,
                )
        else:
            label = RoutingRole(role).label if role in RoutingRole.values else role
            _share(
                tip,
                department,
                ShareKind.COPY,
                actor,
                reason or f"举报分办（{label}）",
                from_department=lead_target or sender,
            )
    tip.lead_department = lead
    tip.routed_at = at


def _notify_routed(tip: Tip) -> None:
    """Tell the lead department."""
    if tip.lead_department is None:
        return
    from django.urls import reverse

    from zhenwei.notifications.contracts import notify

    try:
        notify(
            kind="tip_routed",
            title=f"新分办举报 {tip.number}：{tip.category or '未分类'}（{tip.division.full_name}）",
            url=reverse("tips:detail", args=[tip.pk]),
            departments=[tip.lead_department],
            due=tip.acceptance_due if tip.status == TipStatus.RECEIVED else None,
            dedupe_key=f"tip-routed:{tip.pk}:{tip.lead_department_id}",
            source_object=tip,
        )
    except Exception:  # noqa: BLE001 - the tip is committed; a failed notice must not fail the request
        log.exception("could not notify the lead department of tip %s", tip.pk)


def tip_route(*, tip: Tip, actor=None, domain: str = "", at=None) -> Tip:
    """Route by the rules (purpose "tip"): the most specific lead rule's department in the division
    or the nearest above; cooperating departments and copies get a copy (Share kind copy)."""
    if actor is not None:
        require(actor, "change", tip)
    return _route(tip, actor=actor, domain=domain, at=at)


def _route(tip: Tip, *, actor, domain: str = "", at=None) -> Tip:
    at = at or timezone.now()
    with transaction.atomic():
        before = _snap(tip)
        found = route(purpose=RoutingPurpose.TIP, division=tip.division, category=tip.category, domain=domain)
        targets = [(t.department, t.role, t.rule_id) for t in found]
        _apply_routing(tip, targets, actor=actor, reason="", at=at)
        tip.save(update_fields=["lead_department", "routed_at", "updated_at"])
        if tip.lead_department is not None:
            _event(
                tip,
                TipEventKind.ROUTED,
                actor=actor,
                at=at,
                note="按分办规则：" + "；".join(f"{d.name}（{RoutingRole(r).label}）" for d, r, _ in targets),
            )
        else:
            _event(tip, TipEventKind.ROUTED, actor=actor, at=at, note="无匹配的分办规则，待人工分办")
        _audit(tip, actor or "system", AuditAction.UPDATE, before, note="routing by rules")
        transaction.on_commit(lambda: _notify_routed(tip))
    return tip


def tip_reroute(
    *, tip: Tip, actor, department: Department, reason: str, at: dt.datetime | None = None
) -> Tip:
    """Staff send a tip to another lead department, with a reason; the old routing stays on record."""
    require(actor, "change", tip)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["改派必须填写理由"]})
    if not department.is_active:
        raise ValidationError({"department": ["该部门已停用"]})
    if tip.status in (TipStatus.NOT_ACCEPTED, TipStatus.CLOSED):
        raise ValidationError(gettext("已办结或不予受理的举报不能改派"))
    with transaction.atomic():
        before = _snap(tip)
        kept = [
            (r.department, r.role, r.rule_id)
            for r in tip.routings.filter(is_current=True)
            .exclude(role=RoutingRole.LEAD)
            .exclude(department=department)
        ]
        _apply_routing(
            tip,
            [(department, RoutingRole.LEAD, None), *kept],
            actor=actor,
            reason=reason,
            at=at or timezone.now(),
        )
        tip.save(update_fields=["lead_department", "routed_at", "updated_at"])
        if tip.clue_id:
            clue_reassign(clue=tip.clue, department=department, actor=actor, note=f"tip reroute: {reason}")
        _event(tip, TipEventKind.REROUTED, actor=actor, at=at, note=f"改派至 {department.name}：{reason}")
        _audit(tip, actor, AuditAction.UPDATE, before, note=f"reroute: {reason}")
        transaction.on_commit(lambda: _notify_routed(tip))
    return tip


def tip_classify(
    *,
    tip: Tip,
    actor,
    category: ProductCategory | None,
    wrong_kind: str,
    kind: str | None = None,
    domain: str = "",
) -> Tip:
    """Set category, kind of wrong (and tip/complaint); a changed category routes the tip again."""
    require(actor, "change", tip)
    if wrong_kind not in WrongKind.values:
        raise ValidationError({"wrong_kind": [f"未知的违法类型：{wrong_kind}"]})
    if kind is not None and kind not in TipKind.values:
        raise ValidationError({"kind": [f"未知的类型：{kind}"]})
    with transaction.atomic():
        before = _snap(tip)
        category_changed = (category.pk if category else None) != tip.category_id
        tip.category = category
        tip.wrong_kind = wrong_kind
        if kind is not None and kind != tip.kind:
            tip.kind = kind
            tip.acceptance_due = add_working_days(
                timezone.localtime(tip.received_at).date(), ACCEPTANCE_WORKING_DAYS[kind]
            )
        tip.save()
        _event(
            tip,
            TipEventKind.NOTE,
            actor=actor,
            note=f"分类：{category or '未分类'} / {tip.get_wrong_kind_display()}",
        )
        _audit(tip, actor, AuditAction.UPDATE, before, note="classify")
        if category_changed or domain:
            tip_route(tip=tip, actor=actor, domain=domain)
    return tip
