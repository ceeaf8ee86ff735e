"""Writes for samples (抽样送检): taking and sealing one, its custody chain, and the lab result."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from zhenwei.cases.choices import DeadlineCode
from zhenwei.cases.contracts import (
    case_note_from,
    deadline_from,
)
from zhenwei.core.access import actor_user, require
from zhenwei.core.audit import audit_create, audit_record, audit_update, snapshot
from zhenwei.core.choices import AuditAction

from ..choices import CustodyAction, SampleResult
from ..models import (
    CustodyEvent,
    Inspection,
    Sample,
)
from .inspections import _require_inspection_change


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
            recorded_by=actor_user(actor),
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
            recorded_by=actor_user(actor),
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
    require(actor, "change", sample.inspection.division)
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
