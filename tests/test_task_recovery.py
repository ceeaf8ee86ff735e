"""A task whose worker dies is run again: a real `zhenwei tasks worker` is killed with SIGKILL in the
middle of a task, a new worker requeues and finishes it, exactly once more, with its result stored.

The workers are real processes on a real database shared with the test: on PostgreSQL the test
database (committed rows, transaction=True); on SQLite a file database in tmp_path (the in-memory
test database cannot be shared between processes).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def _wait(predicate, *, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


@pytest.fixture
def shared_db(tmp_path):
    """Environment for subprocesses that use the same database as this test."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHENWEI_")}
    env.update(
        DJANGO_SETTINGS_MODULE="zhenwei.settings",
        ZHENWEI_ENV="local",
        ZHENWEI_VAR_DIR=str(tmp_path / "var"),
        PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "src")]),
        PYTHONUNBUFFERED="1",
    )
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
        env["ZHENWEI_DATABASE_URL"] = (
            f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
        )
    else:
        env["ZHENWEI_DATABASE_URL"] = f"sqlite:///{tmp_path / 'tasks.sqlite3'}"
        # The tables the workers use (the task results, core's worker heartbeats) and what they depend
        # on: a second of migrations instead of twenty for the whole project.
        migrate = (
            "from django.core.management import call_command as c; import django; django.setup(); "
            + "; ".join(
                f"c('migrate', {app!r}, interactive=False, verbosity=0)"
                for app in ("core", "django_tasks_database")
            )
        )
        subprocess.run([sys.executable, "-c", migrate], env=env, check=True, timeout=600)  # noqa: S603
    return env


def _run(env, *args) -> str:
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "tests.task_recovery_tasks", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def _worker(env, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "zhenwei.cli",
            "tasks",
            "worker",
            "--interval",
            "0.2",
            "--heartbeat",
            "0.5",
            "--lost-after",
            "5",
            "--recover-every",
            "1",
        ],  # fmt: skip
        env=env,
        cwd=ROOT,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_task_whose_worker_is_killed_is_run_again_once_by_the_next_worker(shared_db, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    runs = work / "runs"
    log = tmp_path / "workers.log"
    task_id = _run(shared_db, "enqueue", str(work))

    first = _worker(shared_db, log)
    try:
        _wait(lambda: runs.exists() and runs.read_text().split(), timeout=60, what="the first run to start")
        assert json.loads(_run(shared_db, "show", task_id))["status"] == "RUNNING"
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
    assert first.returncode == -signal.SIGKILL
    time.sleep(1)
    killed = json.loads(_run(shared_db, "show", task_id))
    # What django-tasks-db leaves behind on its own: RUNNING, claimed by a process that is gone.
    assert killed["status"] == "RUNNING" and len(killed["worker_ids"]) == 1

    (work / "release").touch()
    second = _worker(shared_db, log)
    try:
        done = _wait(
            lambda: (row := json.loads(_run(shared_db, "show", task_id)))["status"] == "SUCCESSFUL" and row,
            timeout=90,
            what="the task to finish on the second worker",
        )
        time.sleep(2)  # a few more polls and recovery passes: nothing runs it a third time
        final = json.loads(_run(shared_db, "show", task_id))
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)
    output = log.read_text(errors="replace")
    assert second.returncode == 0, output
    assert runs.read_text().split() == [runs.read_text().split()[0], str(done["return_value"]["pid"])]
    assert len(runs.read_text().split()) == 2, "run exactly once more"
    assert done["return_value"]["runs"] == 2
    assert (
        final == done and len(final["worker_ids"]) == 2 and final["worker_ids"][0] != final["worker_ids"][1]
    )
    assert "task recovery at start: requeued 1, failed 0" in output, output


# ---- the recovery rules, in process (any database) ---------------------------------------------

BLOCKING = "tests.task_recovery_tasks.wait_for_release"
UNDECLARED = "tests.task_recovery_tasks.not_declared"
VANISHED = "zhenwei.nonexistent.jobs.task"  # its code was removed since it was queued


def _dead_pid() -> int:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])  # noqa: S603
    gone.wait()
    return gone.pid


def _running(task_path: str, worker_ids: list[str], *, started_minutes_ago: float = 1):
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.create(
        args_kwargs={"args": ["/nonexistent"], "kwargs": {}},
        task_path=task_path,
        backend_name="default",
        status="RUNNING",
        worker_ids=worker_ids,
        started_at=timezone.now() - dt.timedelta(minutes=started_minutes_ago),
    )


def _worker_row(worker_id: str, *, pid: int, seen_seconds_ago: float = 0, host: str | None = None):
    import socket

    from django.utils import timezone

    from zhenwei.core.models import TaskWorker

    seen = timezone.now() - dt.timedelta(seconds=seen_seconds_ago)
    return TaskWorker.objects.create(
        worker_id=worker_id,
        hostname=host or socket.gethostname(),
        pid=pid,
        started_at=seen,
        last_seen_at=seen,
    )


@pytest.mark.django_db
def test_recovery_requeues_tasks_of_gone_workers_and_leaves_live_ones_alone():
    from django_tasks_db.models import DBTaskResult

    from zhenwei.core.models import AuditEntry
    from zhenwei.core.task_recovery import tasks_recover

    _worker_row("dead-here", pid=_dead_pid())
    _worker_row("silent-elsewhere", pid=1, seen_seconds_ago=300, host="another-host")
    _worker_row("alive", pid=os.getppid())
    _worker_row("alive-elsewhere", pid=1, seen_seconds_ago=5, host="another-host")
    dead = _running(BLOCKING, ["dead-here"])
    silent = _running(BLOCKING, ["silent-elsewhere"])
    alive = _running(BLOCKING, ["alive"])
    alive_elsewhere = _running(BLOCKING, ["alive-elsewhere"])
    no_heartbeat_old = _running(BLOCKING, ["plain-db-worker"], started_minutes_ago=7 * 60)
    no_heartbeat_young = _running(BLOCKING, ["plain-db-worker"], started_minutes_ago=5)

    summary = tasks_recover(lost_after=dt.timedelta(seconds=60), stale_after=dt.timedelta(hours=6))

    assert sorted(summary.requeued) == sorted(str(t.pk) for t in (dead, silent, no_heartbeat_old))
    status = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert [status[t.pk] for t in (dead, silent, no_heartbeat_old)] == ["READY"] * 3
    assert [status[t.pk] for t in (alive, alive_elsewhere, no_heartbeat_young)] == ["RUNNING"] * 3
    notes = list(
        AuditEntry.objects.filter(model="django_tasks_database.dbtaskresult").values_list("note", flat=True)
    )
    assert len(notes) == 3 and all(n.startswith("重新排队") for n in notes)
    # A second pass finds nothing more to do.
    again = tasks_recover(lost_after=dt.timedelta(seconds=60))
    assert again.requeued == [] and again.failed == []


@pytest.mark.django_db
def test_recovery_fails_tasks_at_the_attempt_limit_and_tasks_not_declared_rerunnable():
    from django_tasks_db.models import DBTaskResult

    from zhenwei.core.task_recovery import tasks_recover

    pid = _dead_pid()
    for wid in ("w1", "w2", "w3"):
        _worker_row(wid, pid=pid)
    third = _running(BLOCKING, ["w1", "w2", "w3"])
    second = _running(BLOCKING, ["w1", "w2"])
    undeclared = _running(UNDECLARED, ["w1"])
    vanished = _running(VANISHED, ["w2"])

    summary = tasks_recover(max_attempts=3)

    assert summary.requeued == [str(second.pk)]
    rows = {r.pk: r for r in DBTaskResult.objects.all()}
    assert rows[second.pk].status == "READY"
    for row, says in (
        (rows[third.pk], "已执行 3 次，达到上限 3 次"),
        (rows[undeclared.pk], "任务未声明可重复执行"),
        (rows[vanished.pk], "任务代码已不存在"),
    ):
        assert row.status == "FAILED" and row.finished_at is not None
        assert row.exception_class_path == "zhenwei.core.task_recovery.WorkerLost"
        assert "执行中断" in row.traceback and says in row.traceback
    assert rows[third.pk].task_result.errors[0].exception_class_path.endswith("WorkerLost")


def test_every_task_of_the_project_has_a_decision_after_worker_loss():
    """A new @task must be added to WORKER_LOSS_POLICY (or declare @rerun_on_worker_loss)."""
    import importlib
    import pkgutil

    from django_tasks.base import Task

    import zhenwei
    from zhenwei.core.task_recovery import WORKER_LOSS_POLICY

    found = set()
    for info in pkgutil.walk_packages(zhenwei.__path__, "zhenwei."):
        if info.name.rsplit(".", 1)[-1] not in {"jobs", "tasks"}:
            continue
        module = importlib.import_module(info.name)
        found |= {f"{info.name}.{n}" for n, v in vars(module).items() if isinstance(v, Task)}
    assert found, "no tasks found: the scan is broken"
    undecided = {
        p
        for p in found
        if p not in WORKER_LOSS_POLICY and not getattr(_task(p).func, "rerun_on_worker_loss", 0)
    }
    assert not undecided, f"tasks without a decision on re-running after a lost worker: {sorted(undecided)}"
    assert set(WORKER_LOSS_POLICY) <= found, "the table names tasks that no longer exist"


def _task(path):
    from django.utils.module_loading import import_string

    return import_string(path)
