"""Reads of clues, cases and transfers, always through the one visibility rule."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from zhenwei.core.access import restrict, user_scope
from zhenwei.core.deadlines import overdue_q
from zhenwei.core.models import Share

from .choices import ActionStatus, CaseStatus, ClueStatus
from .models import Case, CaseAction, Clue


def case_queryset(*, user, action: str = "view") -> QuerySet[Case]:
    return restrict(
        Case.objects.select_related("division", "department", "category", "owner", "enterprise"), user, action
    )


def case_overdue_q(today: dt.date | None = None) -> Q:
    """A case is overdue when its handling deadline passed or one of its open actions is overdue."""
    today = today or timezone.localdate()
    late_action = CaseAction.objects.filter(
        overdue_q("due_on", today=today), case=OuterRef("pk"), status=ActionStatus.OPEN
    )
    open_statuses = [
        CaseStatus.REGISTERED,
        CaseStatus.INVESTIGATING,
        CaseStatus.RECTIFYING,
        CaseStatus.TRANSFERRED,
    ]
    return Q(status__in=open_statuses) & (overdue_q("due_on", today=today) | Q(Exists(late_action)))


def case_list(*, user, filters: dict | None = None) -> QuerySet[Case]:
    from .filtersets import CaseFilterSet

    qs = case_queryset(user=user)
    return CaseFilterSet(filters or {}, queryset=qs, request=None).qs


def clue_list(*, user, status: str | None = ClueStatus.NEW) -> QuerySet[Clue]:
    qs = restrict(Clue.objects.select_related("division", "department", "category"), user)
    return qs.filter(status=status) if status else qs


def share_inbox(*, user, include_acknowledged: bool = False) -> QuerySet[Share]:
    """Transfers and copies sent to one of the user's departments, whose record the user may see.

    A Share row has no division of its own (it points at any kind of record through a generic key),
    so restrict() cannot filter Share rows by themselves; this is the one place that states the
    inbox's rule, as two conditions:
    - addressed to a department the user is an active member of: an inbox is what was sent to the
      user's own departments, for platform administrators too (they see every record, not every
      department's inbox);
    - its record let through by restrict(), kind of record by kind of record. restrict() grants
      sight of every record transferred or copied to one of the user's departments, so today this
      keeps every share of the first condition whose record exists; it is here so the inbox can
      never show what the visibility rule hides, whatever that rule becomes.
    """
    scope = user_scope(user)
    if not scope.department_ids:
        return Share.objects.none()
    qs = Share.objects.filter(to_department_id__in=scope.department_ids)
    if not include_acknowledged:
        qs = qs.filter(acknowledged_at__isnull=True)
    visible = Q(pk__in=[])
    for ct_id in qs.order_by().values_list("content_type_id", flat=True).distinct():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if model is not None:
            records = restrict(model._default_manager.all(), user).values("pk")
            visible |= Q(content_type_id=ct_id, object_id__in=records)
    return (
        qs.filter(visible)
        .select_related("to_department", "from_department", "content_type", "acknowledged_by", "created_by")
        .prefetch_related("target")
        .order_by("due_at", "pk")
    )


def shares_of(target) -> QuerySet[Share]:
    ct = ContentType.objects.get_for_model(target)
    return Share.objects.filter(content_type=ct, object_id=target.pk).select_related(
        "to_department", "from_department", "acknowledged_by", "escalation__escalated_to"
    )


def my_actions(*, user) -> QuerySet[CaseAction]:
    """Open actions the user owns, or that fall to one of the user's departments with no owner."""
    scope = user_scope(user)
    visible_cases = case_queryset(user=user, action="change").values("pk")
    condition = Q(owner=user) | Q(owner__isnull=True, department_id__in=scope.department_ids)
    return (
        CaseAction.objects.filter(condition, status=ActionStatus.OPEN, case__in=visible_cases)
        .select_related("case", "owner")
        .order_by("due_on", "pk")
    )


def my_cases(*, user) -> QuerySet[Case]:
    return (
        case_queryset(user=user)
        .filter(owner=user)
        .exclude(status__in=[CaseStatus.CLOSED, CaseStatus.DISMISSED])
    )
