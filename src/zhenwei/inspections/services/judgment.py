"""Judging an inspection (现场判定) and what follows it: the result shared as routing says, a case
opened for an unqualified product, service on the party (送达) and objections (异议)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
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
from zhenwei.catalog.choices import RoutingPurpose
from zhenwei.catalog.contracts import route
from zhenwei.core.access import actor_user
from zhenwei.core.audit import audit_update, snapshot
from zhenwei.core.choices import ShareKind

from ..choices import CheckResult, Judgment, ReasonCode
from ..models import Inspection
from .inspections import _require_inspection_change, eliminated_notice

# Reason codes that make an unqualified product a counterfeit case rather than a quality one.
COUNTERFEIT_REASONS = {ReasonCode.FAKE_IDENTITY_MARK, ReasonCode.NO_ACCESS_DOCUMENT}


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
    owner = actor_user(actor) or inspection.created_by
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
