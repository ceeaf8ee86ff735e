"""Load: the public verification endpoint at twice its measured capacity for 60 s.

1. a PostgreSQL database with the demo data; `zhenwei serve` (2 workers × 4 threads) with Redis;
2. capacity: closed loop for 15 s, rate limit off, clients spread over 1,000 /24 networks
   (X-Forwarded-For from a trusted proxy at 127.0.0.1, as behind nginx);
3. overload: an open loop paced at twice that capacity for 60 s with the production rate limit on
   (ZHENWEI_VERIFY_RATE_LIMIT, default 60/m per network) over 1,000 networks (each far below its
   limit: the overload is real); the client plays nginx and stamps X-Request-Start, so requests
   that queued too long are shed with 503 (ZHENWEI_MAX_QUEUE_MS); every answer must be 200, 429
   or 503 and none may time out;
4. the scan events stored during the run must equal the 200 answers (each genuine check is logged
   once, none is lost, none is logged for a refused request).

Prints one JSON line. `make load` runs it.
"""

from __future__ import annotations

import argparse
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from load_common import REDIS_URL, Server, closed_loop, emit, fresh_database, get, pg


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="zw_bench_load")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--capacity-seconds", type=float, default=15)
    parser.add_argument("--rate-limit", default="60/m")
    parser.add_argument("--networks", type=int, default=1000)
    args = parser.parse_args()

    env = fresh_database(args.db)
    codes = [
        r[0]
        for r in pg("SELECT code FROM registry_identitycode ORDER BY id LIMIT 50", db=args.db, fetch=True)
    ]
    if not codes:
        raise SystemExit("no identity codes in the demo data")
    env.update(ZHENWEI_REDIS_URL=REDIS_URL, ZHENWEI_TRUSTED_PROXIES="127.0.0.1")

    def path_for(n, i):
        return f"/api/v1/verify/product/{codes[(n + i) % len(codes)]}"

    def xff(n, i):
        k = (n * 7919 + i) % args.networks
        return {"X-Forwarded-For": f"10.{k // 256}.{k % 256}.9"}

    with Server({**env, "ZHENWEI_VERIFY_RATE_LIMIT": "0"}, port=8131) as _server:
        capacity = closed_loop(8131, path_for, seconds=args.capacity_seconds, threads=16, headers_for=xff)
    rate = max(1.0, capacity["statuses"].get("200", 0) / args.capacity_seconds)

    before = pg("SELECT count(*) FROM verify_scanevent", db=args.db, fetch=True)[0][0]
    statuses: Counter = Counter()
    latencies: list[float] = []
    lock = threading.Lock()
    offered = 2 * rate
    with Server({**env, "ZHENWEI_VERIFY_RATE_LIMIT": args.rate_limit}, port=8132):

        def one(i: int, due: float):
            # The load generator plays nginx: X-Forwarded-For and the time the request arrived.
            headers = {**xff(i, 0), "X-Request-Start": f"t={due:.3f}"}
            try:
                status = get(8132, path_for(i, i), timeout=10, headers=headers)[0]
            except TimeoutError:
                status = "timeout"
            except OSError as exc:
                status = f"error:{type(exc).__name__}"
            with lock:
                statuses[status] += 1
                latencies.append(time.time() - due)

        started = time.time()
        with ThreadPoolExecutor(max_workers=64) as pool:
            i = 0
            while (now := time.time()) < started + args.seconds:
                due = started + i / offered
                if due > now:
                    time.sleep(due - now)
                pool.submit(one, i, due)
                i += 1
        time.sleep(2)  # scan rows written after the answer (none expected) get counted too
    after = pg("SELECT count(*) FROM verify_scanevent", db=args.db, fetch=True)[0][0]
    ok_statuses = {"200", "429", "503"}
    result = {
        "bench": "load_verify",
        "capacity_per_second": round(rate, 1),
        "capacity_run": capacity,
        "offered_per_second": round(offered, 1),
        "seconds": args.seconds,
        "rate_limit": args.rate_limit,
        "networks": args.networks,
        "statuses": {str(k): v for k, v in statuses.items()},
        "scan_events_stored": after - before,
        "answers_200": statuses.get(200, 0),
        "p50_s_from_arrival": round(sorted(latencies)[len(latencies) // 2], 3) if latencies else None,
        "max_s_from_arrival": round(max(latencies), 3) if latencies else None,
        "max_queue_ms": env.get("ZHENWEI_MAX_QUEUE_MS", "3000 (default)"),
    }
    result["only_200_429_503"] = all(str(k) in ok_statuses for k in statuses)
    result["scans_equal_200s"] = result["scan_events_stored"] == result["answers_200"]
    result["ok"] = result["only_200_429_503"] and result["scans_equal_200s"]
    emit(result)


if __name__ == "__main__":
    main()
