"""Reads of the registry, always through the one visibility rule (zhenwei.core.access.restrict)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from zhenwei.core.access import restrict

from .models import Certificate, Enterprise, IdentityCode, ImportJob, Product, TrainingInstitution


def enterprise_list(*, user) -> QuerySet[Enterprise]:
    return restrict(Enterprise.objects.select_related("division"), user)


def product_list(*, user) -> QuerySet[Product]:
    return restrict(Product.objects.select_related("category", "division", "manufacturer"), user)


def identity_code_list(*, user) -> QuerySet[IdentityCode]:
    return restrict(IdentityCode.objects.select_related("product", "product__category", "batch"), user)


def certificate_list(*, user) -> QuerySet[Certificate]:
    return restrict(Certificate.objects.select_related("division", "employer"), user)


def institution_list(*, user) -> QuerySet[TrainingInstitution]:
    return restrict(
        TrainingInstitution.objects.select_related("division").annotate(
            open_findings=Count("findings", filter=Q(findings__status="open"), distinct=True),
            event_count=Count("events", distinct=True),
        ),
        user,
    )


def import_job_list(*, user) -> QuerySet[ImportJob]:
    return restrict(ImportJob.objects.select_related("actor"), user)
