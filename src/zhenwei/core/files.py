"""Storing evidence files: size cap, content sniffing, SHA-256, one copy of the bytes per hash."""

from __future__ import annotations

import hashlib
import mimetypes
from typing import IO

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import transaction

from .audit import audit_record
from .choices import AuditAction
from .models import EvidenceFile

# Sniffed type → the declared types we accept for it.
ALLOWED_TYPES: dict[str, set[str]] = {
    "image/jpeg": {"image/jpeg", "image/jpg", "image/pjpeg"},
    "image/png": {"image/png"},
    "image/gif": {"image/gif"},
    "image/webp": {"image/webp"},
    "application/pdf": {"application/pdf"},
    "video/mp4": {"video/mp4"},
    # XLSX and DOCX are zip containers; filetype names them precisely.
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    },
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    },
}


def _declared_type(name: str, declared: str | None) -> str:
    if declared and declared != "application/octet-stream":
        return declared.split(";")[0].strip().lower()
    guessed, _ = mimetypes.guess_type(name)
    return (guessed or "application/octet-stream").lower()


def sniff(head: bytes) -> str | None:
    kind = filetype.guess(head)
    return kind.mime if kind else None


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

    Refuses (ValidationError naming the problem) files over the size cap, of a type we do not keep,
    or whose content is not what their name or declared type says.
    """
    limit = max_bytes or settings.MAX_UPLOAD_BYTES
    fileobj.seek(0)
    head = fileobj.read(8192)
    sniffed = sniff(head)
    declared = _declared_type(name, declared_type)
    if sniffed is None or sniffed not in ALLOWED_TYPES:
        raise ValidationError(
            f"文件“{name}”的内容不是允许的类型（JPEG、PNG、GIF、WebP、PDF、MP4、XLSX、DOCX）",
            code="file_type",
        )
    if declared not in ALLOWED_TYPES[sniffed]:
        raise ValidationError(
            f"文件“{name}”声明为 {declared}，但内容是 {sniffed}，已拒收", code="file_type_mismatch"
        )
    digest = hashlib.sha256()
    size = 0
    fileobj.seek(0)
    while chunk := fileobj.read(1024 * 1024):
        size += len(chunk)
        if size > limit:
            raise ValidationError(
                f"文件“{name}”超过大小上限 {limit // (1024 * 1024)} MB", code="file_too_large"
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
            uploaded_by=actor if getattr(actor, "pk", None) else None,
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
