"""``zhenwei tasks worker`` runs the task worker of the configured backend with recovery of tasks whose
worker died; ``zhenwei tasks recover`` runs one recovery pass (see zhenwei.core.task_recovery)."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from zhenwei.core import task_recovery

log = logging.getLogger("zhenwei.tasks")


def _positive(kind):
    def parse(text: str):
        value = kind(text)
        if value <= 0:
            raise ValueError(text)
        return value

    parse.__name__ = kind.__name__
    return parse


class Command(BaseCommand):
    help = "Background task worker with recovery of tasks whose worker died, and one-off recovery."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        worker = sub.add_parser(
            "worker", help="run the task worker (db_worker, or rqworker with Redis), recovering lost tasks"
        )
        recover = sub.add_parser("recover", help="requeue (or fail) tasks whose worker is gone, once")
        for p in (worker, recover):
            p.add_argument(
                "--lost-after",
                type=_positive(float),
                default=60.0,
                help="seconds without a heartbeat after which a worker counts as gone (default 60)",
            )
            p.add_argument(
                "--stale-after",
                type=_positive(float),
                default=6 * 3600.0,
                help="seconds after which a task of a worker without heartbeat record counts as lost "
                "(default 6 h)",
            )
            p.add_argument(
                "--max-attempts",
                type=_positive(int),
                default=3,
                help="runs of one task in all before it is marked failed instead of requeued (default 3)",
            )
        worker.add_argument("--queue-name", default="*", help="database queues to process (default: all)")
        worker.add_argument("--interval", type=_positive(float), default=1.0, help="idle poll interval, s")
        worker.add_argument(
            "--heartbeat", type=_positive(float), default=10.0, help="heartbeat interval, s (default 10)"
        )
        worker.add_argument(
            "--recover-every",
            type=_positive(float),
            default=60.0,
            help="seconds between recovery passes while the worker runs (default 60)",
        )
        worker.add_argument(
            "--max-tasks", type=_positive(int), default=None, help="exit after this many tasks"
        )

    def handle(self, *args, action, **options):
        params = {
            "lost_after": dt.timedelta(seconds=options["lost_after"]),
            "stale_after": dt.timedelta(seconds=options["stale_after"]),
            "max_attempts": options["max_attempts"],
        }
        if action == "recover":
            summary = task_recovery.recover_configured(**params)
            if summary is None:
                raise CommandError(
                    f"task backend {settings.TASKS['default']['BACKEND']} has no queue to recover"
                )
            for task_id, reason in summary.failed:
                self.stdout.write(f"failed {task_id}: {reason}")
            for task_id in summary.requeued:
                self.stdout.write(f"requeued {task_id}")
            self.stdout.write(summary.line())
            return
        if options["heartbeat"] * 2 > options["lost_after"]:
            raise CommandError(
                "--lost-after must be at least twice --heartbeat, or live workers count as gone"
            )
        self._work(params, options)

    def _work(self, params, options):
        backend = settings.TASKS["default"]["BACKEND"]
        if backend.startswith("django_tasks_db"):
            worker_id = task_recovery.new_worker_id()
            task_recovery.worker_register(worker_id=worker_id)
            command, kwargs = (
                "db_worker",
                {
                    "queue_name": options["queue_name"],
                    "interval": options["interval"],
                    "worker_id": worker_id,
                    "reload": False,
                    "max_tasks": options["max_tasks"],
                },
            )
            args = ()
        elif backend.startswith("django_tasks_rq"):
            worker_id = None
            # django-tasks-rq's Job runs the Task object (and records its result); RQ's own does not.
            command, args, kwargs = (
                "rqworker",
                tuple(settings.RQ_QUEUES),
                {"job_class": "django_tasks_rq.Job"},
            )
        else:
            raise CommandError(f"task backend {backend} needs no worker")
        summary = task_recovery.recover_configured(**params, me=worker_id)
        self.stdout.write(f"task recovery at start: {summary.line()}")
        connection.close()
        stop = threading.Event()
        keepalive = threading.Thread(
            target=self._keepalive,
            kwargs={"worker_id": worker_id, "stop": stop, "params": params, "options": options},
            name="zhenwei-task-heartbeat",
            daemon=True,
        )
        keepalive.start()
        try:
            call_command(command, *args, verbosity=options["verbosity"], **kwargs)
        finally:
            stop.set()
            keepalive.join(timeout=10)
            if worker_id:
                task_recovery.worker_stopped(worker_id=worker_id)

    @staticmethod
    def _keepalive(*, worker_id, stop, params, options):
        """Beside the worker loop: heartbeat, and a recovery pass every --recover-every seconds."""
        next_recovery = time.monotonic() + options["recover_every"]
        while not stop.wait(options["heartbeat"]):
            try:
                if worker_id:
                    task_recovery.worker_heartbeat(worker_id=worker_id)
                if time.monotonic() >= next_recovery:
                    next_recovery = time.monotonic() + options["recover_every"]
                    summary = task_recovery.recover_configured(**params, me=worker_id)
                    if summary and (summary.requeued or summary.failed):
                        log.warning("task recovery: %s", summary.line())
            except Exception:  # noqa: BLE001 - a database hiccup must not stop the heartbeat for good
                log.exception("task heartbeat/recovery failed; retrying")
            finally:
                connection.close()
