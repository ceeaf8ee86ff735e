"""Fault: PostgreSQL restarted while the server is under load.

`zhenwei serve` on PostgreSQL (CONN_HEALTH_CHECKS on) under a closed loop of database-backed
requests (public product verification); after a few seconds PostgreSQL is restarted with
`pg_ctlcluster --skip-systemctl-redirect <version> <cluster> restart`. By default the script makes
and uses a cluster of its own ("zwfault" on port 5440), so that restarting it disturbs nobody else's
databases on the machine; `--cluster main --port 5432` restarts the main one. The server must recover by
itself, without a restart, and answer errors meanwhile rather than hang: no request may take
longer than the client timeout, and 200s must come back within a few seconds of PostgreSQL.

Prints one JSON line. `make faults` runs it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import threading
import time
from collections import Counter

import load_common
from load_common import Server, emit, fresh_database, get, pg


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="zw_bench_load")
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--restart-at", type=float, default=8)
    parser.add_argument("--timeout", type=float, default=15)
    parser.add_argument("--cluster", default="zwfault")
    parser.add_argument("--port", type=int, default=5440)
    args = parser.parse_args()

    version = sorted(os.listdir("/etc/postgresql"))[-1]
    if args.cluster != "main":
        if not os.path.isdir(f"/etc/postgresql/{version}/{args.cluster}"):
            subprocess.run(
                [
                    "pg_createcluster",
                    version,
                    args.cluster,
                    "-p",
                    str(args.port),
                    "--",
                    "--auth-host=trust",
                    "--auth-local=trust",
                ],
                check=True,
                capture_output=True,
            )
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, args.cluster, "start"],
            capture_output=True,
        )
    load_common.PG_BASE = f"postgres://postgres@127.0.0.1:{args.port}"
    env = fresh_database(args.db)
    codes = [
        r[0]
        for r in pg("SELECT code FROM registry_identitycode ORDER BY id LIMIT 20", db=args.db, fetch=True)
    ]
    timeline: list[tuple[float, object, float]] = []
    lock = threading.Lock()

    with Server({**env, "ZHENWEI_VERIFY_RATE_LIMIT": "0"}, port=8141):
        started = time.time()  # the clock starts once the server answers
        stop_at = started + args.seconds

        def worker(n: int):
            i = 0
            while time.time() < stop_at:
                i += 1
                t0 = time.time()
                try:
                    status = get(
                        8141, f"/api/v1/verify/product/{codes[(n + i) % len(codes)]}", timeout=args.timeout
                    )[0]
                except TimeoutError:
                    status = "timeout"
                except OSError as exc:
                    status = f"error:{type(exc).__name__}"
                with lock:
                    timeline.append((t0 - started, status, time.time() - t0))
                if status != 200:
                    time.sleep(0.05)

        pool = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
        for t in pool:
            t.start()
        time.sleep(args.restart_at)
        restart_began = time.time() - started
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, args.cluster, "restart"], check=True
        )
        restart_done = time.time() - started
        for t in pool:
            t.join()

    before = [s for t, s, _ in timeline if t < restart_began]
    during_after = [(t, s, d) for t, s, d in timeline if t >= restart_began]
    first_ok_after = next((t for t, s, _ in sorted(during_after) if s == 200 and t >= restart_done), None)
    statuses = Counter(str(s) for _, s, _ in timeline)
    result = {
        "bench": "load_pg_restart",
        "postgresql": f"{version}/{args.cluster}",
        "restart_began_s": round(restart_began, 2),
        "restart_done_s": round(restart_done, 2),
        "requests": len(timeline),
        "statuses": dict(statuses),
        "ok_before": sum(1 for s in before if s == 200),
        "errors_during": sum(1 for _, s, _ in during_after if s != 200),
        "recovered_after_s": round(first_ok_after - restart_done, 2) if first_ok_after else None,
        "ok_after_recovery": sum(
            1 for t, s, _ in during_after if s == 200 and first_ok_after and t >= first_ok_after
        ),
        "max_latency_s": round(max(d for _, _, d in timeline), 2),
        "hung": statuses.get("timeout", 0),
    }
    result["ok"] = bool(
        first_ok_after is not None and result["hung"] == 0 and result["recovered_after_s"] < 10
    )
    emit(result)


if __name__ == "__main__":
    main()
