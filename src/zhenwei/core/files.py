"""Storing evidence files: size cap, content sniffing, SHA-256, one copy of the bytes per hash."""

from __future__ import annotations

import hashlib
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext

from zhenwei.security.uploads import ALLOWED_TYPES, check_upload, declared_type_of, limits_for, sniff

from .access import actor_user
from .audit import audit_record
from .choices import AuditAction
from .models import EvidenceFile

# The type table and sniffing live with the upload guard (a leaf module); re-exported here.
__all__ = ["ALLOWED_TYPES", "declared_type_of", "evidence_open", "evidence_store", "sniff"]


def evidence_store(
    *,
    fileobj: IO[bytes],
    name: str,
    declared_type: str | None = None,
    actor=None,
    attach_to=None,
    division=None,
    description: str = "",
    max_bytes: int | None = None,
) -> EvidenceFile:
    """Check and store one uploaded file, attach it to a record, and audit it.

    Every file goes through ``zhenwei.security.uploads.check_upload`` (profile "evidence") first:
    refused (ValidationError naming the problem) over the size cap, of a type we do not keep, whose
    content is not what its name or declared type says, an image carrying markup, or a zip (XLSX,
    DOCX) whose directory says bomb. Nothing is stored for a refused file.
    """
    limits = limits_for("evidence", max_bytes=max_bytes or 0)
    # One guard for every file that enters: size, sniffed type, zip directory, polyglots.
    checked = check_upload(fileobj, profile=limits, name=name, declared_type=declared_type)
    sniffed = checked.kind
    limit = limits.byte_cap()
    digest = hashlib.sha256()
    size = 0
    fileobj.seek(0)
    while chunk := fileobj.read(1024 * 1024):
        size += len(chunk)
        if size > limit:
            raise ValidationError(
                gettext("文件“%(name_60)s”超过大小上限 %(limit_1024_1024)s MB")
                % {"name_60": name[:60], "limit_1024_1024": limit // (1024 * 1024)},
                code="upload_too_large",
            )
        digest.update(chunk)
    sha = digest.hexdigest()
    storage_name = f"evidence/{sha[:2]}/{sha}"
    if not default_storage.exists(storage_name):
        fileobj.seek(0)
        default_storage.save(storage_name, File(fileobj))
    with transaction.atomic():
        evidence = EvidenceFile.objects.create(
            sha256=sha,
            size=size,
            mime_type=sniffed,
            original_name=name[:255],
            storage_name=storage_name,
            description=description[:255],
            division=division,
            content_type_id=_content_type_id(attach_to),
            object_id=attach_to.pk if attach_to is not None else None,
            uploaded_by=actor_user(actor),
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=evidence,
            after={"sha256": sha, "size": size, "mime_type": sniffed, "name": name},
        )
    return evidence


def _content_type_id(obj) -> int | None:
    if obj is None:
        return None
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk


def evidence_open(evidence: EvidenceFile):
    return default_storage.open(evidence.storage_name, "rb")
