"""Benchmark: public product verification through the real server against /healthz.

For each code count (default 100,000 and 1,000,000; the issue's target is 10,000,000 on PostgreSQL),
with the servers of all counts running side by side and measured in alternating rounds:
  1. a database holding that many identity codes (PostgreSQL: one INSERT … SELECT generate_series;
     SQLite: one INSERT … WITH RECURSIVE), reused when it already holds them;
  2. ``zhenwei serve --workers 2`` on it, rate limit off (ZHENWEI_VERIFY_RATE_LIMIT=0);
  3. closed-loop throughput of GET /healthz and of GET /api/v1/verify/product/{random code}
     (every request logs a scan event: the measurement includes scan logging), with wrk when it is
     installed, else a threaded Python client;
  4. p99 latency of verification at half the measured verification throughput (open loop, paced,
     latency counted from the scheduled send time, so a stall is not hidden).
Prints one JSON line per code count, then a summary line with the three ratios:
  verify_vs_healthz (target ≥ 0.75), p99_ms at half load (target < 20), large_vs_small (≥ 0.9).

    .venv/bin/python bench/verify_product.py --backend postgres --counts 100000,10000000
    .venv/bin/python bench/verify_product.py --backend sqlite --counts 100000,1000000
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ZHENWEI = str(ROOT / ".venv" / "bin" / "zhenwei")
PG_BASE = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")


def code_of(i: int) -> str:
    """The i-th benchmark code (same formula as the SQL below): unique for i < 67,600,000."""
    return f"{i % 100000:05d}{chr(65 + (i // 100000) % 26)}{chr(65 + (i // 2600000) % 26)}12345ZW"


SQL_CODE_PG = (
    "lpad((i %% 100000)::text, 5, '0') || chr(65 + ((i / 100000) %% 26)::int) "
    "|| chr(65 + ((i / 2600000) %% 26)::int) || '12345ZW'"
)
SQL_CODE_SQLITE = "printf('%%05d', i %% 100000) || char(65 + (i / 100000) %% 26) || char(65 + (i / 2600000) %% 26) || '12345ZW'"

WRK_LUA = """
math.randomseed(os.time())
request = function()
  local i = math.random(0, {n} - 1)
  local code = string.format("%05d%s%s12345ZW", i % 100000, string.char(65 + math.floor(i / 100000) % 26),
                             string.char(65 + math.floor(i / 2600000) % 26))
  return wrk.format("GET", "/api/v1/verify/product/" .. code)
end
"""


def env_for(backend: str, count: int, var_dir: Path) -> dict:
    env = {
        **os.environ,
        "ZHENWEI_VAR_DIR": str(var_dir),
        "ZHENWEI_VERIFY_RATE_LIMIT": "0",
        "ZHENWEI_ENV": "local",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if backend == "postgres":
        env["ZHENWEI_DATABASE_URL"] = f"{PG_BASE}/zw_bench_verify_{count}"
    else:
        env.pop("ZHENWEI_DATABASE_URL", None)
    return env


def run(cmd, env, **kw):
    return subprocess.run(cmd, env=env, check=True, capture_output=True, text=True, **kw)


def populate(backend: str, count: int, env: dict) -> dict:
    """Migrate and fill the database with ``count`` codes unless it already holds them."""
    if backend == "postgres":
        dbname = env["ZHENWEI_DATABASE_URL"].rsplit("/", 1)[1]
        subprocess.run(
            ["psql", PG_BASE + "/postgres", "-qc", f"CREATE DATABASE {dbname}"],
            capture_output=True,
            check=False,
        )
    started = time.perf_counter()
    run([ZHENWEI, "migrate", "-v0"], env)
    script = f"""
import time
from django.db import connection
from zhenwei.catalog.models import ProductCategory
from zhenwei.core.models import Division
from zhenwei.registry.models import IdentityCode, Product
from zhenwei.verify.models import ScanEvent
count = {count}
have = IdentityCode.objects.filter(code__endswith="12345ZW").count()
if have != count:
    IdentityCode.objects.filter(code__endswith="12345ZW").delete()
    division, _ = Division.objects.get_or_create(code="500235", defaults=dict(name="云阳县", level="county", path="/500235/"))
    product, _ = Product.objects.get_or_create(
        category=ProductCategory.objects.get(code="fire-extinguisher"), manufacturer_name="基准测试消防器材有限公司",
        name="手提式干粉灭火器", model="MFZ/ABC4", defaults=dict(division=division, access_kind="ccc",
        access_certificate_no="2026081801000001"))
    started = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET synchronous_commit TO off")
            cursor.execute(
                "INSERT INTO registry_identitycode (code, code_format, product_id, status, created_at, updated_at) "
                "SELECT {SQL_CODE_PG}, 'fire_mark', %s, 'active', now(), now() FROM generate_series(0, %s) AS i",
                [product.pk, count - 1])
            cursor.execute("ANALYZE registry_identitycode")
        else:
            cursor.execute(
                "INSERT INTO registry_identitycode (code, code_format, product_id, status, created_at, updated_at) "
                "WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < %s) "
                "SELECT {SQL_CODE_SQLITE}, 'fire_mark', %s, 'active', datetime('now'), datetime('now') FROM s",
                [count - 1, product.pk])
    print("inserted", count, "in", round(time.perf_counter() - started, 1), "s")
ScanEvent.objects.all().delete()
print("codes", IdentityCode.objects.count())
"""
    out = run([ZHENWEI, "shell", "-c", script], env, timeout=7200).stdout
    return {"populate_s": round(time.perf_counter() - started, 1), "populate_log": out.strip().splitlines()}


def free_port(start: int) -> int:
    """The first port from ``start`` that nothing listens on (another server answering /healthz on a
    taken port would otherwise be measured instead of ours)."""
    import socket

    for port in range(start, start + 200):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port")


class Server:
    def __init__(self, env: dict, port: int):
        self.port = port
        self.proc = subprocess.Popen(
            [ZHENWEI, "serve", "--workers", "2", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(Path(env["ZHENWEI_VAR_DIR"]) / "serve.log", "w"),  # noqa: SIM115
            start_new_session=True,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200 and self.proc.poll() is None:
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("server did not start")

    def stop(self):
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.proc.pid, signal.SIGKILL)


NON_2XX: dict[int, int] = {}


def wrk_rate(port: int, path: str, seconds: int, connections: int, lua: str | None) -> float:
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    script = None
    if lua:
        script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
        script.write(lua)
        script.close()
        cmd += ["-s", script.name]
    cmd.append(f"http://127.0.0.1:{port}{path}")
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    if script:
        os.unlink(script.name)
    for line in out.splitlines():
        if line.startswith("Requests/sec:"):
            rate = float(line.split()[1])
        if "Non-2xx" in line:
            NON_2XX[port] = NON_2XX.get(port, 0) + int(line.split()[-1])
    return rate


def python_rate(port: int, paths, seconds: int, connections: int) -> float:
    """Closed loop with keep-alive connections in threads (fallback when wrk is missing)."""
    stop = time.perf_counter() + seconds
    counts = [0] * connections

    def worker(k: int):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.perf_counter() < stop:
            conn.request("GET", paths())
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(response.status)
            counts[k] += 1

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(connections)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / (time.perf_counter() - start)


def paced_latency(port: int, count: int, rate: float, seconds: int, threads: int = 8) -> dict:
    """Open loop at ``rate`` requests/s; latency from each request's scheduled time."""
    interval = threads / rate
    latencies: list[float] = []
    lock = threading.Lock()
    begin = time.perf_counter() + 0.2

    def worker(k: int):
        rng = random.Random(k)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        local = []
        n = 0
        while True:
            scheduled = begin + k * interval / threads + n * interval
            if scheduled > begin + seconds:
                break
            delay = scheduled - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            conn.request("GET", "/api/v1/verify/product/" + code_of(rng.randrange(count)))
            response = conn.getresponse()
            response.read()
            local.append((time.perf_counter() - scheduled) * 1000)
            n += 1
        with lock:
            latencies.extend(local)

    pool = [threading.Thread(target=worker, args=(k,)) for k in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    latencies.sort()
    return {
        "rate": round(rate, 1),
        "requests": len(latencies),
        "p50_ms": round(statistics.median(latencies), 2),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1], 2),
        "max_ms": round(latencies[-1], 2),
    }


def prepare(backend: str, count: int) -> tuple[dict, dict]:
    var_dir = Path(tempfile.gettempdir()) / f"zw_bench_verify_{backend}_{count}"
    var_dir.mkdir(exist_ok=True)
    env = env_for(backend, count, var_dir)
    return env, {
        "bench": "verify_product",
        "backend": backend,
        "codes": count,
        **populate(backend, count, env),
    }


def closed_loop(port: int, count: int, seconds: int, connections: int, verify: bool) -> float:
    if shutil.which("wrk"):
        lua = WRK_LUA.replace("{n}", str(count)) if verify else None
        return wrk_rate(port, "/" if verify else "/healthz", seconds, connections, lua)
    rng = random.Random(port)
    paths = (
        (lambda: "/api/v1/verify/product/" + code_of(rng.randrange(count)))
        if verify
        else (lambda: "/healthz")
    )
    return python_rate(port, paths, seconds, connections)


def measure_all(
    backend: str, counts: list[int], seconds: int, connections: int, port: int, rounds: int
) -> list[dict]:
    """Servers for every code count run side by side and are measured in alternating short rounds,
    so that load from other processes on the machine falls on all of them alike."""
    prepared = [prepare(backend, count) for count in counts]
    servers = []
    for env, _ in prepared:
        servers.append(Server(env, free_port(servers[-1].port + 1 if servers else port)))
    ports = [server.port for server in servers]
    try:
        for i, count in enumerate(counts):  # warm up
            closed_loop(ports[i], count, 2, connections, False)
            closed_loop(ports[i], count, 2, connections, True)
        samples = {i: {"health": [], "verify": []} for i in range(len(counts))}
        for _ in range(rounds):
            for i, count in enumerate(counts):
                samples[i]["health"].append(closed_loop(ports[i], count, seconds, connections, False))
                samples[i]["verify"].append(closed_loop(ports[i], count, seconds, connections, True))
        results = []
        for i, (_env, result) in enumerate(prepared):
            health = statistics.median(samples[i]["health"])
            verify = statistics.median(samples[i]["verify"])
            pair_ratios = [v / h for h, v in zip(samples[i]["health"], samples[i]["verify"], strict=True)]
            result.update(
                client="wrk" if shutil.which("wrk") else "python-threads",
                rounds=rounds,
                healthz_per_s=round(health, 1),
                verify_per_s=round(verify, 1),
                verify_vs_healthz=round(statistics.median(pair_ratios), 3),
                non_2xx=NON_2XX.get(ports[i], 0),
            )
            results.append(result)
        for i, count in enumerate(counts):
            results[i]["half_load"] = paced_latency(ports[i], count, results[i]["verify_per_s"] / 2, seconds)
        return results
    finally:
        for server in servers:
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--counts", default="100000,1000000", help="small,large code counts")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--port", type=int, default=18765, help="first port to try")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    counts = [int(c) for c in args.counts.split(",")]
    results = measure_all(args.backend, counts, args.seconds, args.connections, args.port, args.rounds)
    for result in results:
        print(json.dumps(result, ensure_ascii=False), flush=True)
    small, large = results[0], results[-1]
    print(
        json.dumps(
            {
                "bench": "verify_product_summary",
                "backend": args.backend,
                "small_codes": small["codes"],
                "large_codes": large["codes"],
                "verify_vs_healthz": large["verify_vs_healthz"],
                "p99_ms_at_half_load": large["half_load"]["p99_ms"],
                "large_vs_small": round(large["verify_per_s"] / small["verify_per_s"], 3),
                "healthz_large_vs_small": round(large["healthz_per_s"] / small["healthz_per_s"], 3),
                "targets": {"verify_vs_healthz": 0.75, "p99_ms_at_half_load": 20, "large_vs_small": 0.9},
            }
        )
    )


if __name__ == "__main__":
    main()
