"""Writes for on-site inspections (现场检查): recording one with its checklist answers and scanned
code, matching the eliminated-product list, attaching evidence; the inspection write check."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from zhenwei.catalog.choices import Domain
from zhenwei.core.access import actor_user, require
from zhenwei.core.audit import audit_create
from zhenwei.core.models import Division
from zhenwei.registry.models import Enterprise

from ..choices import CheckResult
from ..models import (
    ChecklistItem,
    Inspection,
    InspectionCheck,
    InspectionPlan,
    PlanTarget,
)


def _require_inspection_change(actor, inspection: Inspection) -> None:
    """Who may write an inspection and its samples: whoever may change records of its division
    (core.access.require), and the inspectors of record (a drawn pool may send a town's inspector
    to a county target)."""
    try:
        require(actor, "change", inspection)
    except PermissionDenied:
        user = actor_user(actor)
        if inspection.pk is None or user is None or not inspection.inspectors.filter(pk=user.pk).exists():
            raise


def may_write_inspection(actor, inspection: Inspection) -> bool:
    """_require_inspection_change as a yes/no."""
    try:
        _require_inspection_change(actor, inspection)
    except PermissionDenied:
        return False
    return True


def verify_identity_code(code: str, *, division_code: str | None = None) -> tuple[dict[str, Any], Any]:
    """Run the public verification for a scanned code (verify's product_verify: the same answer, the
    scan logged, the clone rules applied) and find the identity code it answered for."""
    from zhenwei.core.audit import json_safe
    from zhenwei.registry.models import IdentityCode
    from zhenwei.verify.contracts import product_verify

    code = code.strip().upper()
    answer = json_safe(product_verify(code=code, division_code=division_code, user_agent="zhenwei-inspector"))
    ref = IdentityCode.objects.filter(code=answer.get("code") or code).first()
    answer.update(
        source="verify",
        found=answer.get("status") is not None,
        genuine=answer.get("verdict") == "genuine",
    )
    return answer, ref


def inspection_record(
    *,
    actor,
    division: Division,
    department,
    category,
    domain: str,
    subject_name: str,
    place: str,
    product_name: str,
    enterprise: Enterprise | None = None,
    plan: InspectionPlan | None = None,
    target: PlanTarget | None = None,
    campaign=None,
    brand: str = "",
    model: str = "",
    batch_no: str = "",
    origin: str = "",
    quantity: Decimal | None = None,
    unit: str = "个",
    identity_code: str = "",
    inspected_on: dt.date | None = None,
    inspectors=(),
    checks: dict[int, tuple[str, str]] | None = None,
    note: str = "",
) -> Inspection:
    """Record an on-site inspection with its checklist answers; a scanned code is verified at once."""
    require(actor, "change", division)
    if target is not None:
        plan = target.plan
        enterprise = enterprise or target.enterprise
    if plan is not None and campaign is None:
        campaign = plan.campaign
    if domain not in Domain.values:
        raise ValidationError(gettext("未知领域：%(domain)s") % {"domain": domain})
    inspected_on = inspected_on or timezone.localdate()
    if inspected_on > timezone.localdate():
        raise ValidationError(gettext("检查日期不能晚于今天"))
    checks = checks or {}
    items = {i.pk: i for i in ChecklistItem.objects.filter(pk__in=checks.keys())}
    for item_id, (result, _note) in checks.items():
        if item_id not in items:
            raise ValidationError(gettext("检查项目 %(item_id)s 不存在") % {"item_id": item_id})
        if items[item_id].category_id not in category.lineage_ids():
            raise ValidationError(
                gettext("检查项目“%(items_item_id)s”不属于类别“%(category)s”")
                % {"items_item_id": items[item_id], "category": category}
            )
        if result not in CheckResult.values:
            raise ValidationError(
                gettext("检查项目“%(items_item_id)s”的结果应为 pass/fail/na")
                % {"items_item_id": items[item_id]}
            )
    verification, ref = (None, None)
    if identity_code.strip():
        verification, ref = verify_identity_code(identity_code, division_code=division.code)
    eliminated = inspection_eliminated_matches(product_name=product_name, brand=brand, model=model, ref=ref)
    with transaction.atomic():
        inspection = Inspection(
            plan=plan,
            target=target,
            campaign=campaign,
            enterprise=enterprise,
            subject_name=subject_name or (enterprise.name if enterprise else ""),
            place=place,
            division=division,
            department=department,
            domain=domain,
            category=category,
            product_name=product_name,
            brand=brand,
            model=model,
            batch_no=batch_no,
            origin=origin,
            quantity=quantity,
            unit=unit or "个",
            identity_code=identity_code.strip().upper(),
            identity_code_ref=ref,
            verification=verification,
            eliminated_matches=eliminated,
            inspected_on=inspected_on,
            note=note,
            created_by=actor_user(actor),
        )
        inspection.full_clean()
        inspection.save()
        inspection.inspectors.set(list(inspectors) or ([actor] if actor_user(actor) else []))
        InspectionCheck.objects.bulk_create(
            InspectionCheck(inspection=inspection, item_id=item_id, result=result, note=n[:255])
            for item_id, (result, n) in checks.items()
        )
        audit_create(actor=actor, obj=inspection)
    return inspection


def inspection_eliminated_matches(
    *, product_name: str, brand: str = "", model: str = "", ref=None
) -> list[dict]:
    """The eliminated/banned product types (国家明令淘汰, seed 000) the inspected product matches, by its
    name, brand and model, and by the registry product its scanned code belongs to (which also carries
    the registry's is_eliminated flag). The category alone never matches: most of a category (灭火器) is
    lawful, only some types in it are eliminated."""
    from django.apps import apps

    if not apps.is_installed("zhenwei.market"):
        return []
    from zhenwei.market.contracts import EliminatedMatcher, eliminated_match, eliminated_summary

    found = EliminatedMatcher().match(" ".join(x for x in (product_name, brand, model) if x))
    product = getattr(ref, "product", None)
    if product is not None:
        seen = {t.pk for t in found}
        found += [t for t in eliminated_match(product) if t.pk is None or t.pk not in seen]
    return eliminated_summary(found)


def eliminated_notice(match: dict) -> str:
    """ "卤代烷（哈龙）灭火器（《…》公通字〔1994〕94号）" for messages, case descriptions and pages."""
    number = match.get("notice_number") or ""
    notice = f"《{match['notice_title']}》{number}" if match.get("notice_title") else number
    return f"{match['name']}（{notice}）" if notice else match["name"]


def inspection_evidence_add(
    *,
    inspection: Inspection,
    fileobj: IO[bytes],
    name: str,
    actor,
    declared_type: str | None = None,
    description: str = "",
):
    """Attach a photo or document to an inspection."""
    _require_inspection_change(actor, inspection)
    from zhenwei.core.files import evidence_store

    return evidence_store(
        fileobj=fileobj,
        name=name,
        declared_type=declared_type,
        actor=actor,
        attach_to=inspection,
        division=inspection.division,
        description=description,
    )
