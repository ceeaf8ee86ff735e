"""What a case's timeline gathers besides status changes and actions: notes (also from other apps'
writes) and evidence files."""

from __future__ import annotations

from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from zhenwei.core.access import require
from zhenwei.core.audit import audit_record
from zhenwei.core.choices import AuditAction

from ..choices import EventKind
from ..models import Case, CaseAction, CaseEvent
from ._common import _event


def case_note(*, case: Case, actor, note: str) -> CaseEvent:
    """A note on the case's timeline."""
    require(actor, "change", case)
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
    require(actor, "change", case)
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
