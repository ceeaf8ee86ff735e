"""Benchmark: CPU per request of the public product check through the WSGI application, in one process.

bench/verify_product.py and bench/load_verify.py measure throughput through `zhenwei serve`, which a
busy machine disturbs; this one counts the process CPU (``time.process_time``: every thread, so the
scan log's writer too) that ``settings.WSGI_APPLICATION`` spends per request, with no server and no
client in the way:
  * ``GET /api/v1/verify/product/{random code}`` anonymous (the public check's fast path);
  * the same with a session cookie (the whole middleware stack and DRF; no such session exists);
  * ``GET /healthz`` (the floor every answer pays).
Data: a throw-away SQLite database (migrated, N codes of one product) in a temporary directory;
rate limit off; scan events written in the request (SCAN_LOG_FLUSH_MS=0), so each check's insert
is counted. Median of --rounds rounds of --requests requests each. Prints one JSON line.

    .venv/bin/python bench/verify_cpu.py --codes 20000 --requests 2000
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
_tmp = tempfile.mkdtemp(prefix="zw_bench_verify_cpu_")
os.environ.update(
    DJANGO_SETTINGS_MODULE="zhenwei.settings",
    ZHENWEI_DATABASE_URL=f"sqlite:///{_tmp}/bench.sqlite3",
    ZHENWEI_VERIFY_RATE_LIMIT="0",
    ZHENWEI_SCAN_LOG_FLUSH_MS="0",
    ZHENWEI_LOG_LEVEL="WARNING",
    ZHENWEI_REDIS_URL="",
)


def code_of(i: int) -> str:
    return f"{i % 100000:05d}{chr(65 + (i // 100000) % 26)}{chr(65 + (i // 2600000) % 26)}12345ZW"


def populate(count: int) -> None:
    from django.core.management import call_command

    from zhenwei.catalog.models import ProductCategory
    from zhenwei.core.models import Division
    from zhenwei.registry.models import IdentityCode, Product

    call_command("migrate", verbosity=0)
    division, _ = Division.objects.get_or_create(
        code="500235", defaults={"name": "云阳县", "level": "county", "path": "/500235/"}
    )
    product = Product.objects.create(
        category=ProductCategory.objects.get(code="fire-extinguisher"),
        manufacturer_name="基准测试消防器材有限公司",
        name="手提式干粉灭火器",
        model="MFZ/ABC4",
        division=division,
        access_kind="ccc",
        access_certificate_no="2026081801000001",
    )
    IdentityCode.objects.bulk_create(
        [
            IdentityCode(code=code_of(i), code_format="fire_mark", product=product, status="active")
            for i in range(count)
        ],
        batch_size=2000,
    )


def environ(path: str, i: int, cookie: str = "") -> dict:
    env = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": f"10.{i % 200}.{i // 200 % 200}.9",
        "HTTP_USER_AGENT": "Mozilla/5.0 (iPhone) Mobile",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
    }
    if cookie:
        env["HTTP_COOKIE"] = cookie
    return env


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--codes", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    import django

    django.setup()
    from django.core.servers.basehttp import get_internal_wsgi_application

    populate(args.codes)
    app = get_internal_wsgi_application()
    statuses: dict[str, int] = {}

    def start_response(status, headers, exc_info=None):
        statuses[status] = statuses.get(status, 0) + 1

    def cpu_per_request(make_env) -> float:
        envs = [make_env(i) for i in range(args.requests)]
        start = time.process_time()
        for env in envs:
            result = app(env, start_response)
            b"".join(result)
            getattr(result, "close", lambda: None)()
        return (time.process_time() - start) / args.requests * 1e6

    rng = random.Random(7)
    kinds = {
        "verify": lambda i: environ("/api/v1/verify/product/" + code_of(rng.randrange(args.codes)), i),
        "verify_with_session_cookie": lambda i: environ(
            "/api/v1/verify/product/" + code_of(rng.randrange(args.codes)), i, "sessionid=bench-none"
        ),
        "healthz": lambda i: environ("/healthz", i),
    }
    for make_env in kinds.values():  # warm up: imports, prepared statements, caches
        envs = [make_env(i) for i in range(200)]
        for env in envs:
            b"".join(app(env, start_response))
    samples: dict[str, list[float]] = {name: [] for name in kinds}
    for _ in range(args.rounds):
        for name, make_env in kinds.items():
            samples[name].append(cpu_per_request(make_env))
    result = {
        "bench": "verify_cpu",
        "codes": args.codes,
        "requests": args.requests,
        "rounds": args.rounds,
        **{f"{name}_cpu_us": round(statistics.median(values), 1) for name, values in samples.items()},
        "statuses": statuses,
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
