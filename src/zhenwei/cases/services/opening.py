"""Opening a case (立案): its number, its party enterprise, its handling deadline; and back-dating a
case opened from an earlier record."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from zhenwei.catalog.choices import RoutingPurpose
from zhenwei.catalog.contracts import lead_department
from zhenwei.core.access import actor_user, allowed
from zhenwei.core.audit import audit_create, audit_update, snapshot
from zhenwei.core.models import Department, Division

from ..choices import CaseKind, ClueSource, DeadlineCode, EventKind
from ..models import Case, Clue
from ._common import _event
from .authority import require_may_open
from .deadlines import deadline_from


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
    if not getattr(enterprise, "pk", None):
        raise ValidationError({"enterprise": ["当事单位不存在"]})
    in_case_division = (
        division is not None
        and enterprise.division_id is not None
        and enterprise.division.path.startswith(division.path)
    )
    if not in_case_division and not allowed(actor, "view", enterprise):
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
    the actor can see (every entry point — API, staff form, triage — passes through here). The actor
    may change records of the division, or holds authority from the source record (authority.py)."""
    require_may_open(actor, division, source_object)
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
            created_by=actor_user(actor),
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
