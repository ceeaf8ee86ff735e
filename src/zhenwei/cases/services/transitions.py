"""Case status changes: the one transition service, the closing rule (no open or missing required
actions) and the moves an action implies."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from zhenwei.core.access import require
from zhenwei.core.audit import audit_record, snapshot
from zhenwei.core.choices import AuditAction

from ..choices import ActionKind, ActionStatus, CaseStatus, EventKind
from ..models import Case
from ..workflow import NOTE_REQUIRED, REQUIRED_ACTIONS, allowed_targets
from ._common import _event


class CaseCloseBlocked(Exception):
    """Closing refused because required actions are open or missing; the API answers 409."""

    def __init__(self, detail: str, blocking: list[dict[str, Any]]):
        super().__init__(detail)
        self.detail = detail
        self.blocking = blocking


def case_blocking_actions(*, case: Case) -> list[dict[str, Any]]:
    """What stops a case from closing: open actions, and required actions of its kind not yet done."""
    actions = list(case.actions.all())
    blocking: list[dict[str, Any]] = []
    for a in actions:
        if a.status == ActionStatus.OPEN:
            blocking.append(
                {
                    "id": a.pk,
                    "kind": a.kind,
                    "kind_display": str(a.get_kind_display()),
                    "title": a.title,
                    "due_on": a.due_on.isoformat() if a.due_on else None,
                    "reason": "open",
                    "message": f"{a.get_kind_display()}“{a.title or a.get_kind_display()}”尚未完成",
                }
            )
    settled = {a.kind for a in actions if a.status in (ActionStatus.DONE, ActionStatus.CANCELLED)}
    for kind in REQUIRED_ACTIONS.get(case.kind, ()):
        if kind not in settled and not any(a.kind == kind and a.status == ActionStatus.OPEN for a in actions):
            label = ActionKind(kind).label
            blocking.append(
                {
                    "id": None,
                    "kind": kind,
                    "kind_display": str(label),
                    "title": "",
                    "due_on": None,
                    "reason": "missing",
                    "message": gettext("%(kind)s案件必须完成“%(action)s”")
                    % {"kind": case.get_kind_display(), "action": label},
                }
            )
    rechecks = [a for a in actions if a.kind == ActionKind.RECHECK and a.status == ActionStatus.DONE]
    if rechecks and rechecks[-1].recheck_passed is False:
        last = rechecks[-1]
        blocking.append(
            {
                "id": last.pk,
                "kind": last.kind,
                "kind_display": str(last.get_kind_display()),
                "title": last.title,
                "due_on": None,
                "reason": "recheck_failed",
                "message": "最近一次复查不合格，须再次责令改正并复查",
            }
        )
    return blocking


def case_transition(*, case: Case, to: str, actor, note: str = "", on: dt.date | None = None) -> Case:
    """The one way to change a case's status: checks the transitions table and closing rules,
    writes the audit row and a timeline event in the same transaction."""
    require(actor, "change", case)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if to not in CaseStatus.values:
            raise ValidationError(gettext("未知状态：%(to)s") % {"to": to})
        if to == case.status:
            raise ValidationError(
                gettext("案件已处于“%(case_get_status_display)s”状态")
                % {"case_get_status_display": case.get_status_display()}
            )
        if to == CaseStatus.CLOSED and case.status not in (CaseStatus.CLOSED, CaseStatus.DISMISSED):
            # Blocking actions are the more useful answer (409) than "not from this state" (400).
            blocking = case_blocking_actions(case=case)
            if blocking:
                raise CaseCloseBlocked(
                    f"案件 {case.number} 还有 {len(blocking)} 项措施未完成，不能结案："
                    + "；".join(b["message"] for b in blocking),
                    blocking,
                )
        if to not in allowed_targets(case.status):
            allowed = "、".join(str(CaseStatus(s).label) for s in allowed_targets(case.status)) or "无"
            raise ValidationError(
                gettext(
                    "不能从“%(case_get_status_display)s”变更为“%(casestatus_to_label)s”（可变更为：%(allowed)s）"
                )
                % {
                    "case_get_status_display": case.get_status_display(),
                    "casestatus_to_label": CaseStatus(to).label,
                    "allowed": allowed,
                }
            )
        if (case.status, to) in NOTE_REQUIRED and not note.strip():
            raise ValidationError(
                gettext("变更为“%(casestatus_to_label)s”必须说明理由")
                % {"casestatus_to_label": CaseStatus(to).label}
            )
        before = snapshot(case)
        from_status = case.status
        case.status = to
        if to in (CaseStatus.CLOSED, CaseStatus.DISMISSED):
            case.closed_on = on or timezone.localdate()
            case.close_note = note
        elif from_status in (CaseStatus.CLOSED, CaseStatus.DISMISSED):
            case.closed_on = None
        case.save()
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=case,
            before={"status": before["status"]},
            after={"status": to},
            note=note,
        )
        _event(
            case=case,
            kind=EventKind.TRANSITION,
            actor=actor,
            from_status=from_status,
            to_status=to,
            note=note,
            at=timezone.make_aware(dt.datetime.combine(on, dt.time(17, 0))) if on else None,
        )
    return case


def _maybe_move(case: Case, to: str, actor, note: str, on=None) -> None:
    """Move the case on when an action implies it and the table allows it (registered → investigating first)."""
    case.refresh_from_db()
    if case.status == to:
        return
    if case.status == CaseStatus.REGISTERED and to != CaseStatus.INVESTIGATING:
        case_transition(case=case, to=CaseStatus.INVESTIGATING, actor=actor, note=note, on=on)
        case.refresh_from_db()
    if to in allowed_targets(case.status):
        case_transition(case=case, to=to, actor=actor, note=note, on=on)
