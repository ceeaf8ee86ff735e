"""Benchmark of the tip submission path with many earlier tips nearby (duplicate detection dominates).

    ZHENWEI_VAR_DIR=/tmp/zw_tips python bench/tips_public.py [--existing 3000] [--runs 40]

Needs a migrated database with the demo loaded (divisions, categories, routing rules). Everything
it writes is rolled back. Prints one JSON line: medians in milliseconds for a public submission
(validation, audit, duplicate check, routing) and for the duplicate check alone, with and without
the earlier tips, and their ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--existing", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenwei.settings.local")
    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from zhenwei.catalog.models import ProductCategory
    from zhenwei.core.models import Division
    from zhenwei.tips.duplicates import find_duplicate, text_key
    from zhenwei.tips.models import Tip
    from zhenwei.tips.services import TipInput, tip_submit

    rng = random.Random(7)  # noqa: S311
    words = "灭火器 假冒 压力表 扫码 五金店 超市 工地 证书 网站 培训 宣传单 价格 老板 批发 仓库 面包车 学校 宾馆".split()
    town = Division.objects.get(code="500235116")
    category = ProductCategory.objects.get(code="fire-extinguisher")

    def text() -> str:
        return "，".join("".join(rng.choice(words) for _ in range(4)) for _ in range(6)) + "。"

    def timed(fn) -> float:
        start = time.perf_counter()
        fn()
        return (time.perf_counter() - start) * 1000

    result: dict = {"existing": args.existing, "runs": args.runs}
    with transaction.atomic():
        probe = Tip(description=text(), division=town, category=category, received_at=timezone.now())
        probe.description_norm = text_key(probe.description)
        result["find_duplicate_empty_ms"] = round(
            statistics.median(timed(lambda: find_duplicate(probe)) for _ in range(args.runs)), 2
        )
        now = timezone.now()
        Tip.objects.bulk_create(
            [
                Tip(
                    receipt_digest=f"bench-{i}",
                    channel="web",
                    category=category,
                    division=town,
                    description=(d := text()),
                    description_norm=text_key(d),
                    received_at=now - timezone.timedelta(days=rng.randrange(1, 170)),
                    acceptance_due=now.date(),
                )
                for i in range(args.existing)
            ],
            batch_size=500,
        )
        result["find_duplicate_ms"] = round(
            statistics.median(timed(lambda: find_duplicate(probe)) for _ in range(args.runs)), 2
        )
        result["submit_ms"] = round(
            statistics.median(
                timed(lambda: tip_submit(data=TipInput(description=text(), division=town, category=category)))
                for _ in range(args.runs)
            ),
            2,
        )
        result["find_duplicate_ratio"] = round(
            result["find_duplicate_ms"] / max(result["find_duplicate_empty_ms"], 0.01), 1
        )
        transaction.set_rollback(True)
    print(json.dumps(result, ensure_ascii=False))  # noqa: T201 - a benchmark prints its one line


if __name__ == "__main__":
    main()
