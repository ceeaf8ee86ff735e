"""Reads of the web watch: the official-site checker and the ledger within a user's scope.

The ledger's monthly figures (发现假冒网站, 封堵网站, 非法提供技术服务, 发现并移交相关部门问题线索)
are defined once, by the report metrics (``zhenwei.reports.selectors.ledger_figures``, rows r14–r17
of ``cert-campaign-monthly``), so the ledger and the form cannot disagree."""

from __future__ import annotations

import threading
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext

from zhenwei.core.access import restrict

from .lookalike import Checker, MalformedURL, Official, UrlCheck, official_from_host
from .models import OfficialDomain, SuspectSite

_cache_lock = threading.Lock()
_cached: tuple[tuple, Checker] | None = None
_LOCAL_HOSTS = {"localhost", "testserver", "127.0.0.1", "[::1]", "::1"}


def platform_hosts() -> list[str]:
    """The platform's own public host names: SITE_URL's host and real names in ALLOWED_HOSTS."""
    hosts: list[str] = []
    site_url = getattr(settings, "SITE_URL", "") or ""
    if site_url:
        host = urlsplit(site_url if "://" in site_url else f"https://{site_url}").hostname
        if host:
            hosts.append(host)
    for host in settings.ALLOWED_HOSTS:
        host = host.lstrip(".").lower()
        if host and host != "*" and host not in _LOCAL_HOSTS and "." in host and not host[0].isdigit():
            hosts.append(host)
    return list(dict.fromkeys(hosts))


def officials() -> list[Official]:
    """The active official hosts of the registry plus the platform's own hosts."""
    result: list[Official] = []
    for row in OfficialDomain.objects.filter(is_active=True):
        try:
            result.append(
                official_from_host(
                    row.host,
                    name=row.name,
                    include_subdomains=row.include_subdomains,
                    keywords=row.keyword_list(),
                )
            )
        except MalformedURL:
            continue  # an administrator's typo must not stop every check
    known = {o.host for o in result}
    for host in platform_hosts():
        try:
            official = official_from_host(host, name=gettext("本平台"), include_subdomains=False)
        except MalformedURL:
            continue
        if official.host not in known:
            result.append(official)
    return result


def checker() -> Checker:
    """A Checker for the current registry, rebuilt only when the registry changes (one cheap query)."""
    global _cached
    state = OfficialDomain.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    signature = (state["n"], state["last"], tuple(platform_hosts()))
    with _cache_lock:
        if _cached is not None and _cached[0] == signature:
            return _cached[1]
    built = Checker(officials())
    with _cache_lock:
        _cached = (signature, built)
    return built


def url_check(*, url: str) -> UrlCheck:
    """Verdict for one URL against the registry; raises MalformedURL for unreadable input."""
    return checker().check(url)


def official_domain_list(*, verification_only: bool = False) -> QuerySet[OfficialDomain]:
    qs = OfficialDomain.objects.filter(is_active=True)
    return qs.filter(is_verification=True) if verification_only else qs


def site_list(*, user, filters: dict | None = None) -> QuerySet[SuspectSite]:
    """Ledger records the user may see, newest discovery first."""
    qs = restrict(
        SuspectSite.objects.select_related("division", "department", "referred_to_department", "clue"), user
    )
    filters = filters or {}
    if kind := filters.get("kind"):
        qs = qs.filter(kind=kind)
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    if q := filters.get("q"):
        qs = qs.filter(Q(host__icontains=q) | Q(url__icontains=q) | Q(title__icontains=q))
    return qs
