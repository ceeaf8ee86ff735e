"""Writes for clues and cases. Every source opens a clue through clue_open()."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from zhenwei.catalog.choices import RoutingPurpose
from zhenwei.catalog.routing import lead_department
from zhenwei.core.audit import audit_create

from .choices import ClueStatus
from .models import Clue


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
            source_type=ContentType.objects.get_for_model(source_object)
            if source_object is not None
            else None,
            source_id=source_object.pk if source_object is not None else None,
            dedupe_key=dedupe_key[:200],
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        audit_create(actor=actor, obj=clue)
    return clue
