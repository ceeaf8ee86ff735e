"""Writes for inspection plans, the draw, inspections, judgments, samples and custody."""

from __future__ import annotations

import datetime as dt
import logging
import math
import secrets
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from zhenwei.cases.choices import CaseKind, ClueSource, DeadlineCode
from zhenwei.cases.contracts import (
    case_backdate,
    case_note_from,
    clue_open,
    clue_triage,
    deadline_from,
    share_create,
)
from zhenwei.catalog.choices import Domain, RoutingPurpose
from zhenwei.catalog.contracts import route
from zhenwei.core.access import require_change_of, require_in_scope
from zhenwei.core.audit import audit_create, audit_record, audit_update, snapshot
from zhenwei.core.choices import AuditAction, ShareKind
from zhenwei.core.models import Division
from zhenwei.registry.models import Enterprise

from . import draw
from .choices import CheckResult, CustodyAction, Judgment, PlanStatus, ReasonCode, SampleResult
from .models import (
    ChecklistItem,
    ConflictDeclaration,
    CustodyEvent,
    Inspection,
    InspectionCheck,
    InspectionPlan,
    PlanTarget,
    PoolInspector,
    Sample,
)

log = logging.getLogger(__name__)

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
# Reason codes that make an unqualified product a counterfeit case rather than a quality one.
COUNTERFEIT_REASONS = {ReasonCode.FAKE_IDENTITY_MARK, ReasonCode.NO_ACCESS_DOCUMENT}


def _require_inspection_change(actor, inspection: Inspection) -> None:
    """Who may write an inspection and its samples: whoever may change records of its division
    (core.access.require_change_of), and the inspectors of record (a drawn pool may send a town's
    inspector to a county target)."""
    try:
        require_change_of(actor, inspection)
    except PermissionDenied:
        if inspection.pk is None or not inspection.inspectors.filter(pk=getattr(actor, "pk", None)).exists():
            raise


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


# ---------------------------------------------------------------- pool and conflicts


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


# ---------------------------------------------------------------- plans and the draw


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
    require_in_scope(actor, division)
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
            created_by=_user(actor),
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
        plan.drawn_by = _user(actor)
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
    require_change_of(actor, plan)
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


# ---------------------------------------------------------------- inspections


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
    require_in_scope(actor, division)
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
            created_by=_user(actor),
        )
        inspection.full_clean()
        inspection.save()
        inspection.inspectors.set(list(inspectors) or ([actor] if _user(actor) else []))
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


def suggested_reasons(inspection: Inspection) -> list[str]:
    """Reason codes implied by failed checklist items, by a code that did not verify and by a match
    on the eliminated product list."""
    codes = [
        c.item.failure_reason
        for c in inspection.checks.select_related("item")
        if c.result == CheckResult.FAIL and c.item.failure_reason
    ]
    v = inspection.verification or {}
    if inspection.identity_code and v and not v.get("genuine", True):
        codes.append(ReasonCode.FAKE_IDENTITY_MARK)
    if inspection.eliminated_matches:
        codes.append(ReasonCode.ELIMINATED_PRODUCT)
    return sorted(set(codes))


CLEAN_CHECKLIST_UNQUALIFIED = (
    "所有检查项目均为“符合”，判定不合格须在“说明”中写明依据（哪一项实际不符合，或检验、比对的结论）；"
    "如系误判，请改为判定合格"
)


def all_checks_pass(inspection: Inspection) -> bool:
    """Every checklist item recorded as 符合 (none 不符合), and the product on no eliminated list."""
    results = set(inspection.checks.values_list("result", flat=True))
    return (
        CheckResult.PASS in results and CheckResult.FAIL not in results and not inspection.eliminated_matches
    )


def inspection_judge(
    *,
    inspection: Inspection,
    judgment: str,
    actor,
    reason_codes: list[str] | None = None,
    note: str = "",
    on: dt.date | None = None,
    open_case: bool = True,
) -> Inspection:
    """Judge on site (现场判定). Unqualified: reasons required, service deadline set, a case opened.
    Either way the result is copied or transferred to the departments the routing rules name."""
    _require_inspection_change(actor, inspection)
    if inspection.judgment != Judgment.PENDING:
        raise ValidationError(
            gettext("该检查已判定为“%(inspection_get_judgment_)s”")
            % {"inspection_get_judgment_": inspection.get_judgment_display()}
        )
    if judgment not in (Judgment.QUALIFIED, Judgment.UNQUALIFIED):
        raise ValidationError(gettext("判定应为 qualified（合格）或 unqualified（不合格）"))
    reasons = sorted(set(reason_codes or [])) or (
        suggested_reasons(inspection) if judgment == Judgment.UNQUALIFIED else []
    )
    unknown = [r for r in reasons if r not in ReasonCode.values]
    if unknown:
        raise ValidationError(
            gettext("未知的判定理由代码：%(join_unknown)s") % {"join_unknown": ", ".join(unknown)}
        )
    if judgment == Judgment.UNQUALIFIED and not reasons:
        raise ValidationError(gettext("判定不合格须选择至少一个判定理由"))
    if judgment == Judgment.QUALIFIED and inspection.checks.filter(result=CheckResult.FAIL).exists():
        raise ValidationError(gettext("有不符合的检查项目，不能判定为合格"))
    if judgment == Judgment.UNQUALIFIED and all_checks_pass(inspection) and not note.strip():
        # Not silently: a finding against a clean checklist needs its ground in the record (audited).
        raise ValidationError({"note": [CLEAN_CHECKLIST_UNQUALIFIED]})
    if judgment == Judgment.QUALIFIED and inspection.eliminated_matches and not note.strip():
        # Matching is by keyword: the inspector may overrule it, but only by saying why (audited).
        names = "、".join(eliminated_notice(m) for m in inspection.eliminated_matches)
        raise ValidationError(
            gettext("该产品命中国家明令淘汰/禁售产品：%(names)s。判定合格须在说明中写明不属于该类产品的理由")
            % {"names": names}
        )
    on = on or timezone.localdate()
    with transaction.atomic():
        before = snapshot(inspection)
        inspection.judgment = judgment
        inspection.reason_codes = reasons if judgment == Judgment.UNQUALIFIED else []
        inspection.judgment_note = note
        inspection.judged_on = on
        if judgment == Judgment.UNQUALIFIED:
            inspection.serve_due_on = deadline_from(DeadlineCode.JUDGMENT_SERVE, on)
        inspection.save()
        audit_update(actor=actor, obj=inspection, before=before, note=f"judge: {judgment}")
        for target in route(
            purpose=RoutingPurpose.INSPECTION_RESULT,
            division=inspection.division,
            category=inspection.category,
            domain=inspection.domain,
            outcome=judgment,
            source_department=inspection.department,
        ):
            share_create(
                target=inspection,
                kind=ShareKind.COPY if target.role == "copy" else ShareKind.TRANSFER,
                to_department=target.department,
                from_department=inspection.department,
                reason=f"检查结果{'抄送' if target.role == 'copy' else '移交'}：{inspection.get_judgment_display()} "
                f"{inspection.subject_name} {inspection.product_name}",
                actor=actor,
                on=on if on != timezone.localdate() else None,
            )
        if judgment == Judgment.UNQUALIFIED and open_case:
            _open_case(inspection, actor, on)
    return inspection


def _open_case(inspection: Inspection, actor, on: dt.date):
    reasons = "、".join(str(ReasonCode(r).label) for r in inspection.reason_codes)
    if ReasonCode.ELIMINATED_PRODUCT in inspection.reason_codes and inspection.eliminated_matches:
        reasons += "（" + "、".join(eliminated_notice(m) for m in inspection.eliminated_matches) + "）"
    clue = clue_open(
        source=ClueSource.INSPECTION,
        title=f"{inspection.subject_name} {inspection.product_name} 现场判定不合格",
        description=f"{inspection.place}；判定理由：{reasons}。{inspection.judgment_note}",
        division=inspection.division,
        category=inspection.category,
        department=inspection.department,
        domain=inspection.domain,
        source_object=inspection,
        dedupe_key=f"inspection:{inspection.pk}",
        actor=actor,
    )
    kind = (
        CaseKind.COUNTERFEIT if set(inspection.reason_codes) & COUNTERFEIT_REASONS else CaseKind.UNQUALIFIED
    )
    owner = _user(actor) or inspection.created_by
    from zhenwei.cases.models import Case

    case = Case.objects.filter(clue=clue).first() or clue_triage(
        clue=clue,
        decision="case",
        actor=actor,
        kind=kind,
        owner=owner,
        enterprise=inspection.enterprise,
        party_name=inspection.subject_name,
        campaign=inspection.campaign,
    )
    if on != timezone.localdate():
        case_backdate(case=case, on=on, actor=actor, note="opened on the inspection's date")
    Inspection.objects.filter(pk=inspection.pk).update(case=case)
    inspection.case = case
    return case


def inspection_serve(*, inspection: Inspection, actor, served_on: dt.date | None = None) -> Inspection:
    """Record that the unqualified judgment was served on the party (送达)."""
    _require_inspection_change(actor, inspection)
    if inspection.judgment != Judgment.UNQUALIFIED:
        raise ValidationError(gettext("只有判定不合格的检查需要送达"))
    if inspection.served_on:
        raise ValidationError(
            gettext("已于 %(inspection_served_on)s 送达") % {"inspection_served_on": inspection.served_on}
        )
    served_on = served_on or timezone.localdate()
    if inspection.judged_on and served_on < inspection.judged_on:
        raise ValidationError(gettext("送达日期不能早于判定日期"))
    with transaction.atomic():
        before = snapshot(inspection)
        inspection.served_on = served_on
        inspection.save(update_fields=["served_on", "updated_at"])
        audit_update(actor=actor, obj=inspection, before=before, note="served")
        if inspection.case_id:
            late = inspection.serve_due_on and served_on > inspection.serve_due_on
            case_note_from(
                case=inspection.case,
                source=inspection,
                actor=actor,
                note=f"判定结果已送达当事人（{served_on}）" + ("，超过送达期限" if late else ""),
            )
    return inspection


def inspection_objection(
    *, inspection: Inspection, actor, on: dt.date | None = None, note: str = ""
) -> Inspection:
    """The party objects to the judgment (异议): the sample must go to a lab within the deadline."""
    _require_inspection_change(actor, inspection)
    if inspection.judgment != Judgment.UNQUALIFIED:
        raise ValidationError(gettext("只有判定不合格的检查可以提出异议"))
    if inspection.objection_on:
        raise ValidationError(gettext("已登记异议"))
    on = on or timezone.localdate()
    with transaction.atomic():
        before = snapshot(inspection)
        inspection.objection_on = on
        inspection.lab_send_due_on = deadline_from(DeadlineCode.LAB_SEND, on)
        inspection.note = (inspection.note + "\n" if inspection.note else "") + (
            f"异议：{note}" if note else ""
        )
        inspection.save()
        audit_update(actor=actor, obj=inspection, before=before, note="objection")
        if inspection.case_id:
            case_note_from(
                case=inspection.case,
                source=inspection,
                actor=actor,
                note=f"当事人对判定提出异议，应于 {inspection.lab_send_due_on} 前送检。{note}",
            )
    return inspection


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


# ---------------------------------------------------------------- samples


def _sample_number(inspection: Inspection) -> str:
    base = f"YP{inspection.division.code}{inspection.inspected_on:%Y%m%d}"
    n = Sample.objects.filter(number__startswith=base).count() + 1
    while Sample.objects.filter(number=f"{base}{n:03d}").exists():
        n += 1
    return f"{base}{n:03d}"


def sample_take(
    *,
    inspection: Inspection,
    seal_number: str,
    holder: str,
    actor,
    quantity: Decimal = Decimal(1),
    unit: str = "个",
    lab_name: str = "",
    number: str = "",
    sampled_on: dt.date | None = None,
) -> Sample:
    """Take and seal a sample on site (抽样封样); the first custody record is the sealing."""
    _require_inspection_change(actor, inspection)
    if not seal_number.strip():
        raise ValidationError(gettext("封样须填写封条编号"))
    if not holder.strip():
        raise ValidationError(gettext("须填写样品保管人"))
    sampled_on = sampled_on or inspection.inspected_on
    with transaction.atomic():
        sample = Sample(
            inspection=inspection,
            number=number.strip() or _sample_number(inspection),
            quantity=quantity,
            unit=unit or "个",
            seal_number=seal_number.strip(),
            lab_name=lab_name,
            sampled_on=sampled_on,
        )
        sample.full_clean()
        sample.save()
        CustodyEvent.objects.create(
            sample=sample,
            action=CustodyAction.SEALED,
            holder=holder.strip(),
            seal_number=sample.seal_number,
            recorded_by=_user(actor),
            # Sealing happens on site: the sampling day, never later than now.
            at=min(timezone.now(), timezone.make_aware(dt.datetime.combine(sampled_on, dt.time(10, 30)))),
            note="现场封样",
        )
        audit_create(actor=actor, obj=sample)
        if inspection.case_id:
            case_note_from(
                case=inspection.case,
                source=inspection,
                actor=actor,
                note=f"抽样封存：样品 {sample.number}，封条 {sample.seal_number}",
            )
    return sample


def custody_record(
    *,
    sample: Sample,
    action: str,
    holder: str,
    actor,
    at: dt.datetime | None = None,
    seal_number: str = "",
    seal_intact: bool = True,
    note: str = "",
    lab_name: str = "",
) -> CustodyEvent:
    """Record a hand-over of a sample; sending and lab receipt set the dates and the result deadline."""
    _require_inspection_change(actor, sample.inspection)
    if action not in CustodyAction.values:
        raise ValidationError(gettext("未知的流转环节：%(action)s") % {"action": action})
    if not holder.strip():
        raise ValidationError(gettext("须填写接收人/保管人"))
    at = at or timezone.now()
    last = sample.custody.order_by("-at", "-pk").first()
    if last is not None and at < last.at:
        raise ValidationError(gettext("流转时间不能早于上一环节"))
    if seal_number and seal_number != sample.seal_number and seal_intact:
        raise ValidationError(gettext("封条编号与封样时不一致；若已换封，请注明封条不完好并说明"))
    with transaction.atomic():
        event = CustodyEvent.objects.create(
            sample=sample,
            action=action,
            holder=holder.strip(),
            at=at,
            seal_number=seal_number or sample.seal_number,
            seal_intact=seal_intact,
            note=note,
            recorded_by=_user(actor),
        )
        before = snapshot(sample)
        day = timezone.localdate(at)
        if action == CustodyAction.SENT:
            sample.sent_on = day
            sample.lab_name = lab_name or sample.lab_name
        elif action == CustodyAction.RECEIVED_BY_LAB:
            sample.received_on = day
            sample.sent_on = sample.sent_on or day
            sample.lab_name = lab_name or sample.lab_name or holder
            sample.result_due_on = deadline_from(DeadlineCode.LAB_RESULT, day)
        sample.save()
        audit_update(actor=actor, obj=sample, before=before, note=f"custody: {action} → {holder}")
    return event


def sample_result(
    *,
    sample: Sample,
    result: str,
    actor,
    result_on: dt.date | None = None,
    report_number: str = "",
    detail: str = "",
) -> Sample:
    """Enter a lab result (检验结论); the case timeline gets it too."""
    if result not in (SampleResult.QUALIFIED, SampleResult.UNQUALIFIED):
        raise ValidationError(gettext("检验结论应为 qualified（合格）或 unqualified（不合格）"))
    require_in_scope(actor, sample.inspection.division)
    result_on = result_on or timezone.localdate()
    if sample.received_on and result_on < sample.received_on:
        raise ValidationError(gettext("结论日期不能早于收样日期"))
    with transaction.atomic():
        before = snapshot(sample)
        sample.result = result
        sample.result_on = result_on
        sample.report_number = report_number or sample.report_number
        sample.result_detail = detail or sample.result_detail
        sample.received_on = sample.received_on or result_on
        sample.save()
        audit_update(actor=actor, obj=sample, before=before, note="lab result")
        inspection = sample.inspection
        if inspection.case_id:
            note = f"检验结论：样品 {sample.number} {sample.get_result_display()}（报告 {sample.report_number}）{detail}"
            if result == SampleResult.QUALIFIED and inspection.objection_on:
                note += "。异议成立：检验合格，现场判定不再作为处罚依据，请评估撤销案件或调整措施"
            case_note_from(case=inspection.case, source=inspection, actor=actor, note=note)
        audit_record(
            actor=actor, action=AuditAction.OTHER, obj=inspection, note=f"sample {sample.number}: {result}"
        )
    return sample
