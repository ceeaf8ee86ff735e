"""Clues (线索): every source opens one through clue_open(); triage turns it into a case or closes it."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from zhenwei.catalog.choices import RoutingPurpose
from zhenwei.catalog.contracts import lead_department
from zhenwei.core.access import actor_user
from zhenwei.core.audit import audit_create, audit_update, snapshot

from ..choices import CaseKind, ClueStatus
from ..models import Case, Clue
from .authority import require_may_triage
from .opening import case_open


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
            created_by=actor_user(actor),
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
    """Triage a clue (研判): ``decision="case"`` opens a case from it, ``"close"`` closes it with a reason.
    The actor may change the clue, or holds authority from its source record (authority.py)."""
    require_may_triage(actor, clue)
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
        clue.triaged_by = actor_user(actor)
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


def clue_reassign(*, clue: Clue, department, actor, note: str = "") -> Clue:
    """Hand a clue to another handling department (a rerouted tip takes its clue along), audited.
    The caller has checked the actor's right over the record that moves the clue (the tip)."""
    if clue.department_id == department.pk:
        return clue
    with transaction.atomic():
        before = snapshot(clue)
        clue.department = department
        clue.save(update_fields=["department", "updated_at"])
        audit_update(actor=actor, obj=clue, before=before, note=note or "reassign")
    return clue
