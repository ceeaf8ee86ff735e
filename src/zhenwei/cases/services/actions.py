"""Measures taken on a case (处置措施): adding, recording progress, completing with the figures their
kind needs, cancelling; the flow trace of a batch; reminders of overdue measures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from zhenwei.catalog.contracts import nearest_department
from zhenwei.core.access import actor_user, require
from zhenwei.core.audit import audit_create, audit_update, snapshot
from zhenwei.core.choices import ShareKind
from zhenwei.core.models import Department, DepartmentKind, Division, Share

from ..choices import ActionKind, ActionStatus, CaseStatus, DeadlineCode, EventKind, PoliceDecision
from ..models import Case, CaseAction
from ..workflow import ACTION_MOVES_CASE
from ._common import _event, _notify, target_url
from .deadlines import deadline_from
from .transfers import share_acknowledge, share_create
from .transitions import _maybe_move

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
    require(actor, "change", case)
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
            created_by=actor_user(actor),
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
    require(actor, "change", action)
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
    require(actor, "change", action)
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
    require(actor, "change", action)
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
            url=target_url(action.case),
            users=users,
            departments=departments,
            due=action.due_on,
            dedupe_key=f"action-overdue:{action.pk}:{today}",
            source_object=action.case,
        )
        count += 1
    return count
