"""Joint meetings (联席会议) and consultations (会商研判)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from zhenwei.core.access import actor_user, require
from zhenwei.core.audit import audit_record, snapshot
from zhenwei.core.choices import AuditAction
from zhenwei.core.models import Department

from ..choices import MeetingKind
from ..models import Meeting
from .common import _departments, _m2m_audit


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
    require(actor, "change", convening_department.division)
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
        created_by=actor_user(actor),
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
