"""Helpers for the fault and load scripts (bench/load_*.py): a PostgreSQL database with the demo
data, `zhenwei serve` processes, and a small HTTP load generator. Traffic goes to 127.0.0.1 only,
every loop is bounded in time, and every server started here is stopped by its process group."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ZHENWEI = str(ROOT / ".venv" / "bin" / "zhenwei")
PG_BASE = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")


def emit(result: dict) -> None:
    print(json.dumps(result, ensure_ascii=False), flush=True)


def pg(sql: str, db: str = "postgres", fetch: bool = False):
    import psycopg

    with psycopg.connect(
        f"{PG_BASE.replace('postgres://', 'postgresql://', 1)}/{db}", autocommit=True
    ) as conn:
        cur = conn.execute(sql)
        return cur.fetchall() if fetch else None


def base_env(db: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZHENWEI_", "DJANGO_"))}
    env.update(
        ZHENWEI_ENV="local",
        ZHENWEI_DATABASE_URL=f"{PG_BASE}/{db}",
        ZHENWEI_VAR_DIR=f"/tmp/{db}",
        ZHENWEI_LOG_LEVEL="WARNING",
        ZHENWEI_OTP_REQUIRED="false",
    )
    env.update(extra)
    return env


def fresh_database(db: str, *, reuse: bool = True) -> dict[str, str]:
    """A PostgreSQL database with migrations and the demo data (reused when it already has them)."""
    env = base_env(db)
    exists = pg(f"SELECT 1 FROM pg_database WHERE datname = '{db}'", fetch=True)
    if exists and reuse:
        try:
            if pg("SELECT count(*) FROM core_user", db=db, fetch=True)[0][0] > 0:
                subprocess.run([ZHENWEI, "migrate", "--noinput", "-v0"], env=env, check=True)
                return env
        except Exception:  # noqa: BLE001 - half-made database: make it again
            pass
    if exists:
        pg(f'DROP DATABASE "{db}" WITH (FORCE)')
    pg(f'CREATE DATABASE "{db}"')
    subprocess.run([ZHENWEI, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run([ZHENWEI, "demo", "load"], env=env, check=True, stdout=subprocess.DEVNULL)
    return env


class Server:
    """`zhenwei serve` in its own process group, stopped on exit."""

    def __init__(self, env: dict[str, str], port: int, workers: int = 2, threads: int = 4):
        self.port = port
        self.proc = subprocess.Popen(
            [
                ZHENWEI,
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(workers),
                "--threads",
                str(threads),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(f"/tmp/zw_bench_server_{port}.log", "w"),  # noqa: SIM115
            start_new_session=True,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if get(port, "/healthz", timeout=2)[0] == 200:
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"server on port {port} did not start (see /tmp/zw_bench_server_{port}.log)")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def get(
    port: int,
    path: str,
    *,
    timeout: float = 10,
    headers: dict | None = None,
    method: str = "GET",
    body: bytes | None = None,
):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        conn.close()


def closed_loop(
    port: int, path_for, *, seconds: float, threads: int, timeout: float = 10, headers_for=None
) -> dict:
    """`threads` clients sending back to back for `seconds`; statuses, throughput, latencies."""
    statuses: Counter = Counter()
    latencies: list[float] = []
    lock = threading.Lock()
    stop_at = time.time() + seconds

    def worker(n: int):
        i = 0
        while time.time() < stop_at:
            i += 1
            started = time.perf_counter()
            try:
                status = get(
                    port, path_for(n, i), timeout=timeout, headers=headers_for(n, i) if headers_for else None
                )[0]
            except TimeoutError:
                status = "timeout"
            except OSError as exc:
                status = f"error:{type(exc).__name__}"
            elapsed = time.perf_counter() - started
            with lock:
                statuses[status] += 1
                latencies.append(elapsed)

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    latencies.sort()
    total = sum(statuses.values())
    return {
        "requests": total,
        "per_second": round(total / seconds, 1),
        "statuses": {str(k): v for k, v in statuses.items()},
        "p50_ms": round(latencies[len(latencies) // 2] * 1000, 1) if latencies else None,
        "p99_ms": round(latencies[int(len(latencies) * 0.99)] * 1000, 1) if latencies else None,
        "max_ms": round(latencies[-1] * 1000, 1) if latencies else None,
    }


def python() -> str:
    return sys.executable
