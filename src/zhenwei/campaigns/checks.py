"""Writes of enterprise self-checks (自查自改) and certificate enforcement checks (持证上岗专项执法检查).

Each service checks scope where it writes (self-checks: "change" in the enterprise's division;
certificate checks: "inspect" there), validates, writes inside one transaction and writes its audit
row in it. The platform has no enterprise accounts (core/roles.py), so officers of the enterprise's
division, or of a division above it, record self-checks on the enterprise's behalf.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhenwei.core.access import actor_user, is_system_actor, require
from zhenwei.core.audit import audit_create, audit_record, audit_update, snapshot
from zhenwei.core.choices import AuditAction
from zhenwei.core.models import Department

from .checks_choices import VERDICT_COUNTS, CheckSource
from .models import Campaign, CertificateCheck, CertificateCheckRow, EnterpriseSelfCheck

SELF_CHECK_FIELDS = (
    "checked_on",
    "persons_checked",
    "fake_found",
    "expired_found",
    "reported",
    "note",
    "measures",
    "rectify_by",
    "rectified_on",
)
# Fields of a check made from an uploaded list that stay editable (the counts come from the rows).
CERT_CHECK_OUTCOME_FIELDS = ("persons_reported", "ordered_to_rectify", "suspended", "note")
CERT_CHECK_COUNT_FIELDS = ("persons_checked", "fake_found", "expired_found", "missing_found")


def _within(division, outer) -> bool:
    return bool(division and outer and division.path.startswith(outer.path))


def _check_campaign(campaign: Campaign | None, enterprise, actor) -> None:
    """The campaign must be one the actor sees, and cover the enterprise's division."""
    if campaign is None:
        return
    if not is_system_actor(actor):
        from .checks_selectors import campaign_choices

        if not campaign_choices(user=actor).filter(pk=campaign.pk).exists():
            raise PermissionDenied("无权查看该专项行动 (campaign not visible)")
    if not _within(enterprise.division, campaign.division):
        raise ValidationError(
            f"生产经营单位“{enterprise}”不在专项行动“{campaign}”的区划（{campaign.division}）内"
        )


def _check_dates(*, checked_on: dt.date, today: dt.date) -> None:
    if checked_on is None:
        raise ValidationError("请填写日期")
    if checked_on > today:
        raise ValidationError(f"日期 {checked_on} 晚于今天，不能登记未来的检查")


def _validate_self_check(sc: EnterpriseSelfCheck, today: dt.date) -> None:
    _check_dates(checked_on=sc.checked_on, today=today)
    errors: dict[str, str] = {}
    if sc.fake_found + sc.expired_found > sc.persons_checked:
        errors["persons_checked"] = "发现假冒和逾期证件的人数之和不能超过核查人数"
    if sc.reported > sc.persons_checked:
        errors["reported"] = "上报处理人数不能超过核查人数"
    if sc.rectify_by and sc.rectify_by < sc.checked_on:
        errors["rectify_by"] = "整改期限不能早于自查日期"
    if sc.rectified_on:
        if sc.rectified_on < sc.checked_on:
            errors["rectified_on"] = "整改完成日期不能早于自查日期"
        elif sc.rectified_on > today:
            errors["rectified_on"] = "整改完成日期不能晚于今天"
    if (sc.fake_found or sc.expired_found) and not sc.rectified_on and not sc.rectify_by:
        errors["rectify_by"] = "发现问题的自查须填写整改期限"
    if errors:
        raise ValidationError(errors)


# ------------------------------------------------------------------------------------ self-checks


def self_check_create(
    *,
    campaign: Campaign,
    enterprise,
    checked_on: dt.date,
    actor,
    persons_checked: int = 0,
    fake_found: int = 0,
    expired_found: int = 0,
    reported: int = 0,
    note: str = "",
    measures: str = "",
    rectify_by: dt.date | None = None,
    rectified_on: dt.date | None = None,
    today: dt.date | None = None,
) -> EnterpriseSelfCheck:
    """Record one self-check of an enterprise (自查) with its findings and rectification (整改)."""
    require(actor, "change", enterprise.division)
    _check_campaign(campaign, enterprise, actor)
    sc = EnterpriseSelfCheck(
        campaign=campaign,
        enterprise=enterprise,
        division=enterprise.division,
        checked_on=checked_on,
        persons_checked=persons_checked or 0,
        fake_found=fake_found or 0,
        expired_found=expired_found or 0,
        reported=reported or 0,
        note=note or "",
        measures=measures or "",
        rectify_by=rectify_by,
        rectified_on=rectified_on,
        recorded_by=actor_user(actor),
    )
    _validate_self_check(sc, today or timezone.localdate())
    sc.full_clean()
    with transaction.atomic():
        sc.save()
        audit_create(actor=actor, obj=sc)
    return sc


def self_check_update(
    *, self_check: EnterpriseSelfCheck, actor, today: dt.date | None = None, **changes
) -> EnterpriseSelfCheck:
    """Correct a self-check's date, findings or rectification."""
    require(actor, "change", self_check)
    unknown = set(changes) - set(SELF_CHECK_FIELDS)
    if unknown:
        raise ValidationError(f"不能修改的字段：{'、'.join(sorted(unknown))}")
    before = snapshot(self_check)
    for name, value in changes.items():
        if name in ("note", "measures"):
            value = value or ""
        elif name in ("persons_checked", "fake_found", "expired_found", "reported"):
            value = value or 0
        setattr(self_check, name, value)
    _validate_self_check(self_check, today or timezone.localdate())
    self_check.full_clean()
    with transaction.atomic():
        self_check.save()
        audit_update(actor=actor, obj=self_check, before=before)
    return self_check


def self_check_rectify(
    *, self_check: EnterpriseSelfCheck, actor, rectified_on: dt.date | None = None, measures: str = ""
) -> EnterpriseSelfCheck:
    """Mark a self-check's rectification done (整改完成) on a date, adding what was done."""
    if self_check.rectified_on:
        raise ValidationError(f"已于 {self_check.rectified_on} 整改完成")
    changes: dict = {"rectified_on": rectified_on or timezone.localdate()}
    if measures.strip():
        changes["measures"] = (self_check.measures + "\n" if self_check.measures else "") + measures.strip()
    return self_check_update(self_check=self_check, actor=actor, **changes)


# ---------------------------------------------------------------------------- certificate checks


def _check_department(department: Department, enterprise) -> None:
    if not department.is_active:
        raise ValidationError(f"检查部门“{department}”已停用")
    if not _within(enterprise.division, department.division):
        raise ValidationError(
            f"检查部门“{department}”的区划不包含生产经营单位“{enterprise}”所在的{enterprise.division}"
        )


def _validate_counts(check: CertificateCheck, today: dt.date) -> None:
    _check_dates(checked_on=check.checked_on, today=today)
    found = check.fake_found + check.expired_found + check.missing_found
    if found > check.persons_checked:
        raise ValidationError({"persons_checked": "发现假证、逾期和未持证之和不能超过核查人数"})
    if check.persons_reported > check.persons_checked:
        raise ValidationError({"persons_reported": "上报处理人数不能超过核查人数"})


def certificate_check_create(
    *,
    enterprise,
    department: Department,
    checked_on: dt.date,
    actor,
    campaign: Campaign | None = None,
    persons_checked: int = 0,
    fake_found: int = 0,
    expired_found: int = 0,
    missing_found: int = 0,
    persons_reported: int = 0,
    ordered_to_rectify: bool = False,
    suspended: bool = False,
    note: str = "",
    today: dt.date | None = None,
) -> CertificateCheck:
    """Record an on-site check of certificate holding whose counts the officer enters."""
    require(actor, "inspect", enterprise.division)
    _check_campaign(campaign, enterprise, actor)
    _check_department(department, enterprise)
    check = CertificateCheck(
        campaign=campaign,
        enterprise=enterprise,
        division=enterprise.division,
        department=department,
        checked_on=checked_on,
        source=CheckSource.MANUAL,
        persons_checked=persons_checked or 0,
        fake_found=fake_found or 0,
        expired_found=expired_found or 0,
        missing_found=missing_found or 0,
        persons_reported=persons_reported or 0,
        ordered_to_rectify=bool(ordered_to_rectify),
        suspended=bool(suspended),
        note=note or "",
        recorded_by=actor_user(actor),
    )
    _validate_counts(check, today or timezone.localdate())
    check.full_clean()
    with transaction.atomic():
        check.save()
        audit_create(actor=actor, obj=check)
    return check


def verdict_counts(verdicts) -> dict[str, int]:
    """The check's counts from the bulk check's verdicts (checks_choices.VERDICT_COUNTS)."""
    counts = Counter(VERDICT_COUNTS.get(v) for v in verdicts)
    total = sum(counts.values())
    return {
        "persons_checked": total,
        "fake_found": counts["fake_found"],
        "expired_found": counts["expired_found"],
        "missing_found": counts["missing_found"],
        "invalid_rows": counts["invalid_rows"],
    }


def _missing_certificate(row) -> bool:
    return row.verdict == "invalid" and not row.number and bool(row.name and row.id_number)


def certificate_check_from_upload(
    *,
    upload: IO[bytes],
    enterprise,
    department: Department,
    checked_on: dt.date,
    actor,
    campaign: Campaign | None = None,
    persons_reported: int = 0,
    ordered_to_rectify: bool = False,
    suspended: bool = False,
    note: str = "",
    today: dt.date | None = None,
) -> CertificateCheck:
    """Record a check from an uploaded staff list (逐人逐证): the list goes through the same bulk check
    as the verification pages (zhenwei.verify.bulk, through the upload guard, with its row cap);
    the counts are computed from the verdicts, each person's row is kept, and the result workbook
    (ID numbers masked) is stored as the check's result file. Nothing is written if the file is refused."""
    from zhenwei.core.files import evidence_store
    from zhenwei.verify.contracts import bulk_check

    require(actor, "inspect", enterprise.division)
    _check_campaign(campaign, enterprise, actor)
    _check_department(department, enterprise)
    today = today or timezone.localdate()
    _check_dates(checked_on=checked_on, today=today)
    filename = (getattr(upload, "name", "") or "upload")[:255]
    with transaction.atomic():
        # Certificates are judged as they stood on the day of the check (expiry against that day).
        result = bulk_check(upload=upload, actor=actor, today=checked_on)
        verdicts = ["missing" if _missing_certificate(r) else r.verdict for r in result.rows]
        counts = verdict_counts(verdicts)
        check = CertificateCheck(
            campaign=campaign,
            enterprise=enterprise,
            division=enterprise.division,
            department=department,
            checked_on=checked_on,
            source=CheckSource.BULK,
            persons_reported=persons_reported or 0,
            ordered_to_rectify=bool(ordered_to_rectify),
            suspended=bool(suspended),
            note=note or "",
            source_name=filename,
            recorded_by=actor_user(actor),
            **counts,
        )
        _validate_counts(check, today)
        check.full_clean()
        check.save()
        CertificateCheckRow.objects.bulk_create(
            [
                CertificateCheckRow(
                    check_record=check,
                    line=r.line,
                    name=r.name[:64],
                    id_number=r.id_number[:32],
                    certificate_number=r.number[:64],
                    verdict=verdict,
                    reason=r.reason[:255],
                    certificate_kind=r.kind[:64],
                    operation_item=(r.operation_item or "")[:200],
                    expires_on=r.expires_on,
                )
                for r, verdict in zip(result.rows, verdicts, strict=True)
            ],
            batch_size=1000,
        )
        evidence = evidence_store(
            fileobj=io.BytesIO(result.xlsx),
            name=f"逐人逐证核查结果-{enterprise.pk}-{checked_on:%Y%m%d}.xlsx",
            actor=actor,
            attach_to=check,
            division=check.division,
            description="逐人逐证核查结果（身份证号已脱敏）",
        )
        CertificateCheck.objects.filter(pk=check.pk).update(result_file=evidence)
        check.result_file = evidence
        audit_create(actor=actor, obj=check, note=f"from uploaded staff list ({len(result.rows)} rows)")
    return check


def certificate_check_update(*, check: CertificateCheck, actor, today: dt.date | None = None, **changes):
    """Correct a certificate check; the counts of one made from an uploaded list are not editable."""
    require(actor, "change", check)
    require(actor, "inspect", check.division)
    allowed = set(CERT_CHECK_OUTCOME_FIELDS) | {"checked_on"}
    if check.source == CheckSource.MANUAL:
        allowed |= set(CERT_CHECK_COUNT_FIELDS)
    refused = set(changes) - allowed
    if refused:
        raise ValidationError(
            f"不能修改的字段：{'、'.join(sorted(refused))}"
            + ("（上传核查的数量由逐人核查结果计算）" if check.source == CheckSource.BULK else "")
        )
    before = snapshot(check)
    for name, value in changes.items():
        if name == "note":
            value = value or ""
        elif name in CERT_CHECK_COUNT_FIELDS or name == "persons_reported":
            value = value or 0
        setattr(check, name, value)
    _validate_counts(check, today or timezone.localdate())
    check.full_clean()
    with transaction.atomic():
        check.save()
        audit_update(actor=actor, obj=check, before=before)
    return check


def certificate_check_open_case(*, check: CertificateCheck, actor, open_case: bool = True):
    """Open a clue (and, by default, a case of fake certificates against the employer) from a check
    that found fake certificates or people without one, as an inspection opens its case. Returns the
    case, or the clue when ``open_case`` is false; a second call returns what the first opened."""
    from zhenwei.cases.choices import CaseKind, ClueSource
    from zhenwei.cases.contracts import clue_open, clue_triage
    from zhenwei.cases.models import Case
    from zhenwei.catalog.models import ProductCategory

    require(actor, "change", check)
    require(actor, "inspect", check.division)
    if not (check.fake_found or check.missing_found):
        raise ValidationError("该检查未发现假证或未持证人员，无需移交线索")
    if check.case_id:
        return check.case
    problems = [
        f"{label}{n}" for label, n in (("假证", check.fake_found), ("未持证", check.missing_found)) if n
    ]
    with transaction.atomic():
        clue = check.clue or clue_open(
            source=ClueSource.INSPECTION,
            title=f"{check.enterprise} 持证上岗检查发现{'、'.join(problems)}",
            description=(
                f"{check.department} 于 {check.checked_on} 检查{check.enterprise}，核查 {check.persons_checked} 人，"
                f"发现假证 {check.fake_found} 个、逾期证件 {check.expired_found} 个、未持证 {check.missing_found} 个。"
                f"{check.note}"
            ),
            division=check.division,
            category=ProductCategory.objects.filter(code="safety-certificate").first(),
            department=check.department,
            source_object=check,
            dedupe_key=f"certificate-check:{check.pk}",
            actor=actor,
        )
        case = None
        if open_case:
            case = Case.objects.filter(clue=clue).first() or clue_triage(
                clue=clue,
                decision="case",
                actor=actor,
                kind=CaseKind.FAKE_CERTIFICATE,
                owner=actor_user(actor) or check.recorded_by,
                enterprise=check.enterprise,
                party_name=check.enterprise.name,
                campaign=check.campaign,
            )
        CertificateCheck.objects.filter(pk=check.pk).update(clue=clue, case=case)
        check.clue, check.case = clue, case
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=check,
            after={"clue": clue.pk, "case": case.pk if case else None},
            note="clue/case opened from certificate check",
        )
    return case or clue
