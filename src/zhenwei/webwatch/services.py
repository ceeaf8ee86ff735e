"""Writes of the web watch: the official-site registry and the fake-website ledger, each audited in
the same transaction."""

from __future__ import annotations

import datetime as dt
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from zhenwei.core.access import actor_user, require
from zhenwei.core.audit import audit_create, audit_record, audit_update, diff, snapshot
from zhenwei.core.choices import AuditAction
from zhenwei.core.files import evidence_store

from .choices import SITE_TRANSITIONS, DiscoveredVia, ReferralTarget, SiteKind, SiteStatus, TechService
from .lookalike import MalformedURL, parse_host
from .models import OfficialDomain, SiteEvent, SiteEvidence, SuspectSite
from .selectors import url_check

OFFICIAL_FIELDS = (
    "name",
    "owner",
    "url",
    "is_verification",
    "include_subdomains",
    "keywords",
    "how_to_tell",
    "is_active",
    "sort",
)


def official_domain_save(*, host: str, actor, **fields) -> OfficialDomain:
    """Create or update one official host (administrators only); the host is stored in ASCII form."""
    require(actor, "admin")
    unknown = set(fields) - set(OFFICIAL_FIELDS)
    if unknown:
        raise ValidationError(
            gettext("未知字段：%(join_sorted_unknown)s") % {"join_sorted_unknown": ", ".join(sorted(unknown))}
        )
    try:
        ascii_host, _, _ = parse_host(host)
    except MalformedURL as exc:
        raise ValidationError({"host": str(exc)}) from None
    with transaction.atomic():
        row = OfficialDomain.objects.select_for_update().filter(host=ascii_host).first()
        before = snapshot(row) if row is not None else None
        if row is None:
            row = OfficialDomain(host=ascii_host)
        for key, value in fields.items():
            setattr(row, key, value)
        row.full_clean()
        row.save()
        if before is None:
            audit_create(actor=actor, obj=row)
        else:
            audit_update(actor=actor, obj=row, before=before)
    return row


def _today() -> dt.date:
    return timezone.localdate()


def _check_date(label: str, value: dt.date, not_before: dt.date | None, not_before_label: str) -> None:
    if value > _today():
        raise ValidationError(
            gettext("%(label)s（%(value)s）不能晚于今天") % {"label": label, "value": value}
        )
    if not_before is not None and value < not_before:
        raise ValidationError(
            gettext("%(label)s（%(value)s）不能早于%(not_before_label)s（%(not_before)s）")
            % {"label": label, "value": value, "not_before_label": not_before_label, "not_before": not_before}
        )


def site_register(
    *,
    url: str,
    division,
    discovered_on: dt.date,
    actor,
    kind: str = SiteKind.FAKE_WEBSITE,
    discovered_via: str = DiscoveredVia.PATROL,
    title: str = "",
    description: str = "",
    provider_name: str = "",
    provider_service: str = "",
    department=None,
) -> SuspectSite:
    """Record a fake website or technical service provider as discovered, with the look-alike verdict
    of its URL. An open record for the same host and kind in the same division is returned instead."""
    require(actor, "change", division)
    if kind not in SiteKind.values:
        raise ValidationError({"kind": gettext("未知类别：%(kind)s") % {"kind": kind}})
    if discovered_via not in DiscoveredVia.values:
        raise ValidationError(
            {
                "discovered_via": gettext("未知发现途径：%(discovered_via)s")
                % {"discovered_via": discovered_via}
            }
        )
    if provider_service and provider_service not in TechService.values:
        raise ValidationError(
            {
                "provider_service": gettext("未知技术服务类型：%(provider_service)s")
                % {"provider_service": provider_service}
            }
        )
    if kind == SiteKind.TECH_SERVICE and not provider_name:
        raise ValidationError({"provider_name": gettext("非法提供技术服务的记录须填写技术服务提供者")})
    try:
        check = url_check(url=url)
    except MalformedURL as exc:
        raise ValidationError({"url": str(exc)}) from None
    _check_date("发现日期", discovered_on, None, "")
    with transaction.atomic():
        existing = (
            SuspectSite.objects.filter(host=check.host, kind=kind, division=division)
            .exclude(status=SiteStatus.CLOSED)
            .first()
        )
        if existing is not None:
            return existing
        site = SuspectSite(
            kind=kind,
            url=url.strip(),
            host=check.host,
            verdict=check.verdict,
            imitates=check.imitates,
            reasons=check.reasons,
            title=title,
            description=description,
            provider_name=provider_name,
            provider_service=provider_service,
            division=division,
            department=department,
            discovered_on=discovered_on,
            discovered_via=discovered_via,
            created_by=actor_user(actor),
        )
        site.full_clean(exclude=["clue"])
        site.save()
        SiteEvent.objects.create(
            site=site,
            to_status=SiteStatus.DISCOVERED,
            on=discovered_on,
            actor=site.created_by,
            note=f"检测结论：{check.verdict_label}" + (f"，仿冒 {check.imitates}" if check.imitates else ""),
        )
        audit_create(actor=actor, obj=site)
    return site


def _transition(*, site: SuspectSite, to: str, on: dt.date, actor, note: str = "", **fields) -> SuspectSite:
    """The one place a ledger record changes stage: checks the transitions table, sets the stage's
    fields, records the timeline event and the audit row."""
    allowed = SITE_TRANSITIONS.get(site.status, frozenset())
    if to not in allowed:
        raise ValidationError(
            gettext("台账记录当前状态为“%(sitestatus_site_status_l)s”，不能变更为“%(sitestatus_to_label)s”")
            % {
                "sitestatus_site_status_l": SiteStatus(site.status).label,
                "sitestatus_to_label": SiteStatus(to).label,
            }
        )
    before = snapshot(site)
    from_status = site.status
    site.status = to
    for key, value in fields.items():
        setattr(site, key, value)
    site.full_clean(exclude=["clue"])
    site.save()
    SiteEvent.objects.create(
        site=site,
        from_status=from_status,
        to_status=to,
        on=on,
        note=note,
        actor=actor_user(actor),
    )
    old, new = diff(before, snapshot(site))
    audit_record(actor=actor, action=AuditAction.TRANSITION, obj=site, before=old, after=new, note=note)
    return site


def site_evidence_add(
    *,
    site: SuspectSite,
    fileobj: IO[bytes],
    name: str,
    actor,
    url: str = "",
    captured_at: dt.datetime | None = None,
    declared_type: str | None = None,
    note: str = "",
) -> SiteEvidence:
    """Keep a screenshot or saved page (PDF/image) of the site, with its SHA-256 and capture time;
    the first one moves the record to “evidence kept”."""
    require(actor, "change", site)
    captured_at = captured_at or timezone.now()
    if captured_at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError(gettext("取证时间不能晚于现在"))
    if timezone.localtime(captured_at).date() < site.discovered_on:
        raise ValidationError(
            gettext("取证时间不能早于发现日期（%(site_discovered_on)s）")
            % {"site_discovered_on": site.discovered_on}
        )
    with transaction.atomic():
        site = SuspectSite.objects.select_for_update().get(pk=site.pk)
        stored = evidence_store(
            fileobj=fileobj,
            name=name,
            declared_type=declared_type,
            actor=actor,
            attach_to=site,
            division=site.division,
            description=f"网站取证：{url or site.url}"[:255],
        )
        item = SiteEvidence.objects.create(
            site=site,
            evidence=stored,
            url=(url or site.url)[:2000],
            sha256=stored.sha256,
            captured_at=captured_at,
            note=note[:255],
            created_by=actor_user(actor),
        )
        audit_create(actor=actor, obj=item)
        if site.status == SiteStatus.DISCOVERED:
            on = timezone.localtime(captured_at).date()
            _transition(
                site=site,
                to=SiteStatus.EVIDENCE_KEPT,
                on=on,
                actor=actor,
                note=note or "固定证据",
                evidence_on=on,
            )
    return item


def site_refer(
    *,
    site: SuspectSite,
    on: dt.date,
    to_kind: str,
    actor,
    to: str = "",
    to_department=None,
    number: str = "",
    note: str = "",
) -> SuspectSite:
    """Refer the site to the cyber police, the registrar or another body (移交), after evidence is kept."""
    require(actor, "change", site)
    if to_kind not in ReferralTarget.values:
        raise ValidationError(
            {"referred_to_kind": gettext("未知移交对象类别：%(to_kind)s") % {"to_kind": to_kind}}
        )
    if not (to or to_department):
        raise ValidationError({"referred_to": gettext("请填写移交对象（部门或单位名称）")})
    with transaction.atomic():
        site = SuspectSite.objects.select_for_update().get(pk=site.pk)
        if not site.evidence.exists():
            raise ValidationError(gettext("移交前须先固定证据（截图或网页文件）"))
        _check_date("移交日期", on, site.evidence_on or site.discovered_on, "固定证据日期")
        return _transition(
            site=site,
            to=SiteStatus.REFERRED,
            on=on,
            actor=actor,
            note=note,
            referred_on=on,
            referred_to_kind=to_kind,
            referred_to=to or str(to_department),
            referred_to_department=to_department,
            referral_number=number,
        )


def site_block(*, site: SuspectSite, on: dt.date, actor, method: str = "", note: str = "") -> SuspectSite:
    """Record that the site was blocked (封堵): resolution stopped, domain cancelled, server shut."""
    require(actor, "change", site)
    with transaction.atomic():
        site = SuspectSite.objects.select_for_update().get(pk=site.pk)
        _check_date(
            "封堵日期", on, site.referred_on or site.evidence_on or site.discovered_on, "前一环节日期"
        )
        return _transition(
            site=site,
            to=SiteStatus.BLOCKED,
            on=on,
            actor=actor,
            note=note,
            blocked_on=on,
            block_method=method,
        )


def site_close(*, site: SuspectSite, on: dt.date, reason: str, actor) -> SuspectSite:
    """Close a record that turned out not to be a problem (排除), with the reason."""
    require(actor, "change", site)
    if not reason.strip():
        raise ValidationError({"closed_reason": gettext("请填写排除理由")})
    with transaction.atomic():
        site = SuspectSite.objects.select_for_update().get(pk=site.pk)
        _check_date("排除日期", on, site.discovered_on, "发现日期")
        return _transition(
            site=site,
            to=SiteStatus.CLOSED,
            on=on,
            actor=actor,
            note=reason,
            closed_on=on,
            closed_reason=reason,
        )


# The product category of the clues the ledger opens, by record kind: seed 002 handles fake government
# websites and the technical services behind them as one matter. The handling department then comes
# from the routing rules of that category (catalog.RoutingRule, data), as for every other clue.
CLUE_CATEGORY = {SiteKind.FAKE_WEBSITE: "fake-website", SiteKind.TECH_SERVICE: "fake-website"}


def site_clue_open(*, site: SuspectSite, actor):
    """Open (or find) the clue for this site in the clue-and-case workflow and link it. The clue gets
    the category of its kind and the department the routing rules name for it (lead for clues in the
    site's division), else the department that found the site."""
    from zhenwei.cases.contracts import clue_open
    from zhenwei.catalog.choices import RoutingPurpose
    from zhenwei.catalog.contracts import lead_department
    from zhenwei.catalog.models import ProductCategory

    require(actor, "change", site)
    with transaction.atomic():
        site = SuspectSite.objects.select_for_update().get(pk=site.pk)
        if site.clue_id:
            return site.clue
        what = SiteKind(site.kind).label
        lines = [f"{what}：{site.url}"]
        if site.imitates:
            lines.append(f"仿冒：{site.imitates}（{'、'.join(site.reasons)}）")
        if site.provider_name:
            lines.append(f"技术服务提供者：{site.provider_name}")
        if site.description:
            lines.append(site.description)
        category = ProductCategory.objects.filter(code=CLUE_CATEGORY[site.kind]).first()
        department = (
            lead_department(purpose=RoutingPurpose.CLUE, division=site.division, category=category)
            if category is not None
            else None
        ) or site.department
        clue = clue_open(
            source="webwatch",
            title=f"{what} {site.title or site.host}",
            division=site.division,
            category=category,
            department=department,
            description="\n".join(lines),
            source_object=site,
            dedupe_key=f"webwatch:{site.kind}:{site.host}",
            actor=actor,
        )
        before = snapshot(site)
        site.clue = clue
        site.save(update_fields=["clue", "updated_at"])
        audit_update(actor=actor, obj=site, before=before, note="开启线索")
    return clue
