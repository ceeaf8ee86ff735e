"""Which fields of a record may be published, and how they are copied into a Disclosure.

A record type is disclosable when it is listed in PUBLISHABLE (or its model defines
``publishable_fields``/``person_fields`` class attributes). Field paths may follow foreign keys with
dots ("inspection.subject_name"). Person fields are masked (张*三) unless they look like an
organisation's name; phone and ID numbers inside any published text are masked too.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext

from zhenwei.core.masking import mask_name, mask_text

from .choices import DisclosureKind, SubjectKind


@dataclass(frozen=True)
class Publishable:
    """The default kind of disclosure, the fields that may be published and which of them name people."""

    kind: str
    fields: tuple[str, ...]
    person_fields: tuple[str, ...] = ()
    title_field: str = ""


PUBLISHABLE: dict[str, Publishable] = {
    "inspections.inspection": Publishable(
        DisclosureKind.SAMPLING_RESULT,
        (
            "subject_name",
            "division",
            "product_name",
            "brand",
            "model",
            "batch_no",
            "origin",
            "inspected_on",
            "judgment",
            "judgment_note",
        ),
        person_fields=("subject_name",),
        title_field="product_name",
    ),
    "inspections.sample": Publishable(
        DisclosureKind.SAMPLING_RESULT,
        (
            "inspection.subject_name",
            "inspection.product_name",
            "inspection.brand",
            "inspection.model",
            "inspection.batch_no",
            "inspection.origin",
            "number",
            "sampled_on",
            "lab_name",
            "result",
            "result_on",
            "report_number",
            "result_detail",
        ),
        person_fields=("inspection.subject_name",),
        title_field="inspection.product_name",
    ),
    "cases.case": Publishable(
        DisclosureKind.TYPICAL_CASE,
        (
            "number",
            "title",
            "kind",
            "division",
            "party_name",
            "summary",
            "opened_on",
            "closed_on",
            "close_note",
        ),
        person_fields=("party_name",),
        title_field="title",
    ),
    "credit.creditentry": Publishable(
        DisclosureKind.CREDIT_ENTRY,
        (
            "list_kind",
            "subject_name",
            "credit_code",
            "reason",
            "legal_basis",
            "deciding_authority",
            "decision_number",
            "decision_date",
            "publication_start",
            "publication_end",
            "appeal_route",
        ),
        title_field="subject_name",
    ),
    "webwatch.suspectsite": Publishable(
        DisclosureKind.TYPICAL_CASE,
        ("kind", "url", "title", "imitates", "division", "discovered_on", "blocked_on", "block_method"),
        title_field="title",
    ),
}

_ORG_SUFFIX = re.compile(
    r"(公司|厂|店|部|中心|社|局|所|院|校|行|馆|站|处|场|会|室|队|集团|合作社|经营部|商行|门市)$"
)


def mask_person(value: str) -> str:
    """Mask a name unless it is an organisation's (ends in 公司, 厂, 店…)."""
    value = (value or "").strip()
    if not value or _ORG_SUFFIX.search(value) or len(value) > 6:
        return value
    return mask_name(value)


def scrub(text: str) -> str:
    """Mask phone and ID numbers that appear inside free text (also a T + ID certificate number)."""
    return mask_text(text)


def publishable_for(model: type[models.Model]) -> Publishable | None:
    label = model._meta.label_lower
    if hasattr(model, "publishable_fields"):
        return Publishable(
            getattr(model, "disclosure_kind", DisclosureKind.TYPICAL_CASE),
            tuple(model.publishable_fields),
            tuple(getattr(model, "person_fields", ())),
        )
    return PUBLISHABLE.get(label)


def _resolve(record: models.Model, path: str) -> tuple[str, object]:
    """(label, display value) of a dotted field path on a record."""
    target: object = record
    parts = path.split(".")
    for part in parts[:-1]:
        target = getattr(target, part, None)
        if target is None:
            return "", None
    name = parts[-1]
    try:
        field = target._meta.get_field(name)  # type: ignore[union-attr]
    except (FieldDoesNotExist, AttributeError):
        raise ValidationError(gettext("字段“%(path)s”不存在，不能公示") % {"path": path}) from None
    label = str(field.verbose_name)
    if getattr(field, "choices", None):
        value = getattr(target, f"get_{name}_display")()
    else:
        value = getattr(target, name)
    return label, value


def _text(value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return "、".join(_text(v) for v in value)
    if hasattr(value, "full_name"):
        return value.full_name  # a Division: the whole name (重庆市云阳县)
    return str(value)


def copy_fields(record: models.Model, field_names: list[str] | None = None) -> list[dict[str, str]]:
    """The record's publishable fields as [{label, value}], masked; only listed fields may be asked for."""
    spec = publishable_for(type(record))
    if spec is None:
        raise ValidationError(
            gettext("“%(record__meta_verbose_nam)s”不是可公示的记录类型")
            % {"record__meta_verbose_nam": record._meta.verbose_name}
        )
    names = list(field_names) if field_names else list(spec.fields)
    refused = [n for n in names if n not in spec.fields]
    if refused:
        raise ValidationError(
            gettext("以下字段未标记为可公示：%(join_refused)s") % {"join_refused": ", ".join(refused)}
        )
    person_fields = set(spec.person_fields)
    if (
        type(record)._meta.label_lower == "credit.creditentry"
        and record.subject_kind == SubjectKind.INDIVIDUAL
    ):
        person_fields.add("subject_name")
    rows = []
    for name in names:
        label, value = _resolve(record, name)
        text = _text(value)
        if not text:
            continue
        if name in person_fields:
            text = mask_person(text)
        rows.append({"label": label, "value": scrub(text)})
    return rows


def default_title(record: models.Model) -> str:
    spec = publishable_for(type(record))
    if spec and spec.title_field:
        _, value = _resolve(record, spec.title_field)
        individual = getattr(record, "subject_kind", "") == SubjectKind.INDIVIDUAL
        if spec.title_field in spec.person_fields or individual:
            return mask_person(_text(value))
        return _text(value)
    return str(record)
