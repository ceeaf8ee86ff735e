"""Writes of credit lists and disclosures, each audited in the same transaction."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from zhenwei.core.access import actor_user, require
from zhenwei.core.audit import audit_create, audit_record, audit_update, snapshot
from zhenwei.core.choices import AuditAction
from zhenwei.core.text import normalize

from .choices import CreditStatus, DisclosureKind, ListKind, SubjectKind
from .models import CreditEntry, Disclosure
from .publishing import copy_fields, default_title, publishable_for, scrub


def _not_future(label: str, day: dt.date) -> None:
    if day > timezone.localdate():
        raise ValidationError(gettext("%(label)s（%(day)s）不能晚于今天") % {"label": label, "day": day})


def credit_entry_create(
    *,
    actor,
    division,
    list_kind: str,
    reason: str,
    deciding_authority: str,
    decision_number: str,
    decision_date: dt.date,
    publication_start: dt.date,
    publication_end: dt.date | None = None,
    subject_kind: str = SubjectKind.LEGAL_PERSON,
    subject_name: str = "",
    credit_code: str = "",
    id_number: str = "",
    enterprise=None,
    legal_representative: str = "",
    legal_basis: str = "",
    appeal_route: str = "",
    department=None,
) -> CreditEntry:
    """Put a subject on a credit list by a decision. A legal person needs a valid unified social credit
    code (GB 32100), taken from the registry when an enterprise is given."""
    require(actor, "change", division)
    if list_kind not in ListKind.values:
        raise ValidationError(
            {"list_kind": gettext("未知名单类别：%(list_kind)s") % {"list_kind": list_kind}}
        )
    if subject_kind not in SubjectKind.values:
        raise ValidationError(
            {"subject_kind": gettext("未知主体类别：%(subject_kind)s") % {"subject_kind": subject_kind}}
        )
    if enterprise is None and credit_code.strip():
        # A subject already in the registry is linked by its code, so the listing follows the unit.
        from zhenwei.registry.models import Enterprise

        enterprise = Enterprise.objects.filter(uscc=credit_code.strip().upper()).first()
    if enterprise is not None:
        if credit_code and enterprise.uscc and credit_code.upper() != enterprise.uscc:
            raise ValidationError({"credit_code": gettext("统一社会信用代码与所选单位登记的不一致")})
        subject_name = subject_name or enterprise.name
        credit_code = credit_code or (enterprise.uscc or "")
        legal_representative = legal_representative or enterprise.legal_representative
    credit_code = credit_code.strip().upper()
    if subject_kind == SubjectKind.LEGAL_PERSON and not credit_code:
        raise ValidationError({"credit_code": gettext("法人和非法人组织须填写统一社会信用代码")})
    if not subject_name.strip():
        raise ValidationError({"subject_name": gettext("请填写主体名称")})
    _not_future("决定日期", decision_date)
    if publication_start < decision_date:
        raise ValidationError({"publication_start": gettext("公示起始日期不能早于决定日期")})
    if publication_end is not None and publication_end < publication_start:
        raise ValidationError({"publication_end": gettext("公示截止日期不能早于起始日期")})
    entry = CreditEntry(
        list_kind=list_kind,
        subject_kind=subject_kind,
        enterprise=enterprise,
        subject_name=subject_name.strip(),
        subject_name_normalized=normalize(subject_name)[:200],
        credit_code=credit_code,
        id_number=id_number.strip().upper(),
        legal_representative=legal_representative,
        reason=reason,
        legal_basis=legal_basis,
        deciding_authority=deciding_authority,
        department=department,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        publication_start=publication_start,
        publication_end=publication_end,
        appeal_route=appeal_route,
        division=division,
        created_by=actor_user(actor),
    )
    entry.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            entry.save()
            audit_create(actor=actor, obj=entry)
    except IntegrityError:
        raise ValidationError(
            {
                "decision_number": gettext("%(deciding_authority)s 的决定文书号 %(decision_number)s 已登记")
                % {"deciding_authority": deciding_authority, "decision_number": decision_number}
            }
        ) from None
    return entry


def _decide(*, entry: CreditEntry, actor, number: str, on: dt.date, what: str, fields: dict) -> CreditEntry:
    require(actor, "change", entry)
    if not number.strip():
        raise ValidationError(gettext("请填写%(what)s决定文书号") % {"what": what})
    _not_future(f"{what}日期", on)
    with transaction.atomic():
        entry = CreditEntry.objects.select_for_update().get(pk=entry.pk)
        status = entry.status_on(on)
        if status in (CreditStatus.REMOVED, CreditStatus.REPAIRED):
            raise ValidationError(
                gettext("该名单已于此前%(creditstatus_status_labe)s，不能再%(what)s")
                % {"creditstatus_status_labe": CreditStatus(status).label, "what": what}
            )
        if on < entry.decision_date:
            raise ValidationError(
                gettext("%(what)s日期不能早于列入决定日期（%(entry_decision_date)s）")
                % {"what": what, "entry_decision_date": entry.decision_date}
            )
        before = snapshot(entry)
        for key, value in fields.items():
            setattr(entry, key, value)
        entry.save()
        audit_update(actor=actor, obj=entry, before=before, note=what)
        # A published listing stops being shown the moment it is removed or repaired.
        for disclosure in Disclosure.objects.select_for_update().filter(
            source_type=ContentType.objects.get_for_model(CreditEntry), source_id=entry.pk, withdrawn=False
        ):
            shown = snapshot(disclosure)
            disclosure.withdrawn, disclosure.withdrawn_on = True, on
            disclosure.withdrawn_reason = f"已{what}（{number}）"
            disclosure.save()
            audit_update(actor=actor, obj=disclosure, before=shown, note=f"名单{what}，自动撤回公示")
    return entry


def credit_entry_remove(
    *, entry: CreditEntry, actor, number: str, on: dt.date, reason: str = ""
) -> CreditEntry:
    """Remove a subject from the list by a removal decision (移出), e.g. after an appeal succeeded."""
    return _decide(
        entry=entry,
        actor=actor,
        number=number,
        on=on,
        what="移出",
        fields={"removal_number": number.strip(), "removal_date": on, "removal_reason": reason},
    )


def credit_entry_repair(
    *, entry: CreditEntry, actor, number: str, on: dt.date, note: str = ""
) -> CreditEntry:
    """Record a credit repair decision (信用修复): the subject corrected the wrong and applied."""
    return _decide(
        entry=entry,
        actor=actor,
        number=number,
        on=on,
        what="信用修复",
        fields={"repair_number": number.strip(), "repair_date": on, "repair_note": note},
    )


def _division_of(record):
    division = getattr(record, "division", None)
    if division is None:
        for path in ("inspection", "case", "site"):
            parent = getattr(record, path, None)
            if parent is not None and getattr(parent, "division", None) is not None:
                return parent.division
    return division


def disclosure_create(
    *,
    record,
    actor,
    published_on: dt.date | None = None,
    title: str = "",
    summary: str = "",
    kind: str = "",
    field_names: list[str] | None = None,
) -> Disclosure:
    """Publish a record explicitly: copies its publishable fields (masked) into a Disclosure."""
    require(actor, "change", record)
    spec = publishable_for(type(record))
    if spec is None:
        raise ValidationError(
            gettext("“%(record__meta_verbose_nam)s”不是可公示的记录类型")
            % {"record__meta_verbose_nam": record._meta.verbose_name}
        )
    kind = kind or spec.kind
    if kind not in DisclosureKind.values:
        raise ValidationError({"kind": gettext("未知公示类别：%(kind)s") % {"kind": kind}})
    if isinstance(record, CreditEntry) and record.status != CreditStatus.ACTIVE:
        raise ValidationError(
            gettext("该名单当前状态为“%(record_get_status_displa)s”，只有公示中的名单可以公示")
            % {"record_get_status_displa": record.get_status_display()}
        )
    published_on = published_on or timezone.localdate()
    division = _division_of(record)
    if division is None:
        raise ValidationError(gettext("该记录没有行政区划，不能公示"))
    rows = copy_fields(record, field_names)
    title = scrub(title or default_title(record))
    summary = scrub(summary)
    disclosure = Disclosure(
        kind=kind,
        title=title[:200],
        summary=summary,
        fields=rows,
        source_type=ContentType.objects.get_for_model(record),
        source_id=record.pk,
        division=division,
        published_on=published_on,
        created_by=actor_user(actor),
    )
    disclosure.search_text = normalize(" ".join([title, summary, *(r["value"] for r in rows)]))
    disclosure.full_clean()
    with transaction.atomic():
        disclosure.save()
        audit_create(actor=actor, obj=disclosure)
    return disclosure


def disclosure_withdraw(
    *, disclosure: Disclosure, actor, reason: str, on: dt.date | None = None
) -> Disclosure:
    """Take a publication down (撤回), keeping it for the record."""
    require(actor, "change", disclosure)
    if not reason.strip():
        raise ValidationError({"withdrawn_reason": gettext("请填写撤回理由")})
    with transaction.atomic():
        disclosure = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
        if disclosure.withdrawn:
            return disclosure
        before = snapshot(disclosure)
        disclosure.withdrawn = True
        disclosure.withdrawn_on = on or timezone.localdate()
        disclosure.withdrawn_reason = reason
        disclosure.save()
        audit_update(actor=actor, obj=disclosure, before=before, note="撤回公示")
    return disclosure


def credit_export_audit(*, actor, fmt: str, count: int) -> None:
    """Exports of the credit list are recorded (who took which format, how many rows)."""
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        model="credit.creditentry",
        object_repr=f"credit list export ({fmt})",
        after={"format": fmt, "rows": count},
    )
