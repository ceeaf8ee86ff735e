"""Benchmark: sealing and checking records against the audit trail (issue 14).

Creates N certificates in the database named by ZHENWEI_DATABASE_URL (default: a fresh SQLite file
in a temporary directory, migrated first), seals them with ``audit_seal_records`` (one keyed audit
row each, the import path), then times ``audit_verify_chain`` and ``audit_verify_records`` over
them with tracemalloc's peak. Prints one JSON line.

    .venv/bin/python bench/audit_verify.py --rows 20000
    ZHENWEI_DATABASE_URL=postgres://postgres@127.0.0.1:5432/zw_bench_audit .venv/bin/python bench/audit_verify.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenwei.settings")
if not os.environ.get("ZHENWEI_DATABASE_URL"):
    os.environ["ZHENWEI_VAR_DIR"] = tempfile.mkdtemp(prefix="zw_bench_audit_")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from zhenwei.core.audit import audit_seal_records, audit_verify_chain, audit_verify_records
    from zhenwei.core.models import Division
    from zhenwei.registry.models import Certificate

    division, _ = Division.objects.get_or_create(
        code="990001", defaults={"name": "基准县", "level": "county"}
    )
    start_pk = (Certificate.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    Certificate.objects.bulk_create(
        [
            Certificate(
                number=f"BENCH{start_pk + i:012d}",
                kind="special_operation",
                holder_name="张小三",
                holder_id_number="",
                authority="基准",
                issued_on=dt.date(2024, 5, 1),
                expires_on=dt.date(2030, 5, 1),
                division=division,
            )
            for i in range(args.rows)
        ],
        batch_size=2000,
    )
    pks = list(Certificate.objects.filter(number__startswith="BENCH").values_list("pk", flat=True))
    t0 = time.perf_counter()
    audit_seal_records(actor="bench", model=Certificate, pks=pks, note="bench")
    seal_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    chain = audit_verify_chain()
    chain_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    problems = sum(1 for _ in audit_verify_records(labels=["registry.certificate"]))
    records_s = time.perf_counter() - t0
    tracemalloc.start()  # a second walk for the memory peak (tracemalloc slows Python down)
    sum(1 for _ in audit_verify_records(labels=["registry.certificate"]))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        json.dumps(
            {
                "bench": "audit_verify",
                "vendor": django.db.connection.vendor,
                "records": len(pks),
                "seal_rows_per_s": round(len(pks) / seal_s),
                "chain_rows": chain.checked,
                "chain_rows_per_s": round(chain.checked / chain_s),
                "records_per_s": round(len(pks) / records_s),
                "records_walk_peak_mib": round(peak / 2**20, 1),
                "problems": problems,
            }
        )
    )


if __name__ == "__main__":
    main()
