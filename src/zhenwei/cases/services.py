"""Writes for clues and cases. Every source opens a clue through clue_open(); every case status change
goes through case_transition(); every transfer or copy between departments through share_create()."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from zhenwei.catalog.choices import RoutingPurpose
from zhenwei.catalog.contracts import lead_department, nearest_department
from zhenwei.core.access import require_change_of
from zhenwei.core.audit import audit_create, audit_record, audit_update, snapshot
from zhenwei.core.choices import AuditAction, Role, ShareKind
from zhenwei.core.models import Department, DepartmentKind, Division, Membership, Share
from zhenwei.core.workdays import add_working_days, working_days_between

from .choices import (
    ActionKind,
    ActionStatus,
    CaseKind,
    CaseStatus,
    ClueSource,
    ClueStatus,
    CoordinationLevel,
    DeadlineCode,
    EventKind,
    PoliceDecision,
)
from .models import Case, CaseAction, CaseEvent, Clue, DeadlineRule, ShareEscalation
from .workflow import ACTION_MOVES_CASE, DEFAULT_DEADLINES, NOTE_REQUIRED, allowed_targets

log = logging.getLogger(__name__)


class CaseCloseBlocked(Exception):
    """Closing refused because required actions are open or missing; the API answers 409."""

    def __init__(self, detail: str, blocking: list[dict[str, Any]]):
        super().__init__(detail)
        self.detail = detail
        self.blocking = blocking


# ---------------------------------------------------------------- deadlines


def deadline_days(code: str) -> int:
    """Working days for a deadline: the administrator's DeadlineRule row, else the built-in default."""
    row = DeadlineRule.objects.filter(code=code).values_list("working_days", flat=True).first()
    return row if row is not None else DEFAULT_DEADLINES[code]


def deadline_from(code: str, start: dt.date | dt.datetime) -> dt.date:
    return add_working_days(start, deadline_days(code))


def _notify(**kwargs) -> None:
    """Send through the notification service; never fail the caller's write."""
    from zhenwei.notifications.contracts import notify

    try:
        notify(**kwargs)
    except Exception:  # noqa: BLE001 - a notification problem must not undo a transfer
        log.exception("notify failed for %s", kwargs.get("dedupe_key"))


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


# ---------------------------------------------------------------- clues


def clue_open(
    *,
    source: str,
    title: str,
    division,
    category=None,
    department=None,
    description: str = "",
    source_object=None,
    dedupe_key: str = "",
    domain: str = "",
    actor=None,
) -> Clue:
    """Open a clue, routed to the lead department unless one is given; with a dedupe_key, an open
    clue for the same matter is returned instead of a second one."""
    with transaction.atomic():
        if dedupe_key:
            existing = (
                Clue.objects.select_for_update()
                .filter(dedupe_key=dedupe_key)
                .exclude(status=ClueStatus.CLOSED)
                .first()
            )
            if existing is not None:
                return existing
        if department is None:
            department = lead_department(
                purpose=RoutingPurpose.CLUE, division=division, category=category, domain=domain
            )
        clue = Clue.objects.create(
            source=source,
            title=title[:200],
            description=description,
            category=category,
            division=division,
            department=department,
            domain=domain or "",
            source_type=ContentType.objects.get_for_model(source_object)
            if source_object is not None
            else None,
            source_id=source_object.pk if source_object is not None else None,
            dedupe_key=dedupe_key[:200],
            created_by=_user(actor),
        )
        audit_create(actor=actor, obj=clue)
    return clue


def clue_triage(
    *,
    clue: Clue,
    decision: str,
    actor,
    reason: str = "",
    kind: str = CaseKind.OTHER,
    title: str = "",
    department=None,
    owner=None,
    enterprise=None,
    party_name: str = "",
    campaign=None,
) -> Case | None:
    """Triage a clue (研判): ``decision="case"`` opens a case from it, ``"close"`` closes it with a reason."""
    if clue.status != ClueStatus.NEW:
        raise ValidationError(
            gettext("线索“%(clue)s”已研判（%(clue_get_status_display)s），不能重复处理")
            % {"clue": clue, "clue_get_status_display": clue.get_status_display()}
        )
    if decision not in ("case", "close"):
        raise ValidationError(gettext("研判结论应为 case（立案）或 close（了结）"))
    with transaction.atomic():
        before = snapshot(clue)
        clue.triaged_at = timezone.now()
        clue.triaged_by = _user(actor)
        case = None
        if decision == "close":
            if not reason.strip():
                raise ValidationError(gettext("了结线索必须填写理由 (a reason is required to close a clue)"))
            clue.status = ClueStatus.CLOSED
            clue.closed_reason = reason.strip()
        else:
            clue.status = ClueStatus.CONVERTED
        clue.save()
        audit_update(actor=actor, obj=clue, before=before, note=f"triage: {decision}")
        if decision == "case":
            case = case_open(
                title=title or clue.title,
                kind=kind,
                source=clue.source,
                division=clue.division,
                department=department or clue.department,
                category=clue.category,
                domain=clue.domain,
                clue=clue,
                source_object=clue.source_object,
                summary=clue.description,
                owner=owner,
                enterprise=enterprise,
                party_name=party_name,
                campaign=campaign,
                actor=actor,
            )
    return case


# ---------------------------------------------------------------- cases


def _event(
    *, case: Case, kind: str, actor, note: str = "", action=None, from_status="", to_status="", at=None
):
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=_user(actor),
        actor_repr=str(actor)[:150] if actor else "system",
        note=note,
        action=action,
        from_status=from_status,
        to_status=to_status,
        at=at or timezone.now(),
    )


def _next_number(division: Division, year: int) -> str:
    """The next case number of a division and year (``500235-2026-0007``); call inside the
    transaction that saves the case. Locking the last case row is not enough (the first case of a
    year has none, and under READ COMMITTED a waiter re-reads the same last row and picks the same
    number), so the division row is locked instead: FOR NO KEY UPDATE serialises case numbering in
    that division without blocking inserts that merely reference the division."""
    prefix = f"{division.code}-{year}-"
    Division.objects.select_for_update(no_key=True).filter(pk=division.pk).values_list("pk").first()
    last = (
        Case.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{seq:04d}"


def _check_enterprise(actor, enterprise, division) -> None:
    """The party enterprise must be one the actor may see, or one registered in the case's own
    division (an inspector drawn at random from a town judges a county target and opens its case
    there); an enterprise out of sight is answered as not found, so its existence is not revealed.
    Named system actors (demo, import) are not scoped."""
    from zhenwei.core.access import can_access, is_system_actor

    if not getattr(enterprise, "pk", None):
        raise ValidationError({"enterprise": ["当事单位不存在"]})
    in_case_division = (
        division is not None
        and enterprise.division_id is not None
        and enterprise.division.path.startswith(division.path)
    )
    if not is_system_actor(actor) and not in_case_division and not can_access(actor, enterprise, "view"):
        raise ValidationError({"enterprise": [f"当事单位（编号 {enterprise.pk}）不存在或无权查看"]})


def case_open(
    *,
    title: str,
    kind: str,
    source: str,
    division: Division,
    actor,
    department: Department | None = None,
    category=None,
    domain: str = "",
    enterprise=None,
    party_name: str = "",
    campaign=None,
    clue: Clue | None = None,
    source_object=None,
    owner=None,
    summary: str = "",
    opened_on: dt.date | None = None,
) -> Case:
    """Open (立案) a case in a division; the handling department is routed when not given. The party
    may be an enterprise of the register (当事单位, e.g. the employer of a fake-certificate case): one
    the actor can see (every entry point — API, staff form, triage — passes through here)."""
    if enterprise is not None:
        _check_enterprise(actor, enterprise, division)
    if kind not in CaseKind.values:
        raise ValidationError(gettext("未知的案件类型：%(kind)s") % {"kind": kind})
    if source not in ClueSource.values:
        raise ValidationError(gettext("未知的案件来源：%(source)s") % {"source": source})
    if not title.strip():
        raise ValidationError(gettext("案由不能为空"))
    if department is None:
        department = lead_department(
            purpose=RoutingPurpose.CLUE, division=division, category=category, domain=domain
        )
    if department is None:
        raise ValidationError(
            gettext("%(division)s 没有可承办的部门，请指定承办部门") % {"division": division}
        )
    opened_on = opened_on or timezone.localdate()
    with transaction.atomic():
        case = Case(
            number=_next_number(division, opened_on.year),
            title=title.strip()[:200],
            kind=kind,
            source=source,
            clue=clue,
            category=category,
            domain=domain or "",
            division=division,
            department=department,
            owner=owner,
            enterprise=enterprise,
            party_name=party_name or (enterprise.name if enterprise else ""),
            campaign=campaign,
            summary=summary,
            opened_on=opened_on,
            due_on=deadline_from(DeadlineCode.CASE_HANDLING, opened_on),
            created_by=_user(actor),
        )
        if source_object is not None:
            case.source_type = ContentType.objects.get_for_model(source_object)
            case.source_id = source_object.pk
        case.full_clean(exclude=["number", "clue"])
        case.save()
        audit_create(actor=actor, obj=case)
        _event(
            case=case,
            kind=EventKind.CREATED,
            actor=actor,
            to_status=case.status,
            note=f"{case.get_source_display()}：{case.title}",
            at=timezone.make_aware(dt.datetime.combine(opened_on, dt.time(9, 0)))
            if opened_on != timezone.localdate()
            else None,
        )
    return case


def case_blocking_actions(*, case: Case) -> list[dict[str, Any]]:
    """What stops a case from closing: open actions, and required actions of its kind not yet done."""
    from .workflow import REQUIRED_ACTIONS

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
    require_change_of(actor, case)
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


FIGURE_FIELDS = (
    "fine_yuan",
    "confiscated_yuan",
    "goods_value_yuan",
    "quantity_seized",
    "quantity_recalled",
    "quantity_destroyed",
)
UPDATABLE_FIELDS = (
    *FIGURE_FIELDS,
    "title",
    "owner",
    "department",
    "due_on",
    "place",
    "document_number",
    "outcome",
    "unit",
    "suspension_days",
    "recipient",
    "police_received_on",
    "police_decision",
    "police_decision_on",
    "police_case_number",
)


def _check_figures(values: dict[str, Any]) -> None:
    for name in FIGURE_FIELDS:
        value = values.get(name)
        if value is None or value == "":
            continue
        try:
            number = Decimal(str(value))
        except Exception:  # noqa: BLE001
            raise ValidationError({name: [f"“{value}”不是数字"]}) from None
        if number < 0:
            raise ValidationError({name: ["不能为负数"]})
        values[name] = number


def case_action_add(
    *,
    case: Case,
    kind: str,
    actor,
    title: str = "",
    owner=None,
    department: Department | None = None,
    due_on: dt.date | None = None,
    parent: CaseAction | None = None,
    place: str = "",
    division: Division | None = None,
    police_department: Department | None = None,
    on: dt.date | None = None,
    **fields,
) -> CaseAction:
    """Add a measure to a case. A police transfer also transfers the case to the police (must be
    acknowledged); an order to correct gets the default correction deadline when none is given."""
    require_change_of(actor, case)
    if kind not in ActionKind.values:
        raise ValidationError(gettext("未知的处置措施：%(kind)s") % {"kind": kind})
    case = Case.objects.select_related("division", "department").get(pk=case.pk)  # never a stale status
    if case.status in (CaseStatus.CLOSED, CaseStatus.DISMISSED):
        raise ValidationError(
            gettext("案件已%(case_get_status_display)s，不能再新增措施（请先重新办理）")
            % {"case_get_status_display": case.get_status_display()}
        )
    unknown = set(fields) - set(UPDATABLE_FIELDS)
    if unknown:
        raise ValidationError(
            gettext("未知字段：%(join_sorted_unknown)s") % {"join_sorted_unknown": ", ".join(sorted(unknown))}
        )
    _check_figures(fields)
    today = on or timezone.localdate()
    if kind == ActionKind.RECHECK and parent is None:
        parent = (
            case.actions.filter(kind=ActionKind.ORDER_CORRECT).exclude(status=ActionStatus.CANCELLED).last()
        )
        if parent is None:
            raise ValidationError(gettext("复查必须对应一项责令改正，请先新增“责令改正”"))
    if kind == ActionKind.ORDER_CORRECT and due_on is None:
        due_on = deadline_from(DeadlineCode.CORRECTION, today)
    if kind == ActionKind.POLICE_TRANSFER and police_department is None:
        police_kind = DepartmentKind.objects.filter(code="police").first()
        police_department = (
            nearest_department(kind_id=police_kind.pk, division=case.division) if police_kind else None
        )
        if police_department is None:
            raise ValidationError(gettext("未找到可接收移送的公安机关，请指定"))
    if due_on is not None and due_on < today - dt.timedelta(days=366):
        raise ValidationError(gettext("期限早于一年前，请检查日期"))
    with transaction.atomic():
        action = CaseAction(
            case=case,
            kind=kind,
            title=(title or str(ActionKind(kind).label))[:200],
            owner=owner,
            department=department or case.department,
            due_on=due_on,
            parent=parent,
            place=place,
            division=division,
            police_department=police_department,
            created_by=_user(actor),
            **fields,
        )
        action.full_clean(exclude=["case", "parent", "share"])
        action.save()
        if on is not None:
            CaseAction.objects.filter(pk=action.pk).update(
                created_at=timezone.make_aware(dt.datetime.combine(on, dt.time(10, 0)))
            )
        audit_create(actor=actor, obj=action)
        _event(
            case=case,
            kind=EventKind.ACTION_ADDED,
            actor=actor,
            action=action,
            note=f"{action.get_kind_display()}：{action.title}" + (f"（期限 {due_on}）" if due_on else ""),
            at=timezone.make_aware(dt.datetime.combine(on, dt.time(10, 0))) if on else None,
        )
        if kind == ActionKind.POLICE_TRANSFER:
            share = share_create(
                target=case,
                kind=ShareKind.TRANSFER,
                to_department=police_department,
                from_department=case.department,
                reason=f"涉嫌犯罪移送：{case.title}"
                + (f"（{action.document_number}）" if action.document_number else ""),
                actor=actor,
                on=on,
            )
            action.share = share
            action.recipient = action.recipient or police_department.name
            action.save(update_fields=["share", "recipient"])
        if kind in ACTION_MOVES_CASE:
            _maybe_move(
                case, ACTION_MOVES_CASE[kind], actor, f"{action.get_kind_display()}：{action.title}", on
            )
        elif case.status == CaseStatus.REGISTERED:
            _maybe_move(case, CaseStatus.INVESTIGATING, actor, f"开始办理：{action.get_kind_display()}", on)
    return action


def case_action_update(*, action: CaseAction, actor, **fields) -> CaseAction:
    """Record progress on an open action (police receipt and decision, quantities, new deadline…)."""
    require_change_of(actor, action)
    unknown = set(fields) - set(UPDATABLE_FIELDS)
    if unknown:
        raise ValidationError(
            gettext("未知字段：%(join_sorted_unknown)s") % {"join_sorted_unknown": ", ".join(sorted(unknown))}
        )
    if action.status != ActionStatus.OPEN:
        raise ValidationError(gettext("该措施已办结，不能再修改"))
    _check_figures(fields)
    if fields.get("police_decision") and fields["police_decision"] not in PoliceDecision.values:
        raise ValidationError({"police_decision": ["应为 filed（立案）或 not_filed（不予立案）"]})
    with transaction.atomic():
        before = snapshot(action)
        for name, value in fields.items():
            setattr(action, name, value)
        if action.police_decision and not action.police_decision_on:
            action.police_decision_on = timezone.localdate()
        action.full_clean(exclude=["case", "parent", "share"])
        action.save()
        entry = audit_update(actor=actor, obj=action, before=before)
        if entry is not None:
            changed = ", ".join(
                str(CaseAction._meta.get_field(k.removesuffix("_id")).verbose_name)
                for k in (entry.after or {})
                if k not in ("updated_at",)
            )
            _event(case=action.case, kind=EventKind.ACTION_UPDATED, actor=actor, action=action, note=changed)
    return action


REQUIRED_ON_COMPLETE: dict[str, tuple[str, str]] = {
    ActionKind.DESTRUCTION: ("quantity_destroyed", "销毁数量"),
    ActionKind.SEIZURE: ("quantity_seized", "查封扣押数量"),
    ActionKind.RECALL: ("quantity_recalled", "召回数量"),
    ActionKind.PENALTY: ("fine_yuan", "罚款金额（元）"),
    ActionKind.SUSPENSION: ("suspension_days", "停产整顿天数"),
}


def case_action_complete(
    *,
    action: CaseAction,
    actor,
    outcome: str = "",
    done_on: dt.date | None = None,
    recheck_passed: bool | None = None,
    **fields,
) -> CaseAction:
    """Mark an action done with its outcome; checks that the figures its kind needs are there."""
    require_change_of(actor, action)
    if action.status != ActionStatus.OPEN:
        raise ValidationError(
            gettext("该措施已%(action_get_status_displa)s")
            % {"action_get_status_displa": action.get_status_display()}
        )
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ValidationError(gettext("完成日期不能晚于今天"))
    unknown = set(fields) - set(UPDATABLE_FIELDS)
    if unknown:
        raise ValidationError(
            gettext("未知字段：%(join_sorted_unknown)s") % {"join_sorted_unknown": ", ".join(sorted(unknown))}
        )
    _check_figures(fields)
    for name, value in fields.items():
        if value not in (None, ""):
            setattr(action, name, value)
    if action.kind in REQUIRED_ON_COMPLETE:
        name, label = REQUIRED_ON_COMPLETE[action.kind]
        if getattr(action, name) in (None, ""):
            raise ValidationError({name: [f"完成“{action.get_kind_display()}”须填写{label}"]})
    if action.kind == ActionKind.RECHECK:
        if recheck_passed is None:
            raise ValidationError({"recheck_passed": ["复查须填写是否合格"]})
        action.recheck_passed = recheck_passed
    if action.kind == ActionKind.POLICE_TRANSFER:
        if action.police_decision not in (PoliceDecision.FILED, PoliceDecision.NOT_FILED):
            raise ValidationError(
                {"police_decision": ["移送公安须录入公安机关立案或不予立案的决定后才能办结"]}
            )
        if not action.police_received_on:
            action.police_received_on = action.police_decision_on or done_on
    if action.kind == ActionKind.FLOW_TRACE:
        if action.children.filter(status=ActionStatus.OPEN).exists():
            raise ValidationError(gettext("流向地核查尚未全部完成，流向追溯不能办结"))
    with transaction.atomic():
        before = snapshot(action)
        action.status = ActionStatus.DONE
        action.done_on = done_on
        action.outcome = outcome or action.outcome
        action.full_clean(exclude=["case", "parent", "share"])
        action.save()
        audit_update(actor=actor, obj=action, before=before, note="complete")
        text = f"{action.get_kind_display()}完成" + (f"：{action.outcome}" if action.outcome else "")
        if action.kind == ActionKind.RECHECK:
            text += "（复查合格）" if recheck_passed else "（复查不合格）"
        _event(
            case=action.case,
            kind=EventKind.ACTION_DONE,
            actor=actor,
            action=action,
            note=text,
            at=timezone.make_aware(dt.datetime.combine(done_on, dt.time(16, 0)))
            if done_on != timezone.localdate()
            else None,
        )
        if action.kind == ActionKind.POLICE_TRANSFER and action.share_id:
            share = Share.objects.get(pk=action.share_id)
            if share.acknowledged_at is None:
                share_acknowledge(share=share, actor=actor, note="公安机关回执视为签收")
    return action


def case_action_cancel(*, action: CaseAction, actor, reason: str) -> CaseAction:
    """Cancel an action that turned out unnecessary; the reason stays on the timeline."""
    require_change_of(actor, action)
    if action.status != ActionStatus.OPEN:
        raise ValidationError(
            gettext("该措施已%(action_get_status_displa)s")
            % {"action_get_status_displa": action.get_status_display()}
        )
    if not reason.strip():
        raise ValidationError(gettext("取消措施必须说明理由"))
    with transaction.atomic():
        before = snapshot(action)
        action.status = ActionStatus.CANCELLED
        action.outcome = reason.strip()
        action.save()
        audit_update(actor=actor, obj=action, before=before, note="cancel")
        _event(case=action.case, kind=EventKind.ACTION_CANCELLED, actor=actor, action=action, note=reason)
    return action


@dataclass(frozen=True)
class FlowPlace:
    """One place a batch went (流向): who received it, where, and how much."""

    place: str
    division: Division
    quantity: Decimal | None = None


def case_flow_trace(
    *, action: CaseAction, places: list[FlowPlace], actor, due_on=None, on: dt.date | None = None
) -> list[CaseAction]:
    """Record where a batch went: one follow-up item per place; a place in another division is
    transferred to that division's market supervision (cross-county goes to city coordination)."""
    if action.kind != ActionKind.FLOW_TRACE:
        raise ValidationError(gettext("只有“流向追溯”措施可以登记流向"))
    if not places:
        raise ValidationError(gettext("请至少登记一个流向地"))
    case = action.case
    market = DepartmentKind.objects.filter(code="market").first()
    created = []
    with transaction.atomic():
        for p in places:
            department = None
            if not p.division.is_within(case.division) and market is not None:
                department = nearest_department(kind_id=market.pk, division=p.division)
            follow = case_action_add(
                case=case,
                kind=ActionKind.FOLLOW_UP,
                actor=actor,
                title=f"流向地核查：{p.place}",
                parent=action,
                place=p.place,
                division=p.division,
                department=department or case.department,
                due_on=due_on or deadline_from(DeadlineCode.CORRECTION, on or timezone.localdate()),
                on=on,
                outcome=f"流入数量 {p.quantity}" if p.quantity is not None else "",
            )
            if department is not None and department.pk != case.department_id:
                share_create(
                    target=case,
                    kind=ShareKind.TRANSFER,
                    to_department=department,
                    from_department=case.department,
                    reason=f"流向地核查：{p.place}",
                    actor=actor,
                    on=on,
                )
            created.append(follow)
    return created


def case_note(*, case: Case, actor, note: str) -> CaseEvent:
    """A note on the case's timeline."""
    require_change_of(actor, case)
    if not note.strip():
        raise ValidationError(gettext("备注不能为空"))
    with transaction.atomic():
        event = _event(case=case, kind=EventKind.NOTE, actor=actor, note=note.strip())
        audit_record(actor=actor, action=AuditAction.OTHER, obj=case, note=f"note: {note[:200]}")
    return event


def case_note_from(*, case: Case, source, actor, note: str) -> CaseEvent:
    """A note another app's write adds to a case's timeline (an inspection's judgment served, an
    objection, a sample sealed, a lab result), audited here. The caller's own write on ``source`` was
    scope-checked and this runs inside its transaction, so the note is not checked again: the
    inspector who served the judgment may not hold the case."""
    note = note.strip()
    if not note:
        raise ValidationError("备注不能为空")
    with transaction.atomic():
        event = _event(case=case, kind=EventKind.NOTE, actor=actor, note=note)
        audit_record(
            actor=actor,
            action=AuditAction.OTHER,
            obj=case,
            note=f"note from {source._meta.label} {source.pk}: {note[:160]}",
        )
    return event


def case_backdate(*, case: Case, on: dt.date, actor, note: str) -> Case:
    """Date a case opened from an earlier record (an inspection judged on ``on``) as opened that day:
    its handling deadline and the timeline's "created" event move with it, with an audit row."""
    with transaction.atomic():
        before = snapshot(case)
        Case.objects.filter(pk=case.pk).update(
            opened_on=on, due_on=deadline_from(DeadlineCode.CASE_HANDLING, on)
        )
        case.refresh_from_db(fields=["opened_on", "due_on"])
        # The case is sealed by the audit trail: the back-dating is a change and gets its row.
        audit_update(actor=actor, obj=case, before=before, note=note)
        case.events.filter(kind=EventKind.CREATED).update(
            at=timezone.make_aware(dt.datetime.combine(on, dt.time(11)))
        )
    return case


def case_evidence_add(
    *,
    case: Case,
    fileobj: IO[bytes],
    name: str,
    actor,
    declared_type: str | None = None,
    action: CaseAction | None = None,
    description: str = "",
):
    """Store a photo or document as evidence of the case (or one of its actions) and note it on the timeline."""
    require_change_of(actor, case)
    from zhenwei.core.files import evidence_store

    with transaction.atomic():
        evidence = evidence_store(
            fileobj=fileobj,
            name=name,
            declared_type=declared_type,
            actor=actor,
            attach_to=action or case,
            division=case.division,
            description=description,
        )
        _event(
            case=case,
            kind=EventKind.EVIDENCE,
            actor=actor,
            action=action,
            note=f"{name} {description}".strip(),
        )
    return evidence


# ---------------------------------------------------------------- transfers and copies


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


def _target_division(target) -> Division | None:
    field = getattr(type(target), "visibility_division_field", None)
    if not field:
        return None
    obj = target
    for part in field.split("__"):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def _target_url(target) -> str:
    try:
        if isinstance(target, Case):
            return reverse("cases:case-detail", args=[target.pk])
        if target._meta.label_lower == "inspections.inspection":
            return reverse("inspections:inspection-detail", args=[target.pk])
        if target._meta.label_lower == "tips.tip":
            return reverse("tips:detail", args=[target.pk])
    except Exception:  # noqa: BLE001
        return ""
    return ""


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
            created_by=_user(actor),
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
            division_id=getattr(_target_division(target), "pk", None),
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
            url=_target_url(target),
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
        share.acknowledged_by = _user(actor)
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
                else (_target_division(target) or receiver)
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
                    url=_target_url(target),
                    departments=[office, share.to_department],
                    due=limit,
                    dedupe_key=f"share-escalated:{share.pk}",
                    source_object=target,
                    body=reason,
                )
            done.append(escalation)
    return done


def overdue_actions_notify(*, today: dt.date | None = None) -> int:
    """Remind owners of overdue open actions (once per action and day)."""
    today = today or timezone.localdate()
    count = 0
    for action in CaseAction.objects.filter(status=ActionStatus.OPEN, due_on__lt=today).select_related(
        "case"
    ):
        users = [action.owner] if action.owner_id else None
        departments = None if users else [action.department or action.case.department]
        _notify(
            kind="overdue",
            title=f"措施逾期：{action.case.number} {action}",
            url=_target_url(action.case),
            users=users,
            departments=departments,
            due=action.due_on,
            dedupe_key=f"action-overdue:{action.pk}:{today}",
            source_object=action.case,
        )
        count += 1
    return count


def deadline_rule_set(*, code: str, working_days: int, basis: str = "", actor) -> DeadlineRule:
    """Set a deadline (working days); audited."""
    if code not in DeadlineCode.values:
        raise ValidationError(gettext("未知期限：%(code)s") % {"code": code})
    if working_days < 0 or working_days > 365:
        raise ValidationError(gettext("工作日数应在 0 到 365 之间"))
    with transaction.atomic():
        rule = DeadlineRule.objects.filter(code=code).first()
        if rule is None:
            rule = DeadlineRule.objects.create(code=code, working_days=working_days, basis=basis)
            audit_create(actor=actor, obj=rule)
        else:
            before = snapshot(rule)
            rule.working_days, rule.basis = working_days, basis or rule.basis
            rule.save()
            audit_update(actor=actor, obj=rule, before=before)
    return rule
