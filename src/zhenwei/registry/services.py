"""Writes to the registry: every create, update and status change validates, checks the actor may
change records in the record's division, and writes its audit row in the same transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext

from zhenwei.core.access import is_system_actor, record_division, require
from zhenwei.core.audit import audit_create, audit_record, audit_update, snapshot
from zhenwei.core.choices import AuditAction
from zhenwei.core.masking import can_see_pii, disclose, mask_id_number

from .choices import (
    CERTIFICATE_TRANSITIONS,
    CODE_TRANSITIONS,
    FINDING_TRANSITIONS,
    CertificateStatus,
    CodeStatus,
    FindingStatus,
)
from .models import (
    Certificate,
    Enterprise,
    IdentityCode,
    InstitutionFinding,
    Product,
    ProductSale,
    Trainer,
    TrainingCourse,
    TrainingEvent,
    TrainingInstitution,
)
from .validators import identity_code_format, identity_code_problem, normalize_identity_code


@contextmanager
def _registry_refusal() -> Iterator[None]:
    """core.access.require's refusal, told in the registry's words."""
    try:
        yield
    except PermissionDenied:
        raise PermissionDenied(gettext("无权修改该行政区划的台账记录")) from None


def _apply(obj: models.Model, data: dict[str, Any]) -> None:
    for field, value in data.items():
        setattr(obj, field, value)


def _save(
    *, obj: models.Model, actor, data: dict[str, Any], exclude: list[str] | None = None
) -> models.Model:
    """Create or update obj with data: permission, full_clean, save and audit in one transaction."""
    creating = obj.pk is None
    with _registry_refusal():
        if not creating and not is_system_actor(actor):
            # Where the record is now, read from the database (the caller's copy may already carry
            # edits): moving a record out of another division is as much a change there as editing it.
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            if stored is not None:
                require(actor, "change", stored)
        before = None if creating else snapshot(obj)
        _apply(obj, data)
        # Where it goes: a record is only placed in a division where the actor holds "change".
        placed = record_division(obj)
        require(actor, "change", obj if creating or placed is None else placed)
    obj.full_clean(exclude=exclude)
    with transaction.atomic():
        obj.save()
        if creating:
            audit_create(actor=actor, obj=obj)
        else:
            audit_update(actor=actor, obj=obj, before=before)
    return obj


# -- enterprises ---------------------------------------------------------------------------------


def enterprise_save(*, actor, data: dict[str, Any], enterprise: Enterprise | None = None) -> Enterprise:
    """Create (enterprise=None) or update an enterprise; the credit code is upper-cased and checked."""
    data = dict(data)
    if data.get("uscc"):
        data["uscc"] = "".join(str(data["uscc"]).split()).upper()
    return _save(obj=enterprise or Enterprise(), actor=actor, data=data)


# -- products and identity codes -----------------------------------------------------------------


def product_save(*, actor, data: dict[str, Any], product: Product | None = None) -> Product:
    """Create or update a product; the manufacturer's name follows the linked enterprise."""
    data = dict(data)
    manufacturer = data.get("manufacturer")
    if manufacturer is not None:
        data.setdefault("manufacturer_name", manufacturer.name)
        if not data.get("manufacturer_name"):
            data["manufacturer_name"] = manufacturer.name
        data.setdefault("manufacturer_uscc", manufacturer.uscc or "")
        data.setdefault("division", manufacturer.division)
    return _save(obj=product or Product(), actor=actor, data=data)


def identity_code_create(*, actor, product: Product, code: str, batch=None) -> IdentityCode:
    """Register one identity code for a product (normalised; 14-character fire mark or serial)."""
    value = normalize_identity_code(code)
    problem = identity_code_problem(value)
    if problem:
        raise ValidationError({"code": [problem]})
    if IdentityCode.objects.filter(code=value).exists():
        raise ValidationError({"code": [f"标识码 {value} 已登记"]})
    if batch is not None and batch.product_id != product.pk:
        raise ValidationError({"batch": ["批次不属于该产品"]})
    obj = IdentityCode(product=product, batch=batch, code=value, code_format=identity_code_format(value))
    return _save(obj=obj, actor=actor, data={})


def identity_code_transition(*, actor, code: IdentityCode, to: str, note: str = "") -> IdentityCode:
    """Change a code's status along CODE_TRANSITIONS (destroyed is final)."""
    if to not in CODE_TRANSITIONS.get(code.status, ()):
        raise ValidationError(
            gettext("标识码状态不能从“%(codestatus_code_status_l)s”改为“%(codestatus_to_label_if_t)s”")
            % {
                "codestatus_code_status_l": CodeStatus(code.status).label,
                "codestatus_to_label_if_t": CodeStatus(to).label if to in CodeStatus.values else to,
            }
        )
    with _registry_refusal():
        require(actor, "change", code)
    with transaction.atomic():
        before = code.status
        code.status = to
        code.status_changed_at = timezone.now()
        code.save(update_fields=["status", "status_changed_at", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=code,
            before={"status": before},
            after={"status": to},
            note=note,
        )
    return code


# -- certificates --------------------------------------------------------------------------------


def certificate_save(*, actor, data: dict[str, Any], certificate: Certificate | None = None) -> Certificate:
    """Create or update a certificate. The status changes only through certificate_transition."""
    data = dict(data)
    if "number" in data:
        data["number"] = "".join(str(data["number"]).split()).upper()
    if "holder_id_number" in data:
        data["holder_id_number"] = str(data["holder_id_number"]).strip().upper()
    if certificate is not None and "status" in data and data["status"] != certificate.status:
        raise ValidationError({"status": ["证书状态请通过状态变更操作修改"]})
    if data.get("issued_on") and data.get("expires_on") and data["expires_on"] < data["issued_on"]:
        raise ValidationError({"expires_on": ["有效期至早于发证日期"]})
    obj = certificate or Certificate()
    # holder_name_normalized and holder_id_hash are derived in save(); exclude them from full_clean.
    return _save(obj=obj, actor=actor, data=data, exclude=["holder_name_normalized", "holder_id_hash"])


def certificate_transition(*, actor, certificate: Certificate, to: str, note: str = "") -> Certificate:
    """Suspend, revoke, restore or mark expired, along CERTIFICATE_TRANSITIONS (revoked is final)."""
    if to not in CERTIFICATE_TRANSITIONS.get(certificate.status, ()):
        label = CertificateStatus(to).label if to in CertificateStatus.values else to
        raise ValidationError(
            gettext("证书状态不能从“%(certificatestatus_certif)s”改为“%(label)s”")
            % {"certificatestatus_certif": CertificateStatus(certificate.status).label, "label": label}
        )
    with _registry_refusal():
        require(actor, "change", certificate)
    with transaction.atomic():
        before = certificate.status
        certificate.status = to
        certificate.status_changed_at = timezone.now()
        certificate.save(update_fields=["status", "status_changed_at", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=certificate,
            before={"status": before},
            after={"status": to},
            note=note,
        )
    return certificate


def certificate_holder_ids(*, user, certificates: list[Certificate]) -> dict[int, str]:
    """The holder ID number each certificate shows to ``user``: whole where the user has "pii" in
    its division (one view_pii audit row naming every certificate shown whole), masked elsewhere."""
    shown: dict[int, str] = {}
    revealed: list[Certificate] = []
    for cert in certificates:
        if can_see_pii(user, cert):
            shown[cert.pk] = cert.holder_id_number
            revealed.append(cert)
        else:
            shown[cert.pk] = mask_id_number(cert.holder_id_number)
    for cert in revealed:
        # One view_pii row per answer (zhenwei.core.masking): the page or API answer names them all.
        disclose(cert, user=user, values=[cert.holder_id_number, cert.number], note="holder_id_number")
    return shown


# -- training institutions -----------------------------------------------------------------------


def institution_save(
    *, actor, data: dict[str, Any], institution: TrainingInstitution | None = None
) -> TrainingInstitution:
    """Create or update a training institution of the ledger (培训机构台账)."""
    return _save(obj=institution or TrainingInstitution(), actor=actor, data=data)


def institution_child_add(
    *, actor, institution: TrainingInstitution, model: type[models.Model], data: dict[str, Any]
):
    """Add a trainer, course, event, product sale or finding to an institution."""
    allowed = {Trainer, TrainingCourse, TrainingEvent, ProductSale, InstitutionFinding}
    if model not in allowed:
        raise ValueError(f"not an institution record: {model}")
    data = {k: v for k, v in data.items() if k != "trainers"}
    obj = model(institution=institution)
    return _save(obj=obj, actor=actor, data=data)


def finding_transition(
    *, actor, finding: InstitutionFinding, to: str, resolution: str = ""
) -> InstitutionFinding:
    """Move a problem-list finding: open → rectified → closed (a closed one may be reopened)."""
    if to not in FINDING_TRANSITIONS.get(finding.status, ()):
        label = FindingStatus(to).label if to in FindingStatus.values else to
        raise ValidationError(
            gettext("问题状态不能从“%(findingstatus_finding_st)s”改为“%(label)s”")
            % {"findingstatus_finding_st": FindingStatus(finding.status).label, "label": label}
        )
    if to in (FindingStatus.RECTIFIED, FindingStatus.CLOSED) and not (resolution or finding.resolution):
        raise ValidationError({"resolution": ["请填写整改/处理情况"]})
    with _registry_refusal():
        require(actor, "change", finding)
    with transaction.atomic():
        before = {"status": finding.status, "resolution": finding.resolution}
        finding.status = to
        finding.status_changed_at = timezone.now()
        if resolution:
            finding.resolution = resolution
        finding.save(update_fields=["status", "status_changed_at", "resolution"])
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=finding,
            before=before,
            after={"status": to, "resolution": finding.resolution},
        )
    return finding
