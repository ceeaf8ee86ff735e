"""Writes for tips: submission (public or hotline), classification and routing, duplicates, the
workflow and the tipster's identity. Each writes its audit row in the same transaction."""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from typing import IO

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from zhenwei.catalog.choices import RoutingPurpose, RoutingRole
from zhenwei.catalog.contracts import route
from zhenwei.catalog.models import ProductCategory
from zhenwei.core.access import require_access, require_capability, user_scope
from zhenwei.core.audit import audit_record, snapshot
from zhenwei.core.choices import AuditAction, ShareKind
from zhenwei.core.files import evidence_store
from zhenwei.core.masking import disclose, mask_id_number, mask_name, mask_phone
from zhenwei.core.models import Department, Division, Share
from zhenwei.core.validators import id_number_problem, uscc_problem
from zhenwei.core.workdays import add_working_days

from .choices import (
    TIP_TRANSITIONS,
    DuplicateReason,
    TipChannel,
    TipEventKind,
    TipKind,
    TipStatus,
    WrongKind,
)
from .duplicates import clean_identifier, find_duplicate, text_key, url_key
from .models import Tip, TipEvent, TipRouting
from .receipt import receipt_digest, receipt_new

log = logging.getLogger(__name__)

# Working days for the acceptance decision (受理决定), by kind.
ACCEPTANCE_WORKING_DAYS = {TipKind.TIP: 15, TipKind.COMPLAINT: 7}
MAX_ATTACHMENTS = 6
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MIN_DESCRIPTION = 10
# Fields kept out of the audit trail: the tipster's identity is protected even from auditors.
PII_FIELDS = ("reporter_name", "reporter_phone", "reporter_id_number")
AUDIT_FIELDS = [
    "number",
    "kind",
    "channel",
    "status",
    "category",
    "wrong_kind",
    "subject_name",
    "subject_credit_code",
    "identity_code",
    "certificate_number",
    "website_url",
    "training_institution",
    "division",
    "address",
    "occurred_on",
    "anonymous",
    "received_at",
    "acceptance_due",
    "accepted_at",
    "closed_at",
    "lead_department",
    "clue",
    "duplicate_of",
    "duplicate_reason",
]
_PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")


def _snap(tip: Tip) -> dict:
    return snapshot(tip, AUDIT_FIELDS)


def _audit(tip: Tip, actor, action: str, before: dict | None = None, note: str = "") -> None:
    after = _snap(tip)
    if before is not None:
        changed = {k for k in after if before.get(k) != after.get(k)}
        before = {k: before.get(k) for k in changed}
        after = {k: after[k] for k in changed}
    audit_record(actor=actor, action=action, obj=tip, before=before, after=after, note=note)


@dataclass
class Attachment:
    """An uploaded file to store with a tip."""

    fileobj: IO[bytes]
    name: str
    content_type: str | None = None


@dataclass
class TipInput:
    """What a tipster (or an operator on their behalf) tells us."""

    description: str
    division: Division
    kind: str = TipKind.TIP
    category: ProductCategory | None = None
    wrong_kind: str = WrongKind.OTHER
    subject_name: str = ""
    subject_credit_code: str = ""
    product_name: str = ""
    identity_code: str = ""
    certificate_number: str = ""
    website_url: str = ""
    training_institution: str = ""
    address: str = ""
    occurred_on: dt.date | None = None
    anonymous: bool = True
    reporter_name: str = ""
    reporter_phone: str = ""
    reporter_id_number: str = ""
    attachments: list[Attachment] = field(default_factory=list)


def _validate(data: TipInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    description = (data.description or "").strip()
    if len(description) < MIN_DESCRIPTION:
        add("description", f"请描述发现的情况（至少 {MIN_DESCRIPTION} 个字）")
    if data.kind not in TipKind.values:
        add("kind", f"未知的类型：{data.kind}")
    if data.wrong_kind not in WrongKind.values:
        add("wrong_kind", f"未知的违法类型：{data.wrong_kind}")
    if data.subject_credit_code and (problem := uscc_problem(data.subject_credit_code)):
        add("subject_credit_code", problem)
    if data.occurred_on and data.occurred_on > timezone.localdate():
        add("occurred_on", "发现日期不能晚于今天")
    if data.website_url and not url_key(data.website_url):
        add("website_url", "网址格式不正确")
    if not data.anonymous:
        if not data.reporter_name.strip():
            add("reporter_name", "实名举报请填写姓名（或选择匿名）")
        if not _PHONE.match(data.reporter_phone.strip()):
            add("reporter_phone", "实名举报请填写有效的手机号或固定电话")
        if data.reporter_id_number and (problem := id_number_problem(data.reporter_id_number)):
            add("reporter_id_number", problem)
    if len(data.attachments) > MAX_ATTACHMENTS:
        add("attachments", f"附件最多 {MAX_ATTACHMENTS} 个")
    return errors


def tip_submit(
    *,
    data: TipInput,
    channel: str = TipChannel.WEB,
    actor=None,
    network: str = "",
    received_at: dt.datetime | None = None,
    receipt: str | None = None,
    auto_route: bool = True,
) -> tuple[Tip, str]:
    """Register a tip from the public form (no actor) or from a hotline operator; returns the tip and
    its receipt code, which is shown once and never stored in clear.

    The tip is checked for duplicates and routed to the lead department; attachments are stored in
    the same transaction, so a refused file leaves nothing behind.
    """
    if channel not in TipChannel.values:
        raise ValidationError({"channel": [f"未知的渠道：{channel}"]})
    if actor is None and channel != TipChannel.WEB:
        raise ValidationError({"channel": ["公众只能通过网上渠道举报"]})
    if actor is not None:
        # A hotline takes calls about any place and the tip is routed there; other staff (officers
        # taking letters and visits) register tips in their own divisions only.
        if not user_scope(actor).can("hotline"):
            require_capability(actor, "change", data.division)
    errors = _validate(data)
    if errors:
        raise ValidationError(errors)
    received_at = received_at or timezone.now()
    receipt = receipt or receipt_new()
    anonymous = data.anonymous
    with transaction.atomic():
        tip = Tip(
            receipt_digest=receipt_digest(receipt),
            receipt_hint=receipt[-4:],
            kind=data.kind,
            channel=channel,
            category=data.category,
            wrong_kind=data.wrong_kind,
            subject_name=data.subject_name.strip()[:200],
            subject_credit_code=clean_identifier(data.subject_credit_code)[:18],
            product_name=data.product_name.strip()[:200],
            identity_code=clean_identifier(data.identity_code)[:40],
            certificate_number=clean_identifier(data.certificate_number)[:40],
            website_url=data.website_url.strip()[:500],
            url_key=url_key(data.website_url),
            training_institution=data.training_institution.strip()[:200],
            division=data.division,
            address=data.address.strip()[:300],
            occurred_on=data.occurred_on,
            description=data.description.strip(),
            description_norm=text_key(data.description),
            anonymous=anonymous,
            reporter_name="" if anonymous else data.reporter_name.strip()[:64],
            reporter_phone="" if anonymous else data.reporter_phone.strip()[:20],
            reporter_id_number="" if anonymous else data.reporter_id_number.strip().upper()[:18],
            received_at=received_at,
            acceptance_due=add_working_days(
                timezone.localtime(received_at).date(), ACCEPTANCE_WORKING_DAYS[data.kind]
            ),
            network=network[:50],
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        tip.save()
        tip.number = f"JB{timezone.localtime(received_at):%Y%m%d}{tip.pk:06d}"
        tip.save(update_fields=["number"])
        _event(
            tip,
            TipEventKind.RECEIVED,
            actor=actor,
            at=received_at,
            to_status=TipStatus.RECEIVED,
            public=True,
            public_text=f"已收到您的{tip.get_kind_display()}（{tip.get_channel_display()}），将在 {tip.acceptance_due:%Y-%m-%d} 前作出是否受理的决定。",
        )
        audit_record(
            actor=actor or "public",
            action=AuditAction.CREATE,
            obj=tip,
            after=_snap(tip),
            note=f"channel {channel}" + (f", network {network}" if network else ""),
        )
        for attachment in data.attachments:
            evidence_store(
                fileobj=attachment.fileobj,
                name=attachment.name,
                declared_type=attachment.content_type,
                actor=actor,
                attach_to=tip,
                division=tip.division,
                description="举报附件",
                max_bytes=MAX_ATTACHMENT_BYTES,
            )
        match = find_duplicate(tip)
        if match is not None:
            _link(
                tip,
                Tip.objects.get(pk=match.original_id),
                match.reason,
                match.score,
                actor=actor,
                at=received_at,
            )
        if auto_route:
            _route(tip, actor=actor, at=received_at)
    return tip, receipt


def _event(
    tip: Tip,
    kind: str,
    *,
    actor=None,
    at=None,
    from_status="",
    to_status="",
    note="",
    public=False,
    public_text="",
):
    return TipEvent.objects.create(
        tip=tip,
        at=at or timezone.now(),
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        note=note,
        public=public,
        public_text=public_text,
        actor=actor if getattr(actor, "pk", None) else None,
    )


# --- routing -----------------------------------------------------------------------------------


def _require_change(tip: Tip, actor) -> None:
    if actor is None:
        raise PermissionDenied(gettext("需要登录"))
    # Fast path, same rule as restrict(): "change" held in a division containing the tip's; only
    # otherwise ask the database (the tip may have been transferred to one of the actor's departments).
    if user_scope(actor).can_in("change", tip.division):
        return
    require_access(actor, tip, "change")


def _actor_department(actor, tip: Tip) -> Department | None:
    """The actor's department that holds the tip's division (the unit a routing is sent from)."""
    if not getattr(actor, "pk", None):
        return None
    for m in actor.memberships.filter(is_active=True).select_related("department__division"):
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
            created_by=actor if getattr(actor, "pk", None) else None,
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
            routed_by=actor if getattr(actor, "pk", None) else None,
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
        _require_change(tip, actor)
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
    _require_change(tip, actor)
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
        if tip.clue_id and tip.clue.department_id != department.pk:
            from zhenwei.cases.models import Clue

            Clue.objects.filter(pk=tip.clue_id).update(department=department)
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
    _require_change(tip, actor)
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


# --- duplicates --------------------------------------------------------------------------------


def _link(tip: Tip, original: Tip, reason: str, score: float | None, *, actor, at=None) -> None:
    before = _snap(tip)
    tip.duplicate_of = original
    tip.duplicate_reason = reason
    tip.duplicate_score = score
    tip.save(update_fields=["duplicate_of", "duplicate_reason", "duplicate_score", "updated_at"])
    _event(
        tip,
        TipEventKind.DUPLICATE,
        actor=actor,
        at=at,
        note=f"与 {original.number} 重复（{DuplicateReason(reason).label}"
        + (f"，相似度 {score:.2f}）" if score is not None and reason == DuplicateReason.TEXT else "）"),
    )
    _audit(tip, actor or "system", AuditAction.UPDATE, before, note=f"duplicate of {original.number}")


def tip_link_duplicate(*, tip: Tip, original: Tip, actor) -> Tip:
    """Staff mark a tip as repeating another (linked, never deleted)."""
    _require_change(tip, actor)
    require_access(actor, original, "view")
    if original.pk == tip.pk:
        raise ValidationError(gettext("不能与自身关联"))
    root = original
    while root.duplicate_of_id:
        root = root.duplicate_of
        if root.pk == tip.pk:
            raise ValidationError(gettext("关联会形成循环"))
    with transaction.atomic():
        _link(tip, root, DuplicateReason.MANUAL, None, actor=actor)
    return tip


def tip_unlink_duplicate(*, tip: Tip, actor, reason: str = "") -> Tip:
    """Undo a duplicate link (wrongly detected); the tip is then handled on its own."""
    _require_change(tip, actor)
    if tip.duplicate_of_id is None:
        raise ValidationError(gettext("该举报未被标记为重复"))
    with transaction.atomic():
        before = _snap(tip)
        original = tip.duplicate_of
        tip.duplicate_of = None
        tip.duplicate_reason = ""
        tip.duplicate_score = None
        tip.save(update_fields=["duplicate_of", "duplicate_reason", "duplicate_score", "updated_at"])
        _event(
            tip,
            TipEventKind.UNLINKED,
            actor=actor,
            note=f"解除与 {original.number} 的重复关联：{reason}".rstrip("："),
        )
        _audit(tip, actor, AuditAction.UPDATE, before, note="unlink duplicate")
    return tip


# --- workflow ----------------------------------------------------------------------------------


def tip_transition(
    *,
    tip: Tip,
    to: str,
    actor,
    note: str = "",
    public_text: str = "",
    at: dt.datetime | None = None,
    domain: str = "",
) -> Tip:
    """Move a tip along the transitions table, with a timeline entry and an audit row.

    Accepting opens a clue (cases.clue_open, source "tip") for the lead department; not accepting
    needs a reason, which the tipster reads; a reply needs its text.
    """
    _require_change(tip, actor)
    at = at or timezone.now()
    with transaction.atomic():
        tip = Tip.objects.select_for_update().get(pk=tip.pk)
        allowed = TIP_TRANSITIONS.get(tip.status, frozenset())
        if to not in allowed:
            raise ValidationError(
                gettext("不能从“%(tipstatus_tip_status_lab)s”变为“%(tipstatus_to_label_if_to)s”")
                % {
                    "tipstatus_tip_status_lab": TipStatus(tip.status).label,
                    "tipstatus_to_label_if_to": TipStatus(to).label if to in TipStatus.values else to,
                }
            )
        before = _snap(tip)
        from_status = tip.status
        note, public_text = (note or "").strip(), (public_text or "").strip()
        if to == TipStatus.NOT_ACCEPTED:
            if not public_text and not note:
                raise ValidationError({"reason": ["不予受理必须说明理由"]})
            tip.not_accepted_reason = public_text or note
            public_text = f"不予受理：{tip.not_accepted_reason}"
            tip.closed_at = at
        elif to == TipStatus.ACCEPTED:
            if tip.lead_department is None:
                raise ValidationError(gettext("请先分办到承办部门再受理"))
            tip.accepted_at = at
            public_text = public_text or f"已受理，交{tip.lead_department.name}办理。"
            _open_clue(tip, actor=actor, domain=domain, at=at)
        elif to == TipStatus.REPLIED:
            if not public_text:
                raise ValidationError({"public_text": ["答复举报人须填写答复内容"]})
        elif to == TipStatus.CLOSED:
            tip.closed_at = at
            public_text = public_text or "已办结。"
        elif to == TipStatus.HANDLING:
            public_text = public_text or "承办部门正在调查处理。"
        tip.status = to
        tip.save()
        _event(
            tip,
            TipEventKind.REPLY if to == TipStatus.REPLIED else TipEventKind.TRANSITION,
            actor=actor,
            at=at,
            from_status=from_status,
            to_status=to,
            note=note,
            public=True,
            public_text=public_text,
        )
        _audit(tip, actor, AuditAction.TRANSITION, before, note=f"{from_status} → {to}")
    return tip


def _open_clue(tip: Tip, *, actor, domain: str, at=None) -> None:
    from zhenwei.cases.contracts import clue_open

    what = (
        tip.product_name
        or tip.subject_name
        or tip.website_url
        or tip.certificate_number
        or tip.training_institution
    )
    title = f"举报线索 {tip.number}：{tip.category.name if tip.category else '未分类'}" + (
        f" · {what}" if what else ""
    )
    clue = clue_open(
        source="tip",
        title=title,
        division=tip.division,
        category=tip.category,
        department=tip.lead_department,
        description=tip.description,
        source_object=tip,
        dedupe_key=f"tip:{tip.duplicate_of_id or tip.pk}",
        domain=domain,
        actor=actor,
    )
    tip.clue = clue
    _event(tip, TipEventKind.CLUE, actor=actor, at=at, note=f"转为线索：{clue.title}")


def tip_accept(*, tip: Tip, actor, note: str = "", domain: str = "", at=None) -> Tip:
    return tip_transition(tip=tip, to=TipStatus.ACCEPTED, actor=actor, note=note, domain=domain, at=at)


def tip_decline(*, tip: Tip, actor, reason: str, note: str = "", at=None) -> Tip:
    return tip_transition(
        tip=tip, to=TipStatus.NOT_ACCEPTED, actor=actor, note=note, public_text=reason, at=at
    )


def tip_reply(*, tip: Tip, actor, text: str, note: str = "", at=None) -> Tip:
    return tip_transition(tip=tip, to=TipStatus.REPLIED, actor=actor, note=note, public_text=text, at=at)


def tip_close(*, tip: Tip, actor, note: str = "", public_text: str = "", at=None) -> Tip:
    return tip_transition(
        tip=tip, to=TipStatus.CLOSED, actor=actor, note=note, public_text=public_text, at=at
    )


def tip_note(*, tip: Tip, actor, note: str, at: dt.datetime | None = None) -> TipEvent:
    """An internal note on the timeline (never shown to the tipster)."""
    _require_change(tip, actor)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": ["备注不能为空"]})
    with transaction.atomic():
        event = _event(tip, TipEventKind.NOTE, actor=actor, note=note, at=at)
        audit_record(
            actor=actor, action=AuditAction.UPDATE, obj=tip, after={"note": note[:200]}, note="internal note"
        )
    return event


# --- identity ----------------------------------------------------------------------------------


def can_see_identity(user, tip: Tip) -> bool:
    return user_scope(user).can_in("tipster", tip.division)


def tip_identity(*, tip: Tip, user, reveal: bool = True) -> dict:
    """The tipster's identity: whole for holders of the "tipster" capability (audited view_pii),
    masked for everyone else."""
    if tip.anonymous:
        return {"anonymous": True, "name": "", "phone": "", "id_number": "", "masked": False}
    if reveal and can_see_identity(user, tip):
        # One view_pii row per answer (zhenwei.core.masking), naming the tip.
        disclose(
            tip,
            user=user,
            kinds=[f for f in PII_FIELDS if getattr(tip, f)],
            values=[tip.reporter_phone, tip.reporter_id_number],
            note="tipster identity",
        )
        return {
            "anonymous": False,
            "name": tip.reporter_name,
            "phone": tip.reporter_phone,
            "id_number": tip.reporter_id_number,
            "masked": False,
        }
    return masked_identity(tip)


def masked_identity(tip: Tip) -> dict:
    if tip.anonymous:
        return {"anonymous": True, "name": "", "phone": "", "id_number": "", "masked": False}
    return {
        "anonymous": False,
        "name": mask_name(tip.reporter_name),
        "phone": mask_phone(tip.reporter_phone),
        "id_number": mask_id_number(tip.reporter_id_number),
        "masked": True,
    }
