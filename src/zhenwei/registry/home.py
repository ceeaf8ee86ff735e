"""Waiting items for the staff home page: open problem-list findings of training institutions
(due by their rectification date) and imports that failed."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from zhenwei.core.access import restrict, user_scope
from zhenwei.core.waiting import WaitingItem

from .choices import FindingStatus, ImportJobStatus
from .models import ImportJob, InstitutionFinding


def waiting(user) -> list[WaitingItem]:
    if not user_scope(user).can("change"):
        return []
    findings = (
        restrict(InstitutionFinding.objects.select_related("institution"), user, "change")
        .filter(status=FindingStatus.OPEN)
        .order_by("rectify_by")[:20]
    )
    items = [
        WaitingItem(
            title=gettext("问题清单待整改：%(title)s") % {"title": f.title},
            url=reverse("registry:institution-detail", args=[f.institution_id]),
            app="registry",
            due=f.rectify_by,
            detail=f.institution.name,
        )
        for f in findings
    ]
    since = timezone.now() - dt.timedelta(days=7)
    for job in ImportJob.objects.filter(actor=user, status=ImportJobStatus.FAILED, created_at__gte=since)[:5]:
        items.append(
            WaitingItem(
                title=gettext("导入失败：%(name)s") % {"name": job.original_name},
                url=reverse("registry:import-detail", args=[job.pk]),
                app="registry",
                detail=job.message[:100],
            )
        )
    return items
