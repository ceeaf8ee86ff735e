"""Benchmark: the whole city's monthly forms for every division vs one full aggregate scan.

On the PostgreSQL database named by ZHENWEI_DATABASE_URL (created and migrated if needed), makes a
city of 40 divisions (1 city, 7 counties, 32 towns) and N records (default 1,000,000) in EACH of
inspections_inspection, cases_case and tips_tip, spread over 2026 and the 40 divisions (bulk COPY).
Then measures, in the same run, best of --repeat:

  * baseline: one full aggregate scan of the same three tables
    (SELECT division_id, count(*) … GROUP BY division_id, one query per table);
  * forms:    for each built-in template, every division's figures for 2026-10, 本月 and 累计
    (reports.selectors.subtree_figures: one grouped query per source table, roll-up in Python).

Prints one JSON line: seconds, queries, and ratio = forms / baseline per template (target ≤ 3).

    ZHENWEI_DATABASE_URL=postgres://postgres@127.0.0.1:5432/zw_bench_reports \\
        .venv/bin/python bench/reports_monthly.py --rows 1000000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenwei.settings")

CITY = "960000"


def ensure_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(
        base.replace("postgres://", "postgresql://", 1) + "/postgres", autocommit=True
    ) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def make_divisions():
    from zhenwei.core.models import Division

    city, _ = Division.objects.get_or_create(
        code=CITY, defaults={"name": "基准市", "level": "province", "path": f"/{CITY}/"}
    )
    divisions = [city]
    for c in range(1, 8):
        code = f"9600{c:02d}"
        county, _ = Division.objects.get_or_create(
            code=code,
            defaults={"name": f"基准{c}县", "level": "county", "parent": city, "path": f"{city.path}{code}/"},
        )
        divisions.append(county)
    towns_needed = 40 - len(divisions)
    for t in range(towns_needed):
        county = divisions[1 + t % 7]
        code = f"{county.code}{100 + t:03d}"
        town, _ = Division.objects.get_or_create(
            code=code,
            defaults={
                "name": f"基准{t}镇",
                "level": "town",
                "parent": county,
                "path": f"{county.path}{code}/",
            },
        )
        divisions.append(town)
    return divisions


def _value(field, i, ctx):
    """A plausible value for a NOT NULL column with no database default."""
    from django.db import models

    name = field.name
    if name in ctx:
        v = ctx[name]
        return v(i) if callable(v) else v
    if field.unique:
        return f"B{i:09d}"
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.ForeignKey):
        return ctx["_fk"](field)
    if isinstance(field, models.DateTimeField):
        return "2026-06-01 08:00:00+08"
    if isinstance(field, models.DateField):
        return "2026-06-01"
    if isinstance(field, models.JSONField):
        return "[]"
    if isinstance(field, models.BooleanField):
        return "f"
    if isinstance(field, models.IntegerField | models.DecimalField | models.FloatField):
        return "0"
    return ""


def copy_rows(model, rows: int, ctx) -> None:
    from django.db import connection

    fields = [f for f in model._meta.concrete_fields if not f.primary_key and (not f.null or f.name in ctx)]
    columns = ", ".join(f'"{f.column}"' for f in fields)
    table = model._meta.db_table
    # Per column: a constant, or a function of the row number (most columns are constants).
    producers = []
    for f in fields:
        v = ctx.get(f.name)
        if callable(v) and f.name in ctx:
            producers.append(v)
        elif f.unique and f.name not in ctx:
            producers.append(lambda i, _p=f.name: f"{_p[:2]}{i:09d}")
        else:
            const = _value(f, 0, ctx)
            producers.append(lambda i, _c=const: _c)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for i in range(rows):
                copy.write_row([p(i) for p in producers])
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")


def populate(rows: int, divisions) -> None:
    from django.apps import apps

    from zhenwei.catalog.models import ProductCategory
    from zhenwei.core.models import Department, DepartmentKind

    kind, _ = DepartmentKind.objects.get_or_create(code="market", defaults={"name": "市场监管"})
    dept, _ = Department.objects.get_or_create(
        name="基准市场监管局", defaults={"kind": kind, "division": divisions[0]}
    )
    cats = list(ProductCategory.objects.values_list("pk", flat=True)) or [None]
    div_ids = [d.pk for d in divisions]
    start = dt.date(2026, 1, 1)
    days = [(start + dt.timedelta(days=n)) for n in range(365)]

    def day(i):
        return days[(i * 7919) % 365].isoformat()

    def stamp(i):
        return f"{day(i)} 10:00:00+08"

    def fk(field):
        model = field.related_model
        if model is Department:
            return dept.pk
        obj = model._default_manager.first()
        if obj is None:
            raise SystemExit(f"bench needs one {model._meta.label} row for {field}")
        return obj.pk

    common = {
        "_fk": fk,
        "division": lambda i: div_ids[(i * 2654435761) % 40],
        "department": dept.pk,
        "category": lambda i: cats[i % len(cats)],
    }
    specs = [
        (
            "inspections",
            "Inspection",
            {
                "inspected_on": day,
                "created_at": stamp,
                "updated_at": stamp,
                "subject_name": lambda i: f"单位{i % 5000}",
                "domain": lambda i: ("production", "circulation", "construction", "use")[i % 4],
                "judgment": lambda i: ("qualified", "unqualified", "pending")[i % 3],
                "product_name": "灭火器",
                "place": "现场",
                "unit": "个",
            },
        ),
        (
            "cases",
            "Case",
            {
                "opened_on": day,
                "created_at": stamp,
                "updated_at": stamp,
                "number": lambda i: f"BENCH{i:09d}",
                "status": lambda i: ("registered", "investigating", "closed")[i % 3],
                "kind": lambda i: ("unqualified", "counterfeit", "fake_certificate")[i % 3],
                "title": "基准案件",
            },
        ),
        (
            "tips",
            "Tip",
            {
                "received_at": stamp,
                "updated_at": stamp,
                "acceptance_due": day,
                "description": "基准举报",
                "channel": lambda i: ("web", "12345", "12315")[i % 3],
            },
        ),
    ]
    for app_label, name, extra in specs:
        try:
            model = apps.get_model(app_label, name)
        except LookupError:
            continue
        if model.objects.filter(division__path__startswith=divisions[0].path).exists():
            continue
        t = time.perf_counter()
        copy_rows(model, rows, {**common, **extra})
        print(f"  {model._meta.db_table}: {rows} rows in {time.perf_counter() - t:.1f}s", file=sys.stderr)


def timed(func, repeat: int) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    best, queries = None, 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            func()
            elapsed = time.perf_counter() - t
        best = elapsed if best is None else min(best, elapsed)
        queries = len(ctx)
    return best, queries


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000, help="records per table")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    url = os.environ.get("ZHENWEI_DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("set ZHENWEI_DATABASE_URL to a PostgreSQL database")
    ensure_database(url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    divisions = make_divisions()
    populate(args.rows, divisions)
    with connection.cursor() as cursor:  # as autovacuum would have, so plans see real row counts
        cursor.execute("ANALYZE core_division")

    from zhenwei.reports.models import ReportTemplate
    from zhenwei.reports.selectors import subtree_figures

    tables = ["inspections_inspection", "cases_case", "tips_tip"]

    def baseline():
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"SELECT division_id, count(*) FROM {table} GROUP BY division_id")
                cursor.fetchall()

    baseline()  # warm the cache for both sides
    base_s, base_q = timed(baseline, args.repeat)
    city = divisions[0]
    result = {
        "bench": "reports_monthly",
        "rows_per_table": args.rows,
        "tables": tables,
        "divisions": len(divisions),
        "baseline_s": round(base_s, 3),
        "baseline_queries": base_q,
        "templates": {},
    }
    for template in ReportTemplate.objects.filter(
        slug__in=["cert-campaign-monthly", "fire-products-monthly", "anti-counterfeit-monthly"]
    ):

        def run(template=template):
            figures = subtree_figures(template=template, division=city, month=dt.date(2026, 10, 1))
            assert len(figures) == len(divisions)

        run()
        seconds, queries = timed(run, args.repeat)
        result["templates"][template.slug] = {
            "seconds": round(seconds, 3),
            "queries": queries,
            "cells": len(divisions) * template.rows.filter(kind="number").count() * 2,
            "ratio": round(seconds / base_s, 2),
        }
    result["max_ratio"] = max(t["ratio"] for t in result["templates"].values())
    result["target"] = "≤ 3"
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
