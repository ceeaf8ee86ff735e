"""Writes for the inspector pool, declared conflicts, random-inspection plans and the recorded
double-random draw (双随机): create, draw, re-check the draw, publish."""

from __future__ import annotations

import datetime as dt
import math
import secrets
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from zhenwei.catalog.choices import Domain
from zhenwei.core.access import actor_user, require
from zhenwei.core.audit import audit_create, audit_update, snapshot
from zhenwei.core.models import Division
from zhenwei.registry.models import Enterprise

from .. import draw
from ..choices import Judgment, PlanStatus
from ..models import (
    ConflictDeclaration,
    Inspection,
    InspectionPlan,
    PlanTarget,
    PoolInspector,
)

DOMAIN_FLAG = {
    Domain.PRODUCTION: "is_production",
    Domain.CIRCULATION: "is_circulation",
    Domain.CONSTRUCTION: "is_construction",
    Domain.USE: "is_use",
}
# Weight of a subject in the draw: 1, plus these for its history (documented in docs/inspections.md).
WEIGHT_COMPLAINTS = 1
WEIGHT_UNQUALIFIED = 2
WEIGHT_CREDIT_LIST = 2


def inspector_add(
    *, name: str, division: Division, actor, user=None, department=None, employer=None, certificate_number=""
) -> PoolInspector:
    """Put a person into the inspector pool."""
    with transaction.atomic():
        inspector = PoolInspector(
            name=name,
            division=division,
            user=user,
            department=department,
            employer=employer,
            certificate_number=certificate_number,
        )
        inspector.full_clean()
        inspector.save()
        audit_create(actor=actor, obj=inspector)
    return inspector


def conflict_declare(
    *, inspector: PoolInspector, enterprise: Enterprise, reason: str, actor
) -> ConflictDeclaration:
    """Record an inspector's declared conflict with a subject; later draws never pair them."""
    if not reason.strip():
        raise ValidationError(gettext("回避申报须说明理由（亲属、曾任职、经济往来等）"))
    with transaction.atomic():
        conflict, created = ConflictDeclaration.objects.get_or_create(
            inspector=inspector, enterprise=enterprise, defaults={"reason": reason.strip()}
        )
        if created:
            audit_create(actor=actor, obj=conflict)
    return conflict


def plan_create(
    *,
    title: str,
    domain: str,
    division: Division,
    department,
    starts_on: dt.date,
    ends_on: dt.date,
    actor,
    campaign=None,
    categories=(),
    divisions=(),
    subject_kinds=(),
    target_count: int | None = None,
    target_percent: Decimal | None = None,
    inspectors_per_target: int = 2,
) -> InspectionPlan:
    """Create a random-inspection plan (草稿); the draw is a separate, recorded step."""
    require(actor, "change", division)
    if ends_on < starts_on:
        raise ValidationError(gettext("结束日期不能早于开始日期"))
    if not target_count and not target_percent:
        raise ValidationError(gettext("请填写抽取数量或抽取比例"))
    if target_percent is not None and not (0 < Decimal(target_percent) <= 100):
        raise ValidationError(gettext("抽取比例应在 0 到 100 之间"))
    if inspectors_per_target < 2:
        raise ValidationError(gettext("每个检查对象至少派两名检查人员"))
    for d in divisions:
        if not d.is_within(division):
            raise ValidationError(
                gettext("抽查范围“%(d)s”不在组织区划“%(division)s”之内") % {"d": d, "division": division}
            )
    with transaction.atomic():
        plan = InspectionPlan(
            title=title.strip(),
            domain=domain,
            division=division,
            department=department,
            starts_on=starts_on,
            ends_on=ends_on,
            campaign=campaign,
            subject_kinds=list(subject_kinds),
            target_count=target_count or None,
            target_percent=target_percent,
            inspectors_per_target=inspectors_per_target,
            created_by=actor_user(actor),
        )
        plan.full_clean()
        plan.save()
        plan.categories.set(categories)
        plan.divisions.set(divisions)
        audit_create(actor=actor, obj=plan)
    return plan


def _history_ids() -> tuple[set[int], set[int], set[int]]:
    """Enterprise ids with complaints, with unqualified inspections, and on a credit list."""
    unqualified = set(
        Inspection.objects.filter(judgment=Judgment.UNQUALIFIED, enterprise__isnull=False).values_list(
            "enterprise_id", flat=True
        )
    )
    from zhenwei.credit.contracts import listed_enterprise_ids
    from zhenwei.tips.models import Tip

    complaints: set[int] = set()
    codes = set(Tip.objects.exclude(subject_credit_code="").values_list("subject_credit_code", flat=True))
    if codes:
        complaints = set(Enterprise.objects.filter(uscc__in=codes).values_list("pk", flat=True))
    return complaints, unqualified, listed_enterprise_ids()


def plan_subjects(plan: InspectionPlan):
    """The registry subjects a plan draws from (名录库): active, in scope, of the plan's domain and kinds."""
    divisions = list(plan.divisions.all()) or [plan.division]
    condition = Q()
    for d in divisions:
        condition |= Q(division__path__startswith=d.path)
    qs = Enterprise.objects.filter(condition, is_active=True).select_related("division")
    flag = DOMAIN_FLAG.get(plan.domain)
    if flag:
        qs = qs.filter(**{flag: True})
    if plan.subject_kinds:
        qs = qs.filter(kind__in=plan.subject_kinds)
    return qs


def plan_pool(plan: InspectionPlan):
    """Inspectors available to a plan: active pool members of the plan's division, above or below it."""
    codes = plan.division.ancestor_codes
    return PoolInspector.objects.filter(
        Q(division__path__startswith=plan.division.path) | Q(division__code__in=codes), is_active=True
    )


def plan_draw_inputs(plan: InspectionPlan, seed: str) -> dict[str, Any]:
    """Collect and record everything the draw depends on, as sorted id lists."""
    complaints, unqualified, credit = _history_ids()
    subjects = []
    for e in plan_subjects(plan).order_by("pk"):
        weight = 1
        weight += WEIGHT_COMPLAINTS if e.pk in complaints else 0
        weight += WEIGHT_UNQUALIFIED if e.pk in unqualified else 0
        weight += WEIGHT_CREDIT_LIST if e.pk in credit else 0
        subjects.append([e.pk, f"{e.division.code}/{e.kind}", weight])
    if not subjects:
        raise ValidationError(gettext("名录库中没有符合该计划范围、领域和主体类型的检查对象"))
    pool = list(plan_pool(plan).order_by("pk"))
    inspectors = [[i.pk, i.employer_id, i.department_id] for i in pool]
    conflicts = sorted(
        [c.inspector_id, c.enterprise_id]
        for c in ConflictDeclaration.objects.filter(
            inspector__in=pool, enterprise_id__in=[s[0] for s in subjects]
        )
    )
    n = plan.target_count or math.ceil(len(subjects) * Decimal(plan.target_percent) / 100)
    return {
        "algorithm": draw.ALGORITHM,
        "seed": seed,
        "target_count": min(int(n), len(subjects)),
        "inspectors_per_target": plan.inspectors_per_target,
        "subjects": subjects,
        "inspectors": inspectors,
        "conflicts": conflicts,
    }


def plan_draw(*, plan: InspectionPlan, actor, seed: str | None = None) -> InspectionPlan:
    """Draw targets and inspectors once, recording the seed, the inputs and the result."""
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(gettext("该计划已抽取；抽取结果不可重抽（可用 redraw 命令复核）"))
    seed = (seed or secrets.token_hex(16)).strip()
    if not seed or len(seed) > 64:
        raise ValidationError(gettext("随机种子应为 1–64 个字符"))
    with transaction.atomic():
        plan = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
        inputs = plan_draw_inputs(plan, seed)
        try:
            result = draw.compute(inputs)
        except draw.DrawError as exc:
            names = dict(
                Enterprise.objects.filter(pk__in=[s[0] for s in inputs["subjects"]]).values_list("pk", "name")
            )
            raise ValidationError(
                gettext("检查人员不足，无法抽取：%(exc)s（%(join_list_names_values_3)s…）")
                % {"exc": exc, "join_list_names_values_3": ", ".join(list(names.values())[:3])}
            ) from None
        before = snapshot(plan)
        enterprises = {
            e.pk: e for e in Enterprise.objects.filter(pk__in=[t["enterprise"] for t in result["targets"]])
        }
        weights = {s[0]: s[2] for s in inputs["subjects"]}
        for t in result["targets"]:
            e = enterprises[t["enterprise"]]
            target = PlanTarget.objects.create(
                plan=plan,
                enterprise=e,
                division=e.division,
                stratum=t["stratum"],
                weight=weights[e.pk],
                position=t["position"],
            )
            target.inspectors.set(t["inspectors"])
        plan.seed = seed
        plan.draw_inputs = inputs
        plan.draw_result = result
        plan.drawn_at = timezone.now()
        plan.drawn_by = actor_user(actor)
        plan.status = PlanStatus.DRAWN
        plan.save()
        audit_update(actor=actor, obj=plan, before=before, note=f"draw: {len(result['targets'])} targets")
    return plan


def plan_stored_result(plan: InspectionPlan) -> dict[str, Any]:
    """The draw as it stands in the database rows (targets and their inspectors)."""
    targets = []
    for t in plan.targets.order_by("position").prefetch_related("inspectors"):
        targets.append(
            {
                "enterprise": t.enterprise_id,
                "stratum": t.stratum,
                "position": t.position,
                "inspectors": sorted(i.pk for i in t.inspectors.all()),
            }
        )
    return {"algorithm": (plan.draw_result or {}).get("algorithm", draw.ALGORITHM), "targets": targets}


def plan_redraw(plan: InspectionPlan) -> tuple[dict, dict, bool]:
    """Re-run the draw from the recorded inputs; compare with the stored rows and the stored result."""
    if not plan.draw_inputs:
        raise ValidationError(gettext("该计划尚未抽取"))
    recomputed = draw.compute(plan.draw_inputs)
    stored = plan_stored_result(plan)
    normalised = {
        "algorithm": recomputed["algorithm"],
        "targets": [{**t, "inspectors": sorted(t["inspectors"])} for t in recomputed["targets"]],
    }
    same = normalised == stored and recomputed == plan.draw_result
    return recomputed, stored, same


def plan_publish(*, plan: InspectionPlan, actor, results: bool = False) -> InspectionPlan:
    """Publish the drawn plan (双随机、一公开) or, later, its results on the portal."""
    require(actor, "change", plan)
    if plan.status == PlanStatus.DRAFT:
        raise ValidationError(gettext("请先抽取再公示"))
    with transaction.atomic():
        before = snapshot(plan)
        if results:
            plan.results_published_at = timezone.now()
            plan.status = PlanStatus.FINISHED
        else:
            plan.published_at = plan.published_at or timezone.now()
            plan.status = PlanStatus.PUBLISHED if plan.status == PlanStatus.DRAWN else plan.status
        plan.save()
        audit_update(actor=actor, obj=plan, before=before, note="publish results" if results else "publish")
    return plan
