"""Reads of joint work, always through the one visibility rule."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from zhenwei.core.access import restrict, user_scope
from zhenwei.core.deadlines import overdue_q

from .choices import OPEN_DECISION_STATUSES
from .models import Decision, JointAction, Meeting, PublicityActivity, UrgentReport, UrgentReportRecipient


def meeting_list(*, user, campaign=None) -> QuerySet[Meeting]:
    qs = Meeting.objects.select_related("campaign", "convening_department")
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    return restrict(qs, user)


def decision_list(
    *, user, campaign=None, open_only: bool = False, overdue: bool = False
) -> QuerySet[Decision]:
    qs = Decision.objects.select_related("meeting", "owner_department", "meeting__campaign")
    if campaign is not None:
        qs = qs.filter(meeting__campaign=campaign)
    if open_only or overdue:
        qs = qs.filter(status__in=OPEN_DECISION_STATUSES)
    if overdue:
        qs = qs.filter(overdue_q("due_on"))
    return restrict(qs, user).order_by("due_on", "meeting__held_on", "seq")


def decisions_outstanding_before(*, meeting: Meeting, user) -> QuerySet[Decision]:
    """For a meeting's preparation (会前准备): decisions of earlier meetings of the same campaign that are
    not yet done, overdue first."""
    qs = Decision.objects.filter(
        meeting__campaign_id=meeting.campaign_id,
        meeting__held_on__lte=meeting.held_on,
        status__in=OPEN_DECISION_STATUSES,
    ).exclude(meeting=meeting)
    return restrict(qs.select_related("meeting", "owner_department"), user).order_by("due_on", "pk")


def decisions_owned_by(*, user) -> QuerySet[Decision]:
    """Open decisions whose owner department is one of the user's departments (their home-page tasks)."""
    scope = user_scope(user)
    return (
        Decision.objects.filter(
            owner_department_id__in=scope.department_ids, status__in=OPEN_DECISION_STATUSES
        )
        .select_related("meeting", "owner_department")
        .order_by("due_on")
    )


def action_list(*, user, campaign=None) -> QuerySet[JointAction]:
    qs = JointAction.objects.select_related("campaign", "lead_department").prefetch_related(
        "participating_departments"
    )
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    return restrict(qs, user)


def publicity_list(*, user, campaign=None) -> QuerySet[PublicityActivity]:
    qs = PublicityActivity.objects.select_related("organiser", "division", "campaign")
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    return restrict(qs, user)


def urgent_report_list(*, user) -> QuerySet[UrgentReport]:
    """Reports the user may see: those of their divisions and below (recipients are above or level)."""
    scope = user_scope(user)
    qs = UrgentReport.objects.select_related("reporting_department", "campaign").prefetch_related(
        Prefetch(
            "recipients",
            queryset=UrgentReportRecipient.objects.select_related("department", "acknowledged_by"),
        )
    )
    visible = restrict(qs, user)
    if scope.department_ids and not scope.is_global:
        received = qs.filter(recipients__department_id__in=scope.department_ids)
        return (visible | received).distinct()
    return visible


def urgent_awaiting_for(*, user) -> QuerySet[UrgentReportRecipient]:
    """Recipient rows of the user's departments not yet acknowledged (their home-page items)."""
    scope = user_scope(user)
    return (
        UrgentReportRecipient.objects.filter(
            department_id__in=scope.department_ids, acknowledged_at__isnull=True
        )
        .select_related("report", "report__reporting_department", "department")
        .order_by("report__reported_at")
    )
