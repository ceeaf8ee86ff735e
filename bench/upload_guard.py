"""Benchmark: peak memory of the upload guard refusing hostile files on the real parsing paths.

Builds the hostile files once (zip bomb: ~1.6 MB inflating to 384 MB; 300k-row XLSX and CSV), then
runs each case in a fresh subprocess and reports, per case, the growth of peak RSS
(``resource.getrusage(...).ru_maxrss`` after the case minus before it, in MB), the tracemalloc
peak of Python allocations (MB), the time taken and the refusal's message:

  * guard/zip-bomb: ``check_upload`` refusing the bomb (profile "report_form" and "bulk_check");
  * reports/zip-bomb, reports/300k-xlsx: the report upload's parser (``reports.uploads._Sheet``);
  * bulk/zip-bomb, bulk/300k-xlsx, bulk/300k-csv: the bulk check's reader (``verify.bulk._read_rows``,
    stopping at VERIFY_BULK_MAX_ROWS = 50,000 data rows).

The file is loaded into the child process before "before" is taken, so the figures are what the
parsing adds. For scale, the report upload before the guard (openpyxl ``load_workbook`` of the whole
workbook) reached 907 MB peak RSS and 86 s on the same zip bomb under a 1.5 GB limit.

Prints one JSON line. No database is needed.

    /work/main/.venv/bin/python bench/upload_guard.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhenwei.settings.test")

CASES = {
    "guard/zip-bomb/report_form": ("bomb.xlsx", "check:report_form"),
    "guard/zip-bomb/bulk_check": ("bomb.xlsx", "check:bulk_check"),
    "reports/zip-bomb": ("bomb.xlsx", "reports"),
    "reports/300k-xlsx": ("rows.xlsx", "reports"),
    "bulk/zip-bomb": ("bomb.xlsx", "bulk"),
    "bulk/300k-xlsx": ("rows.xlsx", "bulk"),
    "bulk/300k-csv": ("rows.csv", "bulk"),
}

CHILD = r"""
import io, json, resource, sys, time, tracemalloc
import django
django.setup()
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

path, mode = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
upload = SimpleUploadedFile(path.rsplit("/", 1)[-1], data)
del data
import openpyxl, zhenwei.reports.uploads, zhenwei.verify.bulk, zhenwei.security.uploads  # warm imports
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
tracemalloc.start()
started = time.perf_counter()
outcome = "accepted"
try:
    if mode.startswith("check:"):
        from zhenwei.security.uploads import check_upload
        check_upload(upload, profile=mode.split(":")[1])
    elif mode == "reports":
        from zhenwei.reports.uploads import _Sheet
        _Sheet(upload, upload.name)
    elif mode == "bulk":
        from zhenwei.verify.bulk import _read_rows
        _read_rows(upload, upload.name)
except ValidationError as exc:
    outcome = "refused: " + exc.messages[0]
seconds = time.perf_counter() - started
peak = tracemalloc.get_traced_memory()[1]
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"rss_before_mb": round(before / 1024, 1), "rss_peak_mb": round(after / 1024, 1),
                  "rss_growth_mb": round((after - before) / 1024, 1), "tracemalloc_peak_mb": round(peak / 2**20, 1),
                  "seconds": round(seconds, 2), "outcome": outcome}, ensure_ascii=False))
"""


def main() -> None:
    import django

    django.setup()
    from zhenwei.security.tests import hostile_files as hostile

    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        files = {
            "bomb.xlsx": hostile.zip_bomb(),
            "rows.xlsx": hostile.rows_300k_xlsx(),
            "rows.csv": hostile.rows_300k_csv(),
        }
        for name, data in files.items():
            (Path(tmp) / name).write_bytes(data)
        sizes = {name: round(len(data) / 2**20, 2) for name, data in files.items()}
        for case, (name, mode) in CASES.items():
            done = subprocess.run(
                [sys.executable, "-c", CHILD, str(Path(tmp) / name), mode],
                capture_output=True,
                text=True,
                env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
                timeout=300,
                check=False,
            )
            lines = done.stdout.strip().splitlines()
            results[case] = json.loads(lines[-1]) if lines else {"error": done.stderr[-500:]}
    print(
        json.dumps(
            {
                "bench": "upload_guard",
                "file_mb": sizes,
                "bomb_inflated_mb": hostile.BOMB_INFLATED // 2**20,
                "cases": results,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
