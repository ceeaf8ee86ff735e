"""Benchmark: CPU per counted request of the public rate limiter, per counter store.

Runs ``zhenwei.verify.ratelimit.hit()`` (what every public check does first) N times in one process
on each store and prints one JSON line per store: process CPU µs and wall µs per call.
``locmem`` is the old per-process store (fast but multiplied by the number of workers); ``file``
the default without Redis (a SQLite file on the server's disk); ``database`` the project database
(``--pg URL`` adds PostgreSQL; the counter table is created there if missing and dropped after);
``redis`` when ``--redis URL`` is given.

    .venv/bin/python bench/ratelimit_store.py --pg postgres://postgres@127.0.0.1:5432/h2 --redis redis://127.0.0.1:6379/9
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, os, sys, time
import django
from django.conf import settings
django.setup()
from django.db import connection
from django.test import RequestFactory, override_settings
from zhenwei.security.models import RateCounter
from zhenwei.verify import ratelimit

store, n = sys.argv[1], int(sys.argv[2])
created = False
if store.startswith("database"):
    tables = connection.introspection.table_names()
    if RateCounter._meta.db_table not in tables:
        with connection.schema_editor() as editor:
            editor.create_model(RateCounter)
            if connection.vendor == "postgresql":  # as migration security.0001 does
                editor.execute(f"ALTER TABLE {RateCounter._meta.db_table} SET UNLOGGED")
        created = True
overrides = {}
if store == "locmem":
    overrides = {"CACHES": {"default": settings.CACHES["default"],
                 "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rl"}}}
if store == "redis":
    overrides = {"CACHES": {"default": settings.CACHES["default"],
                 "ratelimit": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                               "LOCATION": os.environ["BENCH_REDIS"], "KEY_PREFIX": "bench-rl"}}}
with override_settings(**overrides):
    requests = [RequestFactory().get("/", REMOTE_ADDR=f"10.{i % 200}.{i // 200 % 200}.9") for i in range(500)]
    for r in requests:
        ratelimit.hit(r, "bench", rate_text="1000000/m")  # warm up: connections, statements
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for i in range(n):
        ratelimit.hit(requests[i % 500], "bench", rate_text="1000000/m")
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
if created:
    with connection.schema_editor() as editor:
        editor.delete_model(RateCounter)
print(json.dumps({"store": store, "calls": n, "cpu_us_per_call": round(cpu / n * 1e6, 1),
                  "wall_us_per_call": round(wall / n * 1e6, 1)}))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=5000)
    parser.add_argument("--pg", default="")
    parser.add_argument("--redis", default="")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="zw-rl-bench-"))
    runs = [
        ("locmem", f"sqlite:///{tmp / 'db.sqlite3'}", "file"),
        ("file", f"sqlite:///{tmp / 'db.sqlite3'}", "file"),
        ("database-sqlite", f"sqlite:///{tmp / 'db.sqlite3'}", "database"),
    ]
    if args.pg:
        runs.append(("database-postgres", args.pg, "database"))
    if args.redis:
        runs.append(("redis", f"sqlite:///{tmp / 'db.sqlite3'}", "file"))
    for name, url, store in runs:
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT / "src"),
            "DJANGO_SETTINGS_MODULE": "zhenwei.settings",
            "ZHENWEI_DATABASE_URL": url,
            "ZHENWEI_RATELIMIT_STORE": store,
            "ZHENWEI_VAR_DIR": str(tmp / "var"),
            "ZHENWEI_REDIS_URL": "",
            "BENCH_REDIS": args.redis,
        }
        out = subprocess.run(
            [sys.executable, "-c", CHILD, name, str(args.n)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        print(out.stdout.strip().splitlines()[-1], flush=True)


if __name__ == "__main__":
    main()
