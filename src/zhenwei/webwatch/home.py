"""Staff home: ledger records waiting for their next step, with working-day due dates."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from zhenwei.core.access import restrict, user_scope
from zhenwei.core.waiting import WaitingItem
from zhenwei.core.workdays import add_working_days

from .choices import SiteStatus
from .models import SuspectSite

# Working days allowed for each stage before the record shows as overdue.
DUE_DAYS = {
    SiteStatus.DISCOVERED: (3, gettext_lazy("固定证据")),
    SiteStatus.EVIDENCE_KEPT: (5, gettext_lazy("移交网安或注册商")),
    SiteStatus.REFERRED: (15, gettext_lazy("跟踪封堵")),
}


def waiting(user) -> list[WaitingItem]:
    if not user_scope(user).can("change"):
        return []
    qs = restrict(SuspectSite.objects.filter(status__in=list(DUE_DAYS)), user, "change").only(
        "pk", "host", "title", "status", "discovered_on", "evidence_on", "referred_on"
    )[:50]
    items = []
    for site in qs:
        days, step = DUE_DAYS[site.status]
        since = {
            SiteStatus.DISCOVERED: site.discovered_on,
            SiteStatus.EVIDENCE_KEPT: site.evidence_on or site.discovered_on,
            SiteStatus.REFERRED: site.referred_on or site.discovered_on,
        }[site.status]
        items.append(
            WaitingItem(
                title=gettext("假冒网站 %(site)s：%(step)s")
                % {"site": site.title or site.host, "step": step},
                url=reverse("webwatch:site-detail", args=[site.pk]),
                app="webwatch",
                due=add_working_days(since, days),
                detail=site.host,
            )
        )
    return items
