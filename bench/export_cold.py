"""Benchmark: every export kind, cold (first call in a fresh process) and warm, after install.

"After install" means `zhenwei fonts prepare` has run (make install does it), as on a server; the
benchmark runs it first and reports how long it took (``prepare_s``; 0.x s when already built).
Then, for each kind, a NEW Python process sets Django up and times its first export (``cold_s``:
including importing reportlab/openpyxl/python-docx and reading the font) and a second one
(``warm_s``); ``process_s`` is the child's whole wall time (interpreter + Django + both exports).
Nothing is warmed in the child, so ``cold_s`` is the worst case: `zhenwei serve` registers the font
before it forks its workers, which takes it out of the first request altogether.

Data: a throw-away SQLite database (migrated, one division, a signing key) under a temporary
directory; the font cache is the real one under VAR_DIR. Target: every cold_s < 3.

    .venv/bin/python bench/export_cold.py            # prints one JSON line
    .venv/bin/python bench/export_cold.py --kinds report-pdf poster-a4
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenwei.settings")

DIVISION = "969900"
KINDS = [
    "report-pdf",
    "report-xlsx",
    "report-docx",
    "poster-a4",
    "poster-a3",
    "certificate-pdf",
    "import-template-xlsx",
    "dashboard-charts",
]
TARGET_S = 3.0


def _setup_django() -> None:
    import django

    django.setup()


def _exporter(kind: str):
    """A zero-argument function producing the export's bytes (or chart data) for ``kind``."""
    import datetime as dt

    from django.utils import timezone

    from zhenwei.core.models import Division

    division = Division.objects.get(code=DIVISION)
    if kind.startswith("report-"):
        from zhenwei.reports.exports import export
        from zhenwei.reports.models import ReportTemplate
        from zhenwei.reports.selectors import form_compute

        template = ReportTemplate.objects.order_by("pk").first()
        month = timezone.localdate().replace(day=1)

        def run():
            form = form_compute(template=template, division=division, month=month, with_units=True)
            return export(form, kind.removeprefix("report-"))[0]

        return run
    if kind.startswith("poster-"):
        from zhenwei.credit.poster import render_poster

        return lambda: render_poster(size=kind.removeprefix("poster-").upper(), issuer="基准县应急管理局")
    if kind == "certificate-pdf":
        from zhenwei.registry.models import Certificate
        from zhenwei.verify.pdf import certificate_pdf

        today = timezone.localdate()
        certificate = Certificate(
            number="T500235197707070001",
            kind="special_operation",
            operation_category="电工作业",
            operation_item="低压电工作业",
            holder_name="张小三",
            holder_id_number="500235197707070001",
            authority="基准县应急管理局",
            issued_on=today - dt.timedelta(days=700),
            expires_on=today + dt.timedelta(days=1400),
            status="valid",
        )
        return lambda: certificate_pdf(certificate=certificate)
    if kind == "import-template-xlsx":
        from zhenwei.registry.imports.templates import EXAMPLES, template_xlsx

        first = next(iter(EXAMPLES))
        return lambda: template_xlsx(first)
    if kind == "dashboard-charts":
        from django.contrib.auth import get_user_model

        from zhenwei.reports.dashboard import dashboard

        user = get_user_model().objects.get(username="bench-export")
        from django.core.serializers.json import DjangoJSONEncoder

        # as the view answers it (JsonResponse: DjangoJSONEncoder, which renders translated labels)
        return lambda: json.dumps(
            dashboard(division=division, year=timezone.localdate().year, user=user), cls=DjangoJSONEncoder
        )
    raise SystemExit(f"unknown kind {kind!r}; one of {', '.join(KINDS)}")


def child(kind: str) -> None:
    started = time.perf_counter()
    _setup_django()
    run = _exporter(kind)
    t0 = time.perf_counter()
    first = run()
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    run()
    warm = time.perf_counter() - t0
    size = len(first) if isinstance(first, bytes | str) else 0
    print(
        json.dumps(
            {
                "kind": kind,
                "cold_s": cold,
                "warm_s": warm,
                "setup_s": t0 - started - cold - warm,
                "bytes": size,
            }
        )
    )


def prepare_database() -> float:
    """Migrate the throw-away database, add a division, a user and a signing key; build the font."""
    from django.core.management import call_command

    _setup_django()
    from django.contrib.auth import get_user_model

    from zhenwei.core.models import Division

    call_command("migrate", verbosity=0, interactive=False)
    Division.objects.get_or_create(
        code=DIVISION, defaults={"name": "基准县", "level": "county", "path": f"/{DIVISION}/"}
    )
    User = get_user_model()
    if not User.objects.filter(username="bench-export").exists():
        User.objects.create_superuser("bench-export", "bench@example.invalid", None)
    call_command("keys", "create", verbosity=0)
    started = time.perf_counter()
    call_command("fonts", "prepare", stdout=open(os.devnull, "w"))  # noqa: SIM115 - the install step
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kinds", nargs="*", default=KINDS, choices=KINDS)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    with tempfile.TemporaryDirectory(prefix="zw-export-bench-") as tmp:
        os.environ["ZHENWEI_DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ["ZHENWEI_KEYS_DIR"] = f"{tmp}/keys"
        prep = subprocess.run(  # noqa: S603 - this script, fixed arguments
            [
                sys.executable,
                "-c",
                "import sys; sys.argv=['x']; "
                f"sys.path.insert(0, {str(ROOT / 'bench')!r}); import export_cold as b; print(b.prepare_database())",
            ],
            capture_output=True,
            text=True,
            check=True,
            env=os.environ,
        )
        prepare_s = float(prep.stdout.strip().splitlines()[-1])
        results = {}
        for kind in args.kinds:
            t0 = time.perf_counter()
            out = subprocess.run(  # noqa: S603 - this script, fixed arguments
                [sys.executable, __file__, "--child", kind], capture_output=True, text=True, env=os.environ
            )
            process = time.perf_counter() - t0
            if out.returncode != 0:
                results[kind] = {"error": out.stderr.strip().splitlines()[-1:]}
                continue
            row = json.loads(out.stdout.strip().splitlines()[-1])
            results[kind] = {
                "cold_s": round(row["cold_s"], 3),
                "warm_s": round(row["warm_s"], 3),
                "process_s": round(process, 3),
                "bytes": row["bytes"],
            }
    colds = [r["cold_s"] for r in results.values() if "cold_s" in r]
    print(
        json.dumps(
            {
                "bench": "export_cold",
                "prepare_s": round(prepare_s, 3),
                "target_cold_s": TARGET_S,
                "max_cold_s": max(colds) if colds else None,
                "all_under_target": bool(colds) and len(colds) == len(results) and max(colds) < TARGET_S,
                "kinds": results,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
