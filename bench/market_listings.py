"""Benchmark: `zhenwei import listings` (parse, validate, upsert, check every listing, open seller clues)
against a plain bulk insert of the same listings, on the database named by ZHENWEI_DATABASE_URL.

Generates N listings (default 50,000; 2 % of sellers suspicious: unknown certificate numbers, an
eliminated product, prices far below the median), then measures in the same run:
  * baseline: Listing.objects.bulk_create of prebuilt rows in batches of 500 (no parsing, no checks);
  * import:   the real importer into an empty table;
  * reimport: the same file again (every row unchanged, no second clue).
Prints one JSON line with rows/s, ratio = baseline_s / import_s and the import's peak Python memory
(tracemalloc, with --memory), which stays flat as N grows because the file is streamed.

    ZHENWEI_DATABASE_URL=postgres://postgres@127.0.0.1:5432/zw_bench_market \\
        .venv/bin/python bench/market_listings.py --rows 50000
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenwei.settings")

TITLES = [
    ("手提式干粉灭火器 4kg MFZ/ABC4", 95),
    ("过滤式消防自救呼吸器 TZL30", 46),
    ("独立式光电感烟火灾探测报警器", 39),
    ("消防应急照明灯 双头应急灯", 62),
    ("消防水带 65型 20米", 135),
]


def generate(path: Path, rows: int) -> None:
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("platform,shop,seller_id,title,price,claimed_code,url,time,division_code\n")
        for i in range(rows):
            seller = i // 20
            title, price = TITLES[i % len(TITLES)]
            code = ""
            if seller % 50 == 7:  # a suspicious seller
                code = f"20260818{i:08d}"
                if i % 3 == 0:
                    title, price = "1211灭火器 库存", 40
                elif i % 3 == 1:
                    price = 5
            out.write(
                f"淘宝,店铺{seller},S{seller:06d},{title},{price + i % 7},{code},"
                f"https://item.example.cn/{i},2026-03-{1 + i % 28:02d} 10:00,500235\n"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--memory", action="store_true", help="trace Python memory (slows the import)")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command

    from zhenwei.cases.models import Clue
    from zhenwei.core.models import Division
    from zhenwei.market.importers import import_listings
    from zhenwei.market.models import Listing

    call_command("migrate", verbosity=0)
    cq, _ = Division.objects.get_or_create(
        code="500000", defaults={"name": "重庆市", "level": "province", "path": "/500000/"}
    )
    yy, _ = Division.objects.get_or_create(
        code="500235", defaults={"name": "云阳县", "level": "county", "parent": cq, "path": "/500000/500235/"}
    )
    Listing.objects.all().delete()
    Clue.objects.filter(source="listing", dedupe_key__startswith="listing-seller:淘宝:S").delete()

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "listings.csv"
        generate(path, args.rows)
        size_mb = round(path.stat().st_size / 1e6, 1)

        prebuilt = [
            Listing(
                platform="基线",
                external_key=f"https://base.example.cn/{i}",
                seller_id=f"B{i // 20}",
                title=TITLES[i % 5][0],
                title_normalized=TITLES[i % 5][0],
                price=Decimal(TITLES[i % 5][1]),
                division=yy,
                row_hash="0" * 64,
            )
            for i in range(args.rows)
        ]
        t0 = time.perf_counter()
        Listing.objects.bulk_create(prebuilt, batch_size=500)
        baseline_s = time.perf_counter() - t0
        Listing.objects.filter(platform="基线").delete()

        if args.memory:
            tracemalloc.start()
        t0 = time.perf_counter()
        summary = import_listings(path=path)
        import_s = time.perf_counter() - t0
        peak = tracemalloc.get_traced_memory()[1] if args.memory else None
        if args.memory:
            tracemalloc.stop()
        assert summary.created == args.rows and summary.rejected == 0, summary.line()

        t0 = time.perf_counter()
        again = import_listings(path=path)
        reimport_s = time.perf_counter() - t0
        assert again.unchanged == args.rows and again.clues == 0, again.line()

    print(
        json.dumps(
            {
                "bench": "market_listings",
                "database": django.db.connection.vendor,
                "rows": args.rows,
                "file_mb": size_mb,
                "baseline_bulk_insert_s": round(baseline_s, 2),
                "import_s": round(import_s, 2),
                "reimport_s": round(reimport_s, 2),
                "import_rows_per_s": round(args.rows / import_s),
                "reimport_rows_per_s": round(args.rows / reimport_s),
                "ratio": round(baseline_s / import_s, 3),
                "suspicious": summary.suspicious,
                "clues": summary.clues,
                "import_peak_python_mb": round(peak / 1e6, 1) if peak is not None else None,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
