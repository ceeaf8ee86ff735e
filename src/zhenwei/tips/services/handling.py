"""Handling: the workflow from acceptance (opening a clue) to the reply and closing, and internal
notes on the timeline."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from zhenwei.core.access import require
from zhenwei.core.audit import audit_record
from zhenwei.core.choices import AuditAction

from ..choices import TIP_TRANSITIONS, TipEventKind, TipStatus
from ..models import Tip, TipEvent
from .common import _audit, _event, _snap


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
    require(actor, "change", tip)
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
    require(actor, "change", tip)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": ["备注不能为空"]})
    with transaction.atomic():
        event = _event(tip, TipEventKind.NOTE, actor=actor, note=note, at=at)
        audit_record(
            actor=actor, action=AuditAction.UPDATE, obj=tip, after={"note": note[:200]}, note="internal note"
        )
    return event
