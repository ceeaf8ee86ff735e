"""The publicity ledger (宣传台账): activities and their material."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from zhenwei.core.access import actor_user, require
from zhenwei.core.audit import audit_create
from zhenwei.core.files import evidence_store
from zhenwei.core.models import Department, Division

from ..choices import PublicityKind
from ..models import PublicityActivity


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
    require(actor, "change", division)
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
        created_by=actor_user(actor),
    )
    activity.full_clean()
    with transaction.atomic():
        activity.save()
        audit_create(actor=actor, obj=activity)
    return activity


def publicity_attach(*, activity: PublicityActivity, fileobj, name: str, actor, description: str = ""):
    """Attach material (photo, poster, screenshot, video) to a publicity activity."""
    require(actor, "change", activity.division)
    return evidence_store(
        fileobj=fileobj,
        name=name,
        actor=actor,
        attach_to=activity,
        division=activity.division,
        description=description,
    )
