"""Benchmark: `zhenwei import product-codes` against a raw COPY of the same file.

Generates N product-code rows (default 1,000,000) into a CSV, then on the PostgreSQL database named
by ZHENWEI_DATABASE_URL measures, in the same run:
  * baseline: COPY of the file (client-side, CSV with header) into an unindexed table of text columns;
  * import:   the real import (parse, validate, resolve products and batches, upsert) into an empty
              registry_identitycode table;
  * reimport: the same file again (idempotent: every row unchanged).
Prints one JSON line with rows/s for each and ratio = import / baseline (target ≥ 0.3).

    ZHENWEI_DATABASE_URL=postgres://postgres@127.0.0.1:5432/zw_bench_import \\
        .venv/bin/python bench/import_product_codes.py --rows 1000000
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenwei.settings")

HEADER = "code,category,product_name,model,manufacturer,manufacturer_uscc,certificate_no,batch,status\n"
CATEGORIES = ["灭火器", "灭火毯", "逃生缓降器", "消防应急照明灯具", "独立式火灾探测报警器"]
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def fire_mark(n: int) -> str:
    a = LETTERS[n % 24] + LETTERS[(n // 24) % 24]
    b = LETTERS[(n // 576) % 24] + LETTERS[(n // 13824) % 24]
    return f"{n % 100000:05d}{a}{(n // 100000) % 100000:05d}{b}"


def generate(path: Path, rows: int, products: int) -> None:
    from zhenwei.core.validators import uscc_check_char

    makers = []
    for m in range(products):
        first17 = f"91500235{m + 1:09d}"
        makers.append((f"云阳县第{m + 1}消防器材有限公司", first17 + uscc_check_char(first17)))
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(HEADER)
        chunk = []
        for i in range(rows):
            m = i % products
            name, uscc = makers[m]
            status = "active" if i % 50 else "revoked"
            chunk.append(
                f"{fire_mark(i)},{CATEGORIES[m % 5]},产品{m},MFZ/ABC{m},{name},{uscc},"
                f"CCCF2026{m:06d},B2026{(i // 10000) % 12:02d},{status}\n"
            )
            if len(chunk) >= 10000:
                out.write("".join(chunk))
                chunk = []
        out.write("".join(chunk))


def _officer(county):
    """An officer of the county's market department: imports as this user check scope per batch."""
    from zhenwei.core.choices import Role
    from zhenwei.core.models import Department, DepartmentKind, Membership, User

    kind, _ = DepartmentKind.objects.get_or_create(code="market", defaults={"name": "市场监管"})
    dept, _ = Department.objects.get_or_create(name="云阳县市场监督管理局", kind=kind, division=county)
    user, _ = User.objects.get_or_create(username="bench_import_officer")
    Membership.objects.get_or_create(user=user, department=dept, defaults={"role": Role.OFFICER})
    return user


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--products", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=None)
    parser.add_argument(
        "--as-officer",
        action="store_true",
        help="import as an officer of 云阳县 (the per-batch scope check runs) instead of the system actor",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from zhenwei.core.models import Division
    from zhenwei.registry.imports.product_codes import import_product_codes
    from zhenwei.registry.models import IdentityCode, Product, ProductBatch

    if connection.vendor != "postgresql":
        raise SystemExit("set ZHENWEI_DATABASE_URL to a PostgreSQL database (the baseline is COPY)")
    call_command("migrate", verbosity=0)
    cq, _ = Division.objects.get_or_create(
        code="500000", defaults={"name": "重庆市", "level": "province", "path": "/500000/"}
    )
    county, _ = Division.objects.get_or_create(
        code="500235", defaults={"name": "云阳县", "level": "county", "parent": cq, "path": "/500000/500235/"}
    )
    actor = _officer(county) if args.as_officer else None
    table = IdentityCode._meta.db_table

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "codes.csv"
        t0 = time.perf_counter()
        generate(path, args.rows, args.products)
        generate_s = time.perf_counter() - t0

        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS bench_raw_codes")
            cursor.execute(
                "CREATE TABLE bench_raw_codes (code text, category text, product_name text, model text, "
                "manufacturer text, manufacturer_uscc text, certificate_no text, batch text, status text)"
            )
            cursor.execute(f"TRUNCATE {table} CASCADE")
            Product.objects.all().delete() if not ProductBatch.objects.exists() else None
        connection.commit() if not connection.get_autocommit() else None

        t0 = time.perf_counter()
        with connection.cursor() as cursor, open(path, "rb") as handle:
            with cursor.cursor.copy("COPY bench_raw_codes FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
                while block := handle.read(1 << 20):
                    copy.write(block)
        copy_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        summary = import_product_codes(path=path, batch_size=args.batch_size, actor=actor)
        import_s = time.perf_counter() - t0
        assert summary.created == args.rows and summary.rejected == 0, summary.line()

        t0 = time.perf_counter()
        again = import_product_codes(path=path, batch_size=args.batch_size, actor=actor)
        reimport_s = time.perf_counter() - t0
        assert again.unchanged == args.rows and again.created == 0, again.line()

        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE bench_raw_codes")

    print(
        json.dumps(
            {
                "bench": "import_product_codes",
                "rows": args.rows,
                "actor": "officer" if args.as_officer else "system",
                "file_mb": round(os.path.getsize(path) / 1e6, 1) if path.exists() else None,
                "generate_s": round(generate_s, 2),
                "copy_s": round(copy_s, 2),
                "import_s": round(import_s, 2),
                "reimport_s": round(reimport_s, 2),
                "copy_rows_per_s": round(args.rows / copy_s),
                "import_rows_per_s": round(args.rows / import_s),
                "reimport_rows_per_s": round(args.rows / reimport_s),
                "ratio": round(copy_s / import_s, 3),
                "target_ratio": 0.3,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
