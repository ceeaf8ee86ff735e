"""Writes of the market app: listing checks and the clues they open, logistics-site checks."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from zhenwei.catalog.choices import RoutingPurpose
from zhenwei.catalog.contracts import lead_department, nearest_department
from zhenwei.core.access import actor_user, is_system_actor, require
from zhenwei.core.audit import audit_record, snapshot
from zhenwei.core.choices import AuditAction
from zhenwei.core.models import Department, DepartmentKind

from .checks import RegistryLookup, category_medians, check_listing
from .choices import CheckResult, FindingCode
from .eliminated import EliminatedMatcher, eliminated_match
from .models import Listing, LogisticsCheck, LogisticsCheckAnswer, LogisticsChecklistItem

__all__ = ["eliminated_match", "listings_check", "logistics_check_record", "listing_responsible_department"]

CHECK_CHUNK = 1000


def listing_responsible_department(*, division, category=None) -> Department | None:
    """Who gets a listing clue: the routing rule for purpose "listing", else "clue" (circulation
    domain), else the nearest market-supervision department."""
    for purpose in (RoutingPurpose.LISTING, RoutingPurpose.CLUE):
        dept = lead_department(purpose=purpose, division=division, category=category, domain="circulation")
        if dept is not None:
            return dept
    market = DepartmentKind.objects.filter(code="market").first()
    return nearest_department(kind_id=market.pk, division=division) if market else None


def listings_check(*, listing_ids: Iterable[int], actor=None, open_clues: bool = True) -> dict[str, int]:
    """Check listings (in chunks), store their findings, and open one clue per suspicious seller.

    Returns counts: checked, suspicious, clues (opened or found open for the seller)."""
    ids = sorted(set(listing_ids))
    matcher = EliminatedMatcher()
    stats = {"checked": 0, "suspicious": 0, "clues": 0}
    suspicious_sellers: dict[tuple[str, str], list[int]] = defaultdict(list)
    now = timezone.now()
    for start in range(0, len(ids), CHECK_CHUNK):
        chunk = list(
            Listing.objects.filter(pk__in=ids[start : start + CHECK_CHUNK]).only(
                "pk", "platform", "seller_id", "title", "claimed_code", "price", "category_id"
            )
        )
        lookup = RegistryLookup(listing.claimed_code for listing in chunk)
        medians = category_medians(listing.category_id for listing in chunk)
        # Most listings share the same findings (none): one UPDATE per distinct result, not per row
        # (bulk_update's CASE per row was 70 % of the import time).
        by_result: dict[str, tuple[list, list[int]]] = {}
        for listing in chunk:
            findings = check_listing(listing, lookup=lookup, matcher=matcher, medians=medians)
            key = json.dumps(findings, ensure_ascii=False, sort_keys=True)
            by_result.setdefault(key, (findings, []))[1].append(listing.pk)
            if findings:
                stats["suspicious"] += 1
                suspicious_sellers[(listing.platform, listing.seller_id)].append(listing.pk)
        with transaction.atomic():
            for findings, pks in by_result.values():
                Listing.objects.filter(pk__in=pks).update(
                    findings=findings, is_suspicious=bool(findings), checked_at=now
                )
        stats["checked"] += len(chunk)
    if open_clues:
        for (platform, seller_id), pks in suspicious_sellers.items():
            seller_clue_open(platform=platform, seller_id=seller_id, listing_ids=pks, actor=actor)
            stats["clues"] += 1
    return stats


def seller_clue_open(*, platform: str, seller_id: str, listing_ids: list[int], actor=None):
    """Open (or find the open) clue for one seller's suspicious listings and attach the listings to it."""
    from zhenwei.cases.contracts import clue_open

    listings = list(Listing.objects.filter(pk__in=listing_ids).select_related("category", "division"))
    if not listings:
        return None
    first = listings[0]
    categories = Counter(listing.category_id for listing in listings if listing.category_id)
    category = (
        next((lst.category for lst in listings if lst.category_id == categories.most_common(1)[0][0]), None)
        if categories
        else None
    )
    codes = Counter(f["code"] for listing in listings for f in listing.findings)
    labels = "、".join(f"{FindingCode(c).label}{n}条" for c, n in codes.most_common())
    lines = [
        f"- {listing.title}（{listing.price if listing.price is not None else '—'}元）{listing.url}："
        + "；".join(f["message"] for f in listing.findings)
        for listing in listings[:50]
    ]
    clue = clue_open(
        source="listing",
        title=f"网络交易监测：{platform}店铺“{first.shop_name or seller_id}”{len(listings)}件可疑商品",
        division=first.division,
        category=category,
        department=listing_responsible_department(division=first.division, category=category),
        description=f"平台：{platform}；卖家编号：{seller_id}；发现：{labels}\n" + "\n".join(lines),
        source_object=first,
        dedupe_key=f"listing-seller:{platform}:{seller_id}",
        domain="circulation",
        actor=actor,
    )
    Listing.objects.filter(pk__in=[listing.pk for listing in listings]).update(clue=clue)
    return clue


def logistics_check_record(
    *,
    enterprise,
    department: Department,
    checked_on: dt.date,
    answers: dict[str, tuple[str, str] | str],
    actor,
    inspectors: str = "",
    campaign=None,
    note: str = "",
) -> LogisticsCheck:
    """Record a check of an express or logistics site against the logistics checklist.

    ``answers`` maps item codes to a result ("pass", "fail", "na") or (result, note). Every active item
    must be answered; a failed item makes the check fail."""
    from zhenwei.registry.choices import EnterpriseKind

    if enterprise.kind != EnterpriseKind.LOGISTICS:
        raise ValidationError(
            gettext("“%(enterprise)s”不是快递物流/货运场站，不能用物流场所检查表")
            % {"enterprise": enterprise}
        )
    if not is_system_actor(actor):
        require(actor, "inspect", enterprise.division)
        if (
            not actor.is_superuser
            and not actor.memberships.filter(department=department, is_active=True).exists()
        ):
            raise PermissionDenied(gettext("只能以本人所在部门的名义检查"))
    items = {i.code: i for i in LogisticsChecklistItem.objects.filter(is_active=True)}
    normalized: dict[str, tuple[str, str]] = {}
    for code, value in answers.items():
        result, item_note = (value, "") if isinstance(value, str) else value
        if code not in items:
            raise ValidationError(gettext("未知的检查项目：%(code)s") % {"code": code})
        if result not in CheckResult.values:
            raise ValidationError(
                gettext("检查项目 %(code)s 的结果应为 pass、fail 或 na，而不是“%(result)s”")
                % {"code": code, "result": result}
            )
        if result == CheckResult.FAIL and not item_note.strip():
            raise ValidationError(gettext("检查项目 %(code)s 不符合，请写明具体情况") % {"code": code})
        normalized[code] = (result, item_note)
    missing = sorted(set(items) - set(normalized))
    if missing:
        raise ValidationError(
            gettext("以下检查项目尚未填写：%(join_missing)s") % {"join_missing": ", ".join(missing)}
        )
    failed = sum(1 for r, _ in normalized.values() if r == CheckResult.FAIL)
    check = LogisticsCheck(
        enterprise=enterprise,
        division=enterprise.division,
        department=department,
        campaign=campaign,
        checked_on=checked_on,
        inspectors=inspectors,
        result=CheckResult.FAIL if failed else CheckResult.PASS,
        failed_count=failed,
        note=note,
        created_by=actor_user(actor),
    )
    check.full_clean()
    with transaction.atomic():
        check.save()
        LogisticsCheckAnswer.objects.bulk_create(
            LogisticsCheckAnswer(check_record=check, item=items[code], result=r, note=n)
            for code, (r, n) in normalized.items()
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=check,
            after={**snapshot(check), "answers": {c: r for c, (r, _) in normalized.items()}},
        )
    return check
