"""Benchmark: the enterprise bulk certificate check (逐人逐证核查) on 10,000 rows.

Creates N certificates in the database named by ZHENWEI_DATABASE_URL (default: a fresh SQLite
file in a temporary directory, migrated first), writes an N-row CSV staff list (most rows valid,
some expired, mismatched or unknown), and times ``bulk_check`` end to end: reading the file,
batched lookups, verdicts and writing the result XLSX. Prints one JSON line.

    .venv/bin/python bench/verify_bulk.py --rows 10000
    ZHENWEI_DATABASE_URL=postgres://postgres@127.0.0.1:5432/zw_bench_bulk .venv/bin/python bench/verify_bulk.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenwei.settings")
if not os.environ.get("ZHENWEI_DATABASE_URL"):
    os.environ["ZHENWEI_VAR_DIR"] = tempfile.mkdtemp(prefix="zw_bench_bulk_")

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from zhenwei.core.models import Division
    from zhenwei.core.text import normalize
    from zhenwei.core.validators import id_number_check_char
    from zhenwei.registry.models import Certificate
    from zhenwei.registry.validators import holder_id_hash
    from zhenwei.verify.bulk import bulk_check

    division, _ = Division.objects.get_or_create(
        code="500235", defaults={"name": "云阳县", "level": "county", "path": "/500235/"}
    )
    people = []
    for n in range(args.rows):
        first17 = f"500235{1960 + n % 40}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
        name = SURNAMES[n % len(SURNAMES)] + GIVEN[(n // 7) % len(GIVEN)] + GIVEN[(n // 3) % len(GIVEN)]
        people.append((f"TB{n:08d}", name, first17 + id_number_check_char(first17)))
    Certificate.objects.filter(number__startswith="TB").delete()
    certs = [
        Certificate(
            number=number,
            kind="special_operation",
            operation_category="电工作业",
            operation_item="低压电工作业",
            holder_name=name,
            holder_name_normalized=normalize(name),
            holder_id_number=id_number,
            holder_id_hash=holder_id_hash(id_number),
            authority="重庆市云阳县应急管理局",
            issued_on=dt.date(2022, 1, 1),
            expires_on=dt.date(2028, 1, 1) if n % 20 else dt.date(2025, 1, 1),
            division=division,
        )
        for n, (number, name, id_number) in enumerate(people)
    ]
    Certificate.objects.bulk_create(certs, batch_size=2000)
    lines = ["姓名,身份证号,证书编号"]
    for n, (number, name, id_number) in enumerate(people):
        if n % 50 == 1:
            name = "冒名" + name  # mismatch
        if n % 70 == 2:
            number = f"TX{n:08d}"  # unknown
        lines.append(f"{name},{id_number},{number}")
    data = ("\n".join(lines) + "\n").encode("utf-8")

    start = time.perf_counter()
    result = bulk_check(upload=SimpleUploadedFile("staff.csv", data), actor="bench")
    elapsed = time.perf_counter() - start
    from openpyxl import load_workbook

    rows_back = (
        sum(1 for _ in load_workbook(io.BytesIO(result.xlsx), read_only=True)["核查结果"].iter_rows()) - 1
    )
    Certificate.objects.filter(number__startswith="TB").delete()
    print(
        json.dumps(
            {
                "bench": "verify_bulk",
                "database": django.db.connection.vendor,
                "rows": args.rows,
                "rows_in_result": rows_back,
                "seconds": round(elapsed, 3),
                "rows_per_s": round(args.rows / elapsed),
                "verdicts": dict(result.counts),
                "target_seconds": 60,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
