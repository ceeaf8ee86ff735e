"""Tasks whose worker died are run again (or failed with a reason), never left RUNNING for ever.

django-tasks-db (0.13) has no recovery of its own: a worker killed with SIGKILL (OOM killer, power
loss, `kill -9`) leaves its task RUNNING, and no worker ever picks it up again (upstream issue
RealOrangeOne/django-tasks#46, still open; the "worker pings" pull request #133 was closed unmerged).
What the package does give us is used as is: the task row's ``worker_ids`` (one entry per claim, so
its length is the number of attempts), ``started_at``, the ``exclusive_transaction`` the worker claims
under, and the ``task_finished`` signal. What it lacks is added here:

* every ``zhenwei tasks worker`` keeps a :class:`~zhenwei.core.models.TaskWorker` row fresh (heartbeat);
* :func:`tasks_recover` (run by each worker at start and then periodically, or by hand with
  ``zhenwei tasks recover``) finds RUNNING tasks whose last worker is gone — it stopped, its process
  no longer exists on this host, or its heartbeat is older than ``lost_after`` — and puts them back
  to READY, up to ``max_attempts`` claims in all; after that, or for a task that must not run twice,
  the task is marked FAILED with the reason. A RUNNING task claimed by a worker that never had a
  heartbeat (a plain ``zhenwei db_worker``) is only treated as lost once it has run ``stale_after``.

With Redis, RQ's own machinery does the detection: the started-job registry entry of a job expires
when its worker stops heart-beating, and ``StartedJobRegistry.cleanup`` (run by every ``rqworker`` at
start and every maintenance interval) moves it to the failed registry as ``AbandonedJobError``
(django-tasks-rq sets no RQ ``Retry``, so it is not retried). :func:`rq_recover` requeues those
abandoned jobs of tasks that may run again, with the same attempt limit.

A task may be run again after its worker died only if running it twice does no harm: see
``WORKER_LOSS_POLICY`` and :func:`rerun_on_worker_loss`.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from .models import TaskWorker

log = logging.getLogger("zhenwei.tasks")

RERUN = "rerun"
NO_RERUN = "no_rerun"

# Every task of the project, with whether it may run again after its worker died mid-run, and why.
# A task not listed here may declare itself with @rerun_on_worker_loss; otherwise it is not re-run.
# tests/test_task_recovery.py fails when a task of the project is missing from this table.
WORKER_LOSS_POLICY: dict[str, tuple[str, str]] = {
    "zhenwei.registry.jobs.run_import_job": (
        RERUN,
        "imports write whole batches and match existing rows by key: a re-run creates what is missing "
        "and leaves the rest unchanged (bench/load_import_kill.py: 0 duplicates after a SIGKILL)",
    ),
    "zhenwei.cases.jobs.escalate_unacknowledged_transfers": (
        RERUN,
        "each escalation locks its share and sets escalated_at in the same transaction; overdue "
        "reminders carry a dedupe key per action and day",
    ),
    "zhenwei.joint.jobs.decisions_remind_task": (
        RERUN,
        "reminders carry a dedupe key per decision and kind, so a re-run creates none twice",
    ),
    "zhenwei.notifications.tasks.deliver_immediate_task": (
        RERUN,
        "each message is claimed by a unique Delivery row committed before it is sent, so a re-run "
        "sends only what was never claimed: at most once per notification and channel (a message "
        "claimed when the worker died stays 'pending', unsent)",
    ),
    "zhenwei.notifications.tasks.send_digest_task": (
        RERUN,
        "digests are at most once: the notifications of a digest are claimed (unique Delivery per "
        "channel, under a lock on the user) and committed before the message goes out, so a re-run "
        "sends the digests not yet claimed and never one twice (the one in flight stays 'pending')",
    ),
}


def rerun_on_worker_loss(func):
    """Mark a task function as safe to run again after its worker died (put it under ``@task()``)."""
    func.rerun_on_worker_loss = True
    return func


def rerun_policy(task_path: str) -> tuple[bool, str]:
    """Whether the task may run again after a lost worker, and why (or why not)."""
    if task_path in WORKER_LOSS_POLICY:
        policy, why = WORKER_LOSS_POLICY[task_path]
        return policy == RERUN, why
    try:
        task_obj = import_string(task_path)
    except ImportError:
        return False, "任务代码已不存在"
    if getattr(getattr(task_obj, "func", None), "rerun_on_worker_loss", False):
        return True, "任务声明可重复执行（@rerun_on_worker_loss）"
    return False, "任务未声明可重复执行（见 zhenwei.core.task_recovery.WORKER_LOSS_POLICY），不自动重跑"


class WorkerLost(Exception):
    """Recorded as the error of a task whose worker died and that is not run again."""


# ---------------------------------------------------------------------------------------- workers


def new_worker_id() -> str:
    """Host, pid and a random part: readable in the task rows, unique across restarts, ≤ 64 chars."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{get_random_string(8)}"[:64]


def worker_register(*, worker_id: str, backend: str = "default") -> TaskWorker:
    """Record a starting worker process (its first heartbeat)."""
    from .models import TaskWorker

    now = timezone.now()
    worker, _ = TaskWorker.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "backend": backend,
            "started_at": now,
            "last_seen_at": now,
            "stopped_at": None,
        },
    )
    return worker


def worker_heartbeat(*, worker_id: str) -> None:
    """The worker is alive now."""
    from .models import TaskWorker

    TaskWorker.objects.filter(worker_id=worker_id).update(last_seen_at=timezone.now())


def worker_stopped(*, worker_id: str) -> None:
    """The worker exits normally (it finished or failed its current task first)."""
    from .models import TaskWorker

    now = timezone.now()
    TaskWorker.objects.filter(worker_id=worker_id).update(last_seen_at=now, stopped_at=now)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    return True


def worker_gone(
    worker: TaskWorker, *, now: dt.datetime, lost_after: dt.timedelta, me: str | None = None
) -> str | None:
    """Why this worker is certainly not running its task any more, or None if it may be."""
    if worker.worker_id == me:
        return None
    if worker.stopped_at is not None:
        return f"工作进程 {worker.worker_id} 已于 {worker.stopped_at:%Y-%m-%d %H:%M:%S} 退出"
    if worker.hostname == socket.gethostname() and (worker.pid == os.getpid() or not _pid_alive(worker.pid)):
        return f"工作进程 {worker.worker_id}（本机进程 {worker.pid}）已不存在"
    if worker.last_seen_at < now - lost_after:
        return (
            f"工作进程 {worker.worker_id}（{worker.hostname} 进程 {worker.pid}）自 "
            f"{worker.last_seen_at:%Y-%m-%d %H:%M:%S} 起没有心跳"
        )
    return None


# ------------------------------------------------------------------------------ database backend


@dataclass
class RecoverySummary:
    """What one recovery pass did: task ids requeued, failed (with reasons), and workers pruned."""

    requeued: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    pruned_workers: int = 0

    def line(self) -> str:
        return (
            f"requeued {len(self.requeued)}, failed {len(self.failed)}, pruned workers {self.pruned_workers}"
        )


def tasks_recover(
    *,
    backend: str = "default",
    lost_after: dt.timedelta = dt.timedelta(seconds=60),
    stale_after: dt.timedelta = dt.timedelta(hours=6),
    max_attempts: int = 3,
    me: str | None = None,
    now: dt.datetime | None = None,
) -> RecoverySummary:
    """Requeue (or fail, with the reason) the RUNNING database tasks whose worker is gone."""
    from django_tasks_db.models import DBTaskResult

    from .models import TaskWorker

    if max_attempts < 1:
        raise ValueError("max_attempts must be at least 1")
    now = now or timezone.now()
    summary = RecoverySummary()
    running = list(
        DBTaskResult.objects.running()
        .filter(backend_name=backend)
        .values_list("pk", "worker_ids", "started_at")
    )
    last_ids = {ids[-1] for _, ids, _ in running if ids}
    workers = {w.worker_id: w for w in TaskWorker.objects.filter(worker_id__in=last_ids)}
    for pk, ids, started_at in running:
        worker_id = ids[-1] if ids else ""
        worker = workers.get(worker_id)
        if worker is not None:
            reason = worker_gone(worker, now=now, lost_after=lost_after, me=me)
        elif started_at is None or started_at < now - stale_after:
            reason = (
                f"工作进程 {worker_id or '（未知）'} 没有心跳记录（不是 zhenwei tasks worker 启动的），"
                f"任务运行已超过 {int(stale_after.total_seconds())} 秒"
            )
        else:
            reason = None
        if reason is not None:
            _recover_one(
                pk=pk, worker_id=worker_id, reason=reason, max_attempts=max_attempts, summary=summary
            )
    # Rows of workers long gone and no longer named by a running task are only clutter.
    summary.pruned_workers, _ = (
        TaskWorker.objects.filter(last_seen_at__lt=now - dt.timedelta(days=7))
        .exclude(worker_id__in=last_ids)
        .delete()
    )
    return summary


def _recover_one(*, pk, worker_id: str, reason: str, max_attempts: int, summary: RecoverySummary) -> None:
    from django_tasks.base import TaskResultStatus
    from django_tasks.signals import task_finished
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction

    from .audit import audit_record
    from .choices import AuditAction

    with exclusive_transaction(DBTaskResult.objects.db):
        # Re-read under the same lock the worker claims with: a task that finished or was claimed
        # again meanwhile is left alone.
        row = DBTaskResult.objects.select_for_update().filter(pk=pk, status=TaskResultStatus.RUNNING).first()
        if row is None or (row.worker_ids[-1] if row.worker_ids else "") != worker_id:
            return
        attempts = len(row.worker_ids)
        may_rerun, why = rerun_policy(row.task_path)
        if may_rerun and attempts < max_attempts:
            row.status = TaskResultStatus.READY
            row.save(update_fields=["status"])
            outcome = f"重新排队（第 {attempts} 次执行中断，最多 {max_attempts} 次）：{reason}"
            summary.requeued.append(str(row.pk))
        else:
            if may_rerun:
                why = f"已执行 {attempts} 次，达到上限 {max_attempts} 次，不再重跑"
            message = f"执行中断，未完成：{reason}。{why}"
            row.status = TaskResultStatus.FAILED
            row.finished_at = timezone.now()
            row.return_value = None
            row.exception_class_path = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"
            row.traceback = f"{row.exception_class_path}: {message}\n"
            row.save(
                update_fields=["status", "finished_at", "return_value", "exception_class_path", "traceback"]
            )
            outcome = f"标记失败：{message}"
            summary.failed.append((str(row.pk), message))
            failed_row = row
            transaction.on_commit(
                lambda: task_finished.send(
                    sender=type(failed_row.task.get_backend()), task_result=failed_row.task_result
                )
            )
        audit_record(
            actor="任务恢复",
            action=AuditAction.OTHER,
            model="django_tasks_database.dbtaskresult",
            object_id=str(row.pk),
            object_repr=row.task_path[:200],
            note=outcome[:1000],
        )
    log.warning("task %s (%s): %s", row.pk, row.task_path, outcome)


# ------------------------------------------------------------------------------------ RQ backend

ABANDONED = "rq.exceptions.AbandonedJobError"


def rq_recover(*, max_attempts: int = 3) -> RecoverySummary:
    """RQ: run RQ's own abandoned-job cleanup, then requeue abandoned jobs that may run again."""
    import django_rq
    from django.conf import settings
    from django_tasks_rq.backend import Job
    from rq.registry import FailedJobRegistry, StartedJobRegistry

    summary = RecoverySummary()
    for name in getattr(settings, "RQ_QUEUES", {}):
        queue = django_rq.get_queue(name, job_class=Job)
        StartedJobRegistry(queue=queue).cleanup()  # expired executions → failed registry (AbandonedJobError)
        failed = FailedJobRegistry(queue=queue)
        for job_id in failed.get_job_ids():
            job = queue.fetch_job(job_id)
            if job is None or job.meta.get("zhenwei_recovery_done"):
                continue
            errors = job.meta.get("_django_tasks_rq_exceptions", [])
            if not errors or errors[-1] != ABANDONED:
                continue  # an ordinary failure: the task raised; not ours to retry
            attempts = errors.count(ABANDONED)
            may_rerun, why = rerun_policy(job.func_name)
            if may_rerun and attempts < max_attempts:
                failed.requeue(job_id)
                summary.requeued.append(job_id)
                log.warning(
                    "RQ job %s (%s) requeued after its worker was lost (%d)", job_id, job.func_name, attempts
                )
            else:
                if may_rerun:
                    why = f"已执行 {attempts} 次，达到上限 {max_attempts} 次，不再重跑"
                job.meta["zhenwei_recovery_done"] = why
                job.save_meta()
                summary.failed.append((job_id, why))
    return summary


def recover_configured(
    *,
    lost_after: dt.timedelta,
    stale_after: dt.timedelta,
    max_attempts: int,
    me: str | None = None,
) -> RecoverySummary | None:
    """Recovery for the configured default backend (database or RQ); None for backends without a worker."""
    from django.conf import settings

    backend = settings.TASKS["default"]["BACKEND"]
    if backend.startswith("django_tasks_db"):
        return tasks_recover(lost_after=lost_after, stale_after=stale_after, max_attempts=max_attempts, me=me)
    if backend.startswith("django_tasks_rq"):
        return rq_recover(max_attempts=max_attempts)
    return None
