"""Public rate limits hold exactly across worker processes (docs/security.md, T16, T37).

Two real processes (as gunicorn's workers are) hammer one limit at the same moment through the
limiter the public check uses, on each store the platform uses without Redis (a SQLite file on the
server, ``FileCounterCache``, the default; the database, ``DatabaseCounterCache``). Together they must be allowed exactly the limit,
and every count must be handed out once (no lost increment). With the old per-process cache each
process was allowed the whole limit.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import RequestFactory

from zhenwei.core.ratelimit import count_hit
from zhenwei.security.cache import DatabaseCounterCache, FileCounterCache
from zhenwei.security.models import RateCounter

SRC = Path(__file__).resolve().parents[3]

WORKER = r"""
import json, os, sys
import django
django.setup()
from django.test import RequestFactory
from zhenwei.verify import ratelimit

requests, rate = int(sys.argv[1]), sys.argv[2]
request = RequestFactory().get("/api/v1/verify/product/X", REMOTE_ADDR="203.0.113.7")
# One window for the whole run, whatever the clock says (the limiter's windows only).
FIXED = 1_900_000_000.0
ratelimit.time = type("FrozenClock", (), {"time": staticmethod(lambda: FIXED)})
ratelimit.hit(request, "warm-up", rate_text="1000/d")  # connect before the start line
print("ready", flush=True)
sys.stdin.readline()  # the start line: every worker is connected
allowed = refused = 0
for _ in range(requests):
    try:
        ratelimit.hit(request, "two-workers", rate_text=rate)
        allowed += 1
    except ratelimit.RateLimited:
        refused += 1
print(json.dumps({"allowed": allowed, "refused": refused}))
"""

COUNTER = r"""
import json, sys
import django
django.setup()
from zhenwei.core.ratelimit import count_hit
n = int(sys.argv[1])
count_hit("warm-up", 60)
print("ready", flush=True)
sys.stdin.readline()
print(json.dumps([count_hit("shared-key", 3600) for _ in range(n)]))
"""


def _database_url(tmp_path) -> str:
    """A database both processes can open: PostgreSQL's test database as it is, or for SQLite (whose
    test database lives in memory) a file holding the counter table."""
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    path = tmp_path / "shared.sqlite3"
    with connection.schema_editor(collect_sql=True) as editor:
        editor.create_model(RateCounter)
    db = sqlite3.connect(path)
    for statement in editor.collected_sql:
        db.execute(statement)
    db.execute("PRAGMA journal_mode=WAL")
    db.commit()
    db.close()
    return f"sqlite:///{path}"


def _run_together(tmp_path, store: str, script: str, args: list[str], processes: int = 2) -> list:
    env = {
        **os.environ,
        "PYTHONPATH": str(SRC),
        "DJANGO_SETTINGS_MODULE": "zhenwei.settings.test",
        "ZHENWEI_DATABASE_URL": _database_url(tmp_path),
        "ZHENWEI_REDIS_URL": "",
        "ZHENWEI_RATELIMIT_STORE": store,
        "ZHENWEI_VAR_DIR": str(tmp_path / "var"),
    }
    workers = [
        subprocess.Popen(  # noqa: S603 - our own interpreter and script
            [sys.executable, "-c", script, *args],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    # The start line once every worker has started Django and connected: they then hit together.
    for worker in workers:
        line = worker.stdout.readline()
        if line.strip() != "ready":
            worker.kill()
            raise AssertionError(f"worker did not start: {line!r} {worker.stderr.read()[-2000:]}")
    for worker in workers:
        worker.stdin.write("go\n")
        worker.stdin.flush()
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err[-2000:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


STORES = ["file", "database"]


@pytest.mark.parametrize("store", STORES)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the convention: restore migrated rows
def test_two_worker_processes_share_one_limit_exactly(tmp_path, store):
    results = _run_together(tmp_path, store, WORKER, ["40", "25/d"])
    assert sum(r["allowed"] for r in results) == 25, results
    assert sum(r["refused"] for r in results) == 2 * 40 - 25


@pytest.mark.parametrize("store", STORES)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the convention: restore migrated rows
def test_concurrent_increments_are_never_lost(tmp_path, store):
    results = _run_together(tmp_path, store, COUNTER, ["150"])
    counts = sorted(results[0] + results[1])
    assert counts == list(range(1, 301))  # each count handed out once: no lost update


@pytest.mark.parametrize("store", STORES)
@pytest.mark.django_db
def test_two_store_instances_see_one_counter_and_windows_expire(monkeypatch, tmp_path, store):
    """Two client instances, as two workers hold them, on one store."""
    if store == "file":
        first, second = (FileCounterCache(str(tmp_path / "rl.sqlite3"), {}) for _ in range(2))
    else:
        first, second = DatabaseCounterCache("", {}), DatabaseCounterCache("", {})
    assert [first.incr_window("k", 60), second.incr_window("k", 60), first.incr_window("k", 60)] == [1, 2, 3]
    assert second.get("k") == 3
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 61)
    assert first.get("k") is None and second.incr_window("k", 60) == 1  # a new window starts at 1
    # The cache API the limiters' Redis path uses behaves the same on this store.
    assert first.add("a", 0, 30) and not second.add("a", 5, 30)
    assert first.incr("a") == 1 and second.incr("a", 2) == 3
    with pytest.raises(ValueError):
        first.incr("missing")


@pytest.mark.django_db
def test_the_public_limiters_count_on_the_shared_store(settings):
    settings.VERIFY_RATE_LIMIT = "2/m"
    from zhenwei.verify import ratelimit

    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.4")
    ratelimit.hit(request)
    ratelimit.hit(request)
    with pytest.raises(ratelimit.RateLimited):
        ratelimit.hit(request)
    assert RateCounter.objects.filter(key__contains="198.51.100.0/24", value=3).exists()
    assert count_hit("tips-probe", 60) == 1
    caches["ratelimit"].clear()
    assert not RateCounter.objects.exists()
