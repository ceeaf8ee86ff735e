"""A task for tests/test_task_recovery.py that blocks until released, and a small command line the test
runs in a subprocess against the same database as the workers (enqueue, show)."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from django_tasks import task

from zhenwei.core.task_recovery import rerun_on_worker_loss


@task()
@rerun_on_worker_loss
def wait_for_release(directory: str) -> dict:
    """Note this run (pid) in DIR/runs, then wait until DIR/release exists; returns the runs seen."""
    folder = Path(directory)
    with open(folder / "runs", "a", encoding="utf-8") as out:
        out.write(f"{os.getpid()}\n")
    deadline = time.monotonic() + 120
    while not (folder / "release").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("never released")
        time.sleep(0.05)
    return {"runs": len((folder / "runs").read_text(encoding="utf-8").split()), "pid": os.getpid()}


@task()
def not_declared() -> None:
    """A task that does not say it may run twice: after a lost worker it is failed, not re-run."""


def main(argv: list[str]) -> None:
    import django

    django.setup()
    from django_tasks_db.models import DBTaskResult

    if argv[0] == "enqueue":
        # By its importable name (not __main__.wait_for_release), so that workers find it.
        from tests.task_recovery_tasks import wait_for_release as importable

        result = importable.enqueue(argv[1])
        sys.stdout.write(f"{result.id}\n")
    elif argv[0] == "show":
        row = DBTaskResult.objects.get(pk=argv[1])
        sys.stdout.write(
            json.dumps(
                {
                    "status": row.status,
                    "worker_ids": row.worker_ids,
                    "return_value": row.return_value,
                    "exception_class_path": row.exception_class_path,
                    "traceback": row.traceback,
                }
            )
            + "\n"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
