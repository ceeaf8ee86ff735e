"""Concentrated actions (集中行动) and joint enforcement (联合执法): the records linked to them and
their results, computed from those records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext

from zhenwei.core.access import actor_user, allowed, require
from zhenwei.core.audit import audit_create, audit_record, snapshot
from zhenwei.core.choices import AuditAction
from zhenwei.core.models import Department, Division
from zhenwei.notifications.contracts import notify

from ..choices import ActionKind, TargetKind
from ..models import ActionRecord, JointAction
from .common import _departments, _m2m_audit


def _check_target_kinds(kinds: Iterable[str]) -> list[str]:
    kinds = list(dict.fromkeys(kinds or []))
    unknown = [k for k in kinds if k not in TargetKind.values]
    if unknown:
        raise ValidationError(
            gettext("未知的检查对象类型：%(join_unknown)s（可选：%(join_targetkind_values)s）")
            % {"join_unknown": ", ".join(unknown), "join_targetkind_values": ", ".join(TargetKind.values)}
        )
    return kinds


def action_create(
    *,
    campaign,
    title: str,
    lead_department: Department,
    starts_on: dt.date,
    ends_on: dt.date,
    actor,
    kind: str = ActionKind.CONCENTRATED,
    participating_departments: Iterable = (),
    divisions: Iterable[Division] = (),
    target_kinds: Iterable[str] = (),
    description: str = "",
    officers_deployed: int | None = None,
) -> JointAction:
    """Record a concentrated action (集中行动) or joint enforcement (联合执法); participants are notified."""
    require(actor, "change", lead_department.division)
    if ends_on < starts_on:
        raise ValidationError(
            gettext("结束日期 %(ends_on)s 早于开始日期 %(starts_on)s")
            % {"ends_on": ends_on, "starts_on": starts_on}
        )
    participants = _departments(participating_departments)
    if lead_department not in participants:
        participants.insert(0, lead_department)
    areas = list(divisions) or [lead_department.division]
    outside = [d.name for d in areas if not d.is_within(lead_department.division)]
    if outside:
        raise ValidationError(
            gettext("行动区域应在牵头单位辖区内：%(join_outside)s") % {"join_outside": ", ".join(outside)}
        )
    action = JointAction(
        campaign=campaign,
        kind=kind,
        title=title,
        lead_department=lead_department,
        division=lead_department.division,
        starts_on=starts_on,
        ends_on=ends_on,
        target_kinds=_check_target_kinds(target_kinds),
        description=description,
        officers_deployed=officers_deployed,
        created_by=actor_user(actor),
    )
    action.full_clean()
    with transaction.atomic():
        action.save()
        action.participating_departments.set(participants)
        action.divisions.set(areas)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=action,
            after={
                **snapshot(action),
                **_m2m_audit(action, participating_departments=participants, divisions=areas),
            },
        )
        others = [d for d in participants if d.pk != lead_department.pk]
        if others:
            notify(
                kind="other",
                title=f"请参加{action.get_kind_display()}：{title}",
                body=f"{starts_on:%Y-%m-%d} 至 {ends_on:%Y-%m-%d}，牵头单位 {lead_department.name}。",
                url=reverse("joint:action-detail", args=[action.pk]),
                departments=others,
                due=starts_on,
                dedupe_key=f"action:{action.pk}:invited",
                source_object=action,
            )
    return action


# Records that may be linked to an action, by "app_label.model".
LINKABLE = ("inspections.inspection", "cases.case", "cases.caseaction", "market.logisticscheck")


def action_link(*, action: JointAction, record, actor, note: str = "") -> ActionRecord:
    """Link an inspection, a case or a case measure (seizure, transfer to police…) to an action."""
    label = record._meta.label_lower
    if label not in LINKABLE:
        raise ValidationError(
            gettext("只能关联检查、案件、处置措施或物流场所检查记录，不能关联 %(record__meta_verbose_nam)s")
            % {"record__meta_verbose_nam": record._meta.verbose_name}
        )
    require(actor, "change", action.division)
    if not allowed(actor, "view", record):
        raise PermissionDenied(gettext("无权查看该记录，不能关联"))
    ct = ContentType.objects.get_for_model(record)
    with transaction.atomic():
        link, created = ActionRecord.objects.get_or_create(
            action=action,
            content_type=ct,
            object_id=record.pk,
            defaults={"linked_by": actor_user(actor), "note": note[:200]},
        )
        if created:
            audit_create(actor=actor, obj=link, note=f"{label}#{record.pk}")
    return link


def action_unlink(*, link: ActionRecord, actor) -> None:
    require(actor, "change", link.action.division)
    with transaction.atomic():
        audit_record(actor=actor, action=AuditAction.DELETE, obj=link, before=snapshot(link))
        link.delete()


def action_collect(*, action: JointAction, actor) -> int:
    """Link the inspections and cases recorded during the action, in its areas, by its participating
    departments (or tagged with its campaign). Returns how many new links were made."""
    from zhenwei.cases.models import Case
    from zhenwei.inspections.models import Inspection
    from zhenwei.market.models import LogisticsCheck

    dept_ids = list(action.participating_departments.values_list("pk", flat=True))
    paths = [d.path for d in action.divisions.all()] or [action.division.path]
    area = Q()
    for path in paths:
        area |= Q(division__path__startswith=path)
    made = 0
    inspections = Inspection.objects.filter(
        area, inspected_on__gte=action.starts_on, inspected_on__lte=action.ends_on, department_id__in=dept_ids
    )
    cases = Case.objects.filter(
        area, opened_on__gte=action.starts_on, opened_on__lte=action.ends_on, department_id__in=dept_ids
    )
    logistics = LogisticsCheck.objects.filter(
        area, checked_on__gte=action.starts_on, checked_on__lte=action.ends_on, department_id__in=dept_ids
    )
    existing = set(action.records.values_list("content_type_id", "object_id"))
    for qs in (inspections, cases, logistics):
        ct = ContentType.objects.get_for_model(qs.model)
        for record in qs:
            if (ct.pk, record.pk) in existing:
                continue
            action_link(action=action, record=record, actor=actor, note="按时间、区域和参加单位自动归集")
            made += 1
    return made


def _sum(values) -> Decimal:
    return sum((Decimal(v) for v in values if v is not None), Decimal(0))


def action_totals(action: JointAction) -> dict[str, Any]:
    """The action's results, computed from the linked records every time (never typed in):
    units checked, inspections, unqualified findings, cases opened, goods seized (quantity and value),
    people transferred to the police, fines, goods destroyed."""
    from zhenwei.cases.choices import ActionKind as CaseActionKind
    from zhenwei.cases.choices import ActionStatus
    from zhenwei.cases.models import Case, CaseAction
    from zhenwei.inspections.models import Inspection
    from zhenwei.market.models import LogisticsCheck

    by_label: dict[str, set[int]] = {label: set() for label in LINKABLE}
    for app_label, model, object_id in action.records.values_list(
        "content_type__app_label", "content_type__model", "object_id"
    ):
        by_label.setdefault(f"{app_label}.{model}", set()).add(object_id)
    inspections = list(
        Inspection.objects.filter(pk__in=by_label["inspections.inspection"]).values(
            "pk", "enterprise_id", "subject_name", "judgment", "case_id", "department_id"
        )
    )
    case_ids = set(by_label["cases.case"]) | {i["case_id"] for i in inspections if i["case_id"]}
    measures = CaseAction.objects.exclude(status=ActionStatus.CANCELLED).filter(
        pk__in=by_label["cases.caseaction"]
    ) | CaseAction.objects.exclude(status=ActionStatus.CANCELLED).filter(case_id__in=case_ids)
    measures = list(
        measures.distinct().values(
            "pk", "kind", "quantity_seized", "goods_value_yuan", "fine_yuan", "quantity_destroyed", "unit"
        )
    )
    seizures = [m for m in measures if m["kind"] == CaseActionKind.SEIZURE]
    logistics = list(
        LogisticsCheck.objects.filter(pk__in=by_label["market.logisticscheck"]).values(
            "enterprise_id", "result", "department_id"
        )
    )
    units = {i["enterprise_id"] or f"name:{i['subject_name']}" for i in inspections}
    units |= {c["enterprise_id"] for c in logistics}
    cases = list(Case.objects.filter(pk__in=case_ids).values("pk", "department_id"))
    per_dept: dict[int, dict[str, int]] = {}
    for i in [*inspections, *logistics]:
        per_dept.setdefault(i["department_id"], {"inspections": 0, "cases": 0})["inspections"] += 1
    for c in cases:
        per_dept.setdefault(c["department_id"], {"inspections": 0, "cases": 0})["cases"] += 1
    names = dict(Department.objects.filter(pk__in=per_dept).values_list("pk", "name"))
    return {
        "units_checked": len(units),
        "inspections": len(inspections),
        "logistics_checks": len(logistics),
        "unqualified": sum(1 for i in inspections if i["judgment"] == "unqualified")
        + sum(1 for c in logistics if c["result"] == "fail"),
        "cases_opened": len(cases),
        "seizures": len(seizures),
        "goods_seized_quantity": _sum(m["quantity_seized"] for m in seizures),
        "goods_seized_value_yuan": _sum(m["goods_value_yuan"] for m in seizures),
        "people_transferred_to_police": sum(
            1 for m in measures if m["kind"] == CaseActionKind.POLICE_TRANSFER
        ),
        "fines_yuan": _sum(m["fine_yuan"] for m in measures if m["kind"] == CaseActionKind.PENALTY),
        "goods_destroyed_quantity": _sum(
            item.quantity for event in action.destructions.all() for item in event.items.all()
        ),
        "by_department": [
            {"department": names.get(pk, str(pk)), **counts} for pk, counts in sorted(per_dept.items())
        ],
    }
