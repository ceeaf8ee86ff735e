"""Background imports from the staff site: the uploaded file is stored under VAR_DIR/imports and a
django-tasks task runs the same importer as ``zhenwei import``, recording progress on the job."""

from __future__ import annotations

import csv
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from zhenwei.core.access import user_scope
from zhenwei.core.audit import audit_create
from zhenwei.security.uploads import check_upload

from .choices import ImportJobStatus, ImportKind
from .imports.common import actor_division
from .models import ImportJob


def imports_dir() -> Path:
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def import_job_create(*, actor, kind: str, upload) -> ImportJob:
    """Store an uploaded file and queue its import; the task runs after the job is committed."""
    if kind not in ImportKind.values:
        raise ValidationError(f"未知导入类型：{kind}")
    if not user_scope(actor).can("change"):
        raise PermissionDenied("无权导入台账数据")
    division = actor_division(actor)
    if division is None:
        raise PermissionDenied("导入人须属于某一部门")
    suffix = Path(upload.name).suffix.lower()
    if suffix not in {".csv", ".xlsx", ".txt"}:
        raise ValidationError("只接受 CSV 或 XLSX 文件")
    # The upload guard refuses a hostile file here, before anything is stored or queued; the
    # importer streams it through the same guard again when the job runs.
    check_upload(upload, profile="import", name=upload.name)
    stored = imports_dir() / f"{uuid.uuid4().hex}{suffix}"
    with open(stored, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    with transaction.atomic():
        job = ImportJob.objects.create(
            kind=kind,
            original_name=Path(upload.name).name[:255],
            stored_path=str(stored),
            size=upload.size,
            actor=actor,
            division=division,
        )
        audit_create(actor=actor, obj=job)
        transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
    return job


@task()
def run_import_job(job_id: int) -> None:
    """Run one queued import; progress goes to the job row after every batch."""
    from .importers import IMPORTERS

    job = ImportJob.objects.select_related("actor").get(pk=job_id)
    if job.is_finished:
        return
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJobStatus.RUNNING, started_at=timezone.now())

    def progress(rows: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(rows_read=rows)

    try:
        summary = IMPORTERS[job.kind](path=job.stored_path, actor=job.actor, progress=progress)
    except ValidationError as exc:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJobStatus.FAILED, message="；".join(exc.messages), finished_at=timezone.now()
        )
        return
    except Exception as exc:  # noqa: BLE001 - the job must say it failed, whatever the cause
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJobStatus.FAILED,
            message=f"导入中断：{exc.__class__.__name__}",
            finished_at=timezone.now(),
        )
        raise
    errors_path = ""
    if summary.errors:
        errors_path = str(Path(job.stored_path).with_suffix(".rejected.csv"))
        with open(errors_path, "w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["line", "reason"])
            writer.writerows(summary.errors)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJobStatus.DONE,
        rows_read=summary.read,
        created=summary.created,
        updated=summary.updated,
        unchanged=summary.unchanged,
        rejected=summary.rejected,
        message=summary.line(),
        errors_path=errors_path,
        finished_at=timezone.now(),
    )
