"""Reads of credit lists and disclosures: staff lists through restrict(), public lists of what is
published now."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from zhenwei.core.access import restrict
from zhenwei.core.models import Division
from zhenwei.core.text import normalize

from .models import CreditEntry, Disclosure, Guide


def active_q(day: dt.date | None = None) -> Q:
    """Entries published on ``day``: within the period, neither removed nor repaired by then."""
    day = day or timezone.localdate()
    return (
        Q(publication_start__lte=day)
        & (Q(publication_end__isnull=True) | Q(publication_end__gte=day))
        & (Q(removal_date__isnull=True) | Q(removal_date__gt=day))
        & (Q(repair_date__isnull=True) | Q(repair_date__gt=day))
    )


def credit_entry_list(*, user, filters: dict | None = None) -> QuerySet[CreditEntry]:
    qs = restrict(CreditEntry.objects.select_related("division", "enterprise"), user)
    return _filter_entries(qs, filters or {})


def _filter_entries(qs: QuerySet[CreditEntry], filters: dict) -> QuerySet[CreditEntry]:
    if q := normalize(filters.get("q", "")):
        qs = qs.filter(
            Q(subject_name_normalized__contains=q)
            | Q(credit_code__iexact=q)
            | Q(decision_number__icontains=q)
        )
    if kind := filters.get("list_kind"):
        qs = qs.filter(list_kind=kind)
    if code := filters.get("division"):
        division = Division.objects.filter(code=code).first()
        qs = qs.filter(division__path__startswith=division.path) if division else qs.none()
    return qs


def public_credit_entries(*, filters: dict | None = None) -> QuerySet[CreditEntry]:
    """The credit list as the public sees it today (only entries in their publication period)."""
    return _filter_entries(CreditEntry.objects.filter(active_q()).select_related("division"), filters or {})


def public_disclosures(*, filters: dict | None = None) -> QuerySet[Disclosure]:
    """Publications that are out and not withdrawn, newest first; search text normalised
    (Traditional → Simplified, full-width → half-width)."""
    filters = filters or {}
    qs = Disclosure.objects.filter(withdrawn=False, published_on__lte=timezone.localdate()).select_related(
        "division"
    )
    if kind := filters.get("kind"):
        qs = qs.filter(kind=kind)
    if q := normalize(filters.get("q", "")):
        for word in q.split():
            qs = qs.filter(search_text__contains=word)
    if code := filters.get("division"):
        division = Division.objects.filter(code=code).first()
        qs = qs.filter(division__path__startswith=division.path) if division else qs.none()
    if year := str(filters.get("year") or ""):
        if year.isdigit():
            qs = qs.filter(published_on__year=int(year))
    return qs


def disclosure_list(*, user, filters: dict | None = None) -> QuerySet[Disclosure]:
    qs = restrict(Disclosure.objects.select_related("division", "source_type"), user)
    filters = filters or {}
    if kind := filters.get("kind"):
        qs = qs.filter(kind=kind)
    if q := normalize(filters.get("q", "")):
        qs = qs.filter(search_text__contains=q)
    return qs


def guide_list() -> QuerySet[Guide]:
    return Guide.objects.filter(is_published=True)
