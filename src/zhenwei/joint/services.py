"""Writes of joint work. Each service validates, writes inside one transaction with its audit row,
and notifies the people who now have something to do."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from zhenwei.catalog.contracts import nearest_department
from zhenwei.core.access import can_access, require_capability
from zhenwei.core.audit import audit_create, audit_record, audit_update, snapshot
from zhenwei.core.choices import AuditAction, Role
from zhenwei.core.models import Department, Division, Membership, User
from zhenwei.notifications.contracts import notify

from .choices import (
    DECISION_TRANSITIONS,
    OPEN_DECISION_STATUSES,
    ActionKind,
    DecisionStatus,
    MeetingKind,
    PublicityKind,
    TargetKind,
    UrgentReportStatus,
)
from .models import (
    ActionRecord,
    Decision,
    DestructionEvent,
    DestructionItem,
    JointAction,
    Meeting,
    PublicityActivity,
    UrgentReport,
    UrgentReportRecipient,
)

log = logging.getLogger(__name__)

# Days before a decision's deadline when its owner is reminded.
DUE_SOON_DAYS = 3


def _user(actor) -> User | None:
    return actor if isinstance(actor, User) else None


def _require_change(actor, division: Division) -> None:
    """A person must hold "change" in the division; system actors (jobs, the demo loader) may write."""
    if isinstance(actor, User):
        require_capability(actor, "change", division)


def _departments(items: Iterable | None) -> list[Department]:
    result = []
    for item in items or ():
        result.append(item if isinstance(item, Department) else Department.objects.get(pk=item))
    return result


def _m2m_audit(obj, **names) -> dict[str, list[int]]:
    return {name: sorted(d.pk for d in values) for name, values in names.items()}


# ------------------------------------------------------------------------------------ meetings


def meeting_create(
    *,
    campaign,
    convening_department: Department,
    title: str,
    held_on: dt.date,
    place: str,
    actor,
    kind: str = MeetingKind.JOINT_MEETING,
    chair: str = "",
    attending_departments: Iterable = (),
    attendees: str = "",
    topics: str = "",
    summary: str = "",
    recorder: str = "",
    start_time: dt.time | None = None,
) -> Meeting:
    """Record a joint meeting (联席会议) or consultation (会商研判) held by a convening department."""
    _require_change(actor, convening_department.division)
    meeting = Meeting(
        campaign=campaign,
        kind=kind,
        title=title,
        convening_department=convening_department,
        division=convening_department.division,
        held_on=held_on,
        start_time=start_time,
        place=place,
        chair=chair,
        attendees=attendees,
        topics=topics,
        summary=summary,
        recorder=recorder,
        created_by=_user(actor),
    )
    meeting.full_clean()
    attending = _departments(attending_departments)
    with transaction.atomic():
        meeting.save()
        meeting.attending_departments.set(attending)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=meeting,
            after={**snapshot(meeting), **_m2m_audit(meeting, attending_departments=attending)},
        )
    return meeting


def decision_url(decision: Decision) -> str:
    return reverse("joint:decision-detail", args=[decision.pk])


def decision_add(
    *,
    meeting: Meeting,
    text: str,
    owner_department: Department,
    due_on: dt.date,
    actor,
    cooperating_departments: Iterable = (),
) -> Decision:
    """Add a decision (会议议定事项) to a meeting; it becomes a task of the owner department, who is notified."""
    _require_change(actor, meeting.division)
    if not text.strip():
        raise ValidationError(gettext("议定事项内容不能为空"))
    if due_on is None:
        raise ValidationError(gettext("议定事项必须有完成时限"))
    if due_on < meeting.held_on:
        raise ValidationError(
            gettext("完成时限 %(due_on)s 早于会议日期 %(meeting_held_on)s")
            % {"due_on": due_on, "meeting_held_on": meeting.held_on}
        )
    cooperating = [d for d in _departments(cooperating_departments) if d.pk != owner_department.pk]
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        seq = (meeting.decisions.aggregate(m=Max("seq"))["m"] or 0) + 1
        decision = Decision(
            meeting=meeting, seq=seq, text=text.strip(), owner_department=owner_department, due_on=due_on
        )
        decision.full_clean()
        decision.save()
        decision.cooperating_departments.set(cooperating)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=decision,
            after={**snapshot(decision), **_m2m_audit(decision, cooperating_departments=cooperating)},
        )
        notify(
            kind="meeting_decision",
            title=f"会议议定事项：{decision.text[:60]}",
            body=f"{meeting.title}（{meeting.held_on:%Y年%m月%d日}）议定，由{owner_department.name}负责，"
            f"{due_on:%Y年%m月%d日}前完成。",
            url=decision_url(decision),
            departments=[owner_department, *cooperating],
            due=due_on,
            dedupe_key=f"decision:{decision.pk}:assigned",
            source_object=decision,
        )
    return decision


def decision_transition(
    *, decision: Decision, to: str, actor, note: str = "", on: dt.date | None = None
) -> Decision:
    """Move a decision to another state (落实中 / 已办结 / 撤销); the owner reports progress with a note."""
    if isinstance(actor, User) and not can_access(actor, decision, "change"):
        raise PermissionDenied(gettext("只有责任单位或上级专项办可以更新该议定事项"))
    if to not in DecisionStatus.values:
        raise ValidationError(gettext("未知状态：%(to)s") % {"to": to})
    if to != decision.status and to not in DECISION_TRANSITIONS[decision.status]:
        raise ValidationError(
            gettext("议定事项不能从“%(decision_get_status_disp)s”变为“%(decisionstatus_to_label)s”")
            % {
                "decision_get_status_disp": decision.get_status_display(),
                "decisionstatus_to_label": DecisionStatus(to).label,
            }
        )
    if to == DecisionStatus.DONE and not (note.strip() or decision.progress_note.strip()):
        raise ValidationError(gettext("办结时请填写落实情况"))
    with transaction.atomic():
        before = snapshot(decision)
        decision.status = to
        if note.strip():
            stamp = timezone.localdate().strftime("%Y-%m-%d")
            decision.progress_note = f"{decision.progress_note}\n{stamp} {note.strip()}".strip()
        decision.done_on = (on or timezone.localdate()) if to == DecisionStatus.DONE else None
        decision.save()
        audit_update(actor=actor, obj=decision, before=before, note=note)
    return decision


def decisions_remind(*, today: dt.date | None = None) -> int:
    """Tell owners of decisions due within DUE_SOON_DAYS and of overdue ones (once each, by dedupe key);
    overdue ones also go to the convening department. Returns notifications created."""
    today = today or timezone.localdate()
    created = 0
    open_qs = Decision.objects.filter(status__in=OPEN_DECISION_STATUSES).select_related(
        "meeting", "owner_department"
    )
    for decision in open_qs.filter(due_on__lt=today):
        created += notify(
            kind="overdue",
            title=f"议定事项已逾期：{decision.text[:60]}",
            body=f"完成时限 {decision.due_on:%Y-%m-%d}，责任单位 {decision.owner_department.name}。",
            url=decision_url(decision),
            departments=[decision.owner_department, decision.meeting.convening_department],
            due=decision.due_on,
            dedupe_key=f"decision:{decision.pk}:overdue",
            source_object=decision,
        )
    for decision in open_qs.filter(due_on__gte=today, due_on__lte=today + dt.timedelta(days=DUE_SOON_DAYS)):
        created += notify(
            kind="due",
            title=f"议定事项即将到期：{decision.text[:60]}",
            url=decision_url(decision),
            departments=[decision.owner_department],
            due=decision.due_on,
            dedupe_key=f"decision:{decision.pk}:due",
            source_object=decision,
        )
    return created


# ------------------------------------------------------------------------------------ actions


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
    _require_change(actor, lead_department.division)
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
        created_by=_user(actor),
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
    _require_change(actor, action.division)
    if isinstance(actor, User) and not can_access(actor, record, "view"):
        raise PermissionDenied(gettext("无权查看该记录，不能关联"))
    ct = ContentType.objects.get_for_model(record)
    with transaction.atomic():
        link, created = ActionRecord.objects.get_or_create(
            action=action,
            content_type=ct,
            object_id=record.pk,
            defaults={"linked_by": _user(actor), "note": note[:200]},
        )
        if created:
            audit_create(actor=actor, obj=link, note=f"{label}#{record.pk}")
    return link


def action_unlink(*, link: ActionRecord, actor) -> None:
    _require_change(actor, link.action.division)
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
    from django.db.models import Q

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


# ------------------------------------------------------------------------------------ destruction


def destruction_create(
    *,
    title: str,
    organiser: Department,
    held_on: dt.date,
    place: str,
    items: Iterable[dict],
    actor,
    campaign=None,
    action: JointAction | None = None,
    method: str = "",
    witnesses: str = "",
    description: str = "",
) -> DestructionEvent:
    """Record a destruction event (集中销毁) with its goods: items are dicts of goods, quantity, unit,
    and optionally value_yuan, category, case."""
    _require_change(actor, organiser.division)
    items = list(items)
    if not items:
        raise ValidationError(gettext("销毁活动至少要有一项销毁物品"))
    event = DestructionEvent(
        campaign=campaign or (action.campaign if action else None),
        action=action,
        title=title,
        organiser=organiser,
        division=organiser.division,
        held_on=held_on,
        place=place,
        method=method,
        witnesses=witnesses,
        description=description,
        created_by=_user(actor),
    )
    event.full_clean()
    rows = []
    for n, raw in enumerate(items, start=1):
        item = DestructionItem(event=event, **raw)
        try:
            item.full_clean(exclude=["event"])
        except ValidationError as exc:
            raise ValidationError(
                gettext("第%(n)s项销毁物品：%(join_exc_messages)s")
                % {"n": n, "join_exc_messages": "；".join(exc.messages)}
            ) from None
        if item.quantity <= 0:
            raise ValidationError(gettext("第%(n)s项销毁物品的数量应大于零") % {"n": n})
        rows.append(item)
    with transaction.atomic():
        event.save()
        for item in rows:
            item.event = event
            item.save()
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=event,
            after={**snapshot(event), "items": [snapshot(i) for i in rows]},
        )
    return event


def destruction_add_photo(*, event: DestructionEvent, fileobj, name: str, actor, description: str = ""):
    """Attach a photo (or the record PDF) to a destruction event, stored as evidence."""
    from zhenwei.core.files import evidence_store

    _require_change(actor, event.division)
    return evidence_store(
        fileobj=fileobj,
        name=name,
        actor=actor,
        attach_to=event,
        division=event.division,
        description=description,
    )


# ------------------------------------------------------------------------------------ publicity


def publicity_create(
    *,
    kind: str,
    title: str,
    held_on: dt.date,
    organiser: Department,
    place: str,
    actor,
    campaign=None,
    division: Division | None = None,
    audience: int = 0,
    views: int = 0,
    materials_distributed: int = 0,
    description: str = "",
) -> PublicityActivity:
    """Add a publicity activity (宣传活动) to the ledger."""
    if kind not in PublicityKind.values:
        raise ValidationError(
            gettext("未知的宣传形式：%(kind)s（可选：%(join_publicitykind_value)s）")
            % {"kind": kind, "join_publicitykind_value": ", ".join(PublicityKind.values)}
        )
    division = division or organiser.division
    if not division.is_within(organiser.division):
        raise ValidationError(gettext("宣传活动的区划应在组织单位辖区内"))
    _require_change(actor, division)
    activity = PublicityActivity(
        campaign=campaign,
        kind=kind,
        title=title,
        held_on=held_on,
        division=division,
        place=place,
        organiser=organiser,
        audience=audience or 0,
        views=views or 0,
        materials_distributed=materials_distributed or 0,
        description=description,
        created_by=_user(actor),
    )
    activity.full_clean()
    with transaction.atomic():
        activity.save()
        audit_create(actor=actor, obj=activity)
    return activity


def publicity_attach(*, activity: PublicityActivity, fileobj, name: str, actor, description: str = ""):
    """Attach material (photo, poster, screenshot, video) to a publicity activity."""
    from zhenwei.core.files import evidence_store

    _require_change(actor, activity.division)
    return evidence_store(
        fileobj=fileobj,
        name=name,
        actor=actor,
        attach_to=activity,
        division=activity.division,
        description=description,
    )


# ------------------------------------------------------------------------------------ urgent reports


def _campaign_office_departments(division: Division, *, strictly_above: bool = False) -> list[Department]:
    """Departments holding a campaign-office membership in the division's ancestors, nearest first."""
    codes = division.ancestor_codes[:-1] if strictly_above else division.ancestor_codes
    found: dict[str, Department] = {}
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
        found.setdefault(m.department.division.code, m.department)
    return [found[c] for c in reversed(codes) if c in found]


def urgent_report_recipients(
    *, reporting_department: Department, campaign=None
) -> list[tuple[Department, str]]:
    """Who receives an urgent report: the campaign office (the campaign's lead department, else the nearest
    campaign office), the campaign office of the level above it, and the reporting department's own
    line department at the level above."""
    division = reporting_department.division
    result: list[tuple[Department, str]] = []

    def add(dept: Department | None, reason: str) -> None:
        if (
            dept is not None
            and dept.pk != reporting_department.pk
            and all(d.pk != dept.pk for d, _ in result)
        ):
            result.append((dept, reason))

    office = campaign.lead_department if campaign is not None and campaign.lead_department_id else None
    if office is None:
        offices = _campaign_office_departments(division)
        office = offices[0] if offices else None
    add(office, "专项办")
    if office is not None:
        above = _campaign_office_departments(office.division, strictly_above=True)
        add(above[0] if above else None, "上级专项办")
    if division.parent_id:
        add(
            nearest_department(kind_id=reporting_department.kind_id, division=division.parent), "上级主管部门"
        )
    return result


def urgent_report_submit(
    *,
    reporting_department: Department,
    title: str,
    body: str,
    actor,
    campaign=None,
    occurred_on: dt.date | None = None,
) -> UrgentReport:
    """Send an urgent report (重要情况随时报送) at once to the campaign office and the level above; each
    recipient department must acknowledge it."""
    _require_change(actor, reporting_department.division)
    if (
        isinstance(actor, User)
        and not actor.memberships.filter(department=reporting_department, is_active=True).exists()
        and not actor.is_superuser
    ):
        raise PermissionDenied(gettext("只能以本人所在单位的名义报送"))
    recipients = urgent_report_recipients(reporting_department=reporting_department, campaign=campaign)
    if not recipients:
        raise ValidationError(gettext("找不到接收单位（专项办或上级部门），请联系平台管理员配置"))
    report = UrgentReport(
        campaign=campaign,
        title=title,
        body=body,
        occurred_on=occurred_on,
        reporting_department=reporting_department,
        division=reporting_department.division,
        reported_by=_user(actor),
        reported_at=timezone.now(),
    )
    report.full_clean()
    with transaction.atomic():
        report.save()
        for dept, reason in recipients:
            UrgentReportRecipient.objects.create(report=report, department=dept, reason=reason)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=report,
            after={**snapshot(report), "recipients": [d.pk for d, _ in recipients]},
        )
        notify(
            kind="urgent_report",
            title=f"重要情况报送：{title}",
            body=f"{reporting_department.name}报送，请及时签收。\n{body[:200]}",
            url=reverse("joint:urgent-detail", args=[report.pk]),
            departments=[d for d, _ in recipients],
            due=timezone.localdate(),
            dedupe_key=f"urgent:{report.pk}",
            source_object=report,
        )
    return report


def urgent_report_acknowledge(
    *, recipient: UrgentReportRecipient, actor, note: str = ""
) -> UrgentReportRecipient:
    """A member of a recipient department acknowledges (签收) the report; audited."""
    if (
        not isinstance(actor, User)
        or not actor.memberships.filter(department_id=recipient.department_id, is_active=True).exists()
    ):
        raise PermissionDenied(gettext("只有接收单位的工作人员可以签收"))
    with transaction.atomic():
        recipient = UrgentReportRecipient.objects.select_for_update().get(pk=recipient.pk)
        if recipient.acknowledged_at is not None:
            return recipient
        before = snapshot(recipient)
        recipient.acknowledged_by = actor
        recipient.acknowledged_at = timezone.now()
        recipient.note = note[:255]
        recipient.save()
        audit_update(actor=actor, obj=recipient, before=before, note="签收")
        report = recipient.report
        if not report.recipients.filter(acknowledged_at__isnull=True).exists():
            report_before = snapshot(report)
            report.status = UrgentReportStatus.ACKNOWLEDGED
            report.save(update_fields=["status"])
            audit_update(actor=actor, obj=report, before=report_before, note="全部接收单位已签收")
        from zhenwei.notifications.contracts import notification_mark_read_by_source

        notification_mark_read_by_source(
            source_object=report, departments=[recipient.department_id], kind="urgent_report"
        )
    return recipient
