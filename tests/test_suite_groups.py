"""`make test` hands tests to the xdist workers by group (conftest.py): a file's tests on one worker,
the tests on the demo data in two groups. Nothing fails when the grouping stops working, the suite only
gets slower and the demo data can meet a test that does not expect it: pytest 9.2's structured node
ids dropped the group suffix pytest-xdist writes (pytest-xdist #1386), and every test was handed out
on its own. This runs a small file on two workers and asserts one worker took it all."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_a_files_tests_run_on_one_worker():
    result = subprocess.run(  # noqa: S603 - our own interpreter on our own test file
        [
            sys.executable,
            "-m",
            "pytest",
            "-n",
            "2",
            "--dist",
            "loadgroup",
            "-v",
            "-p",
            "no:warnings",
            "-p",
            "no:schemathesis",
            "-p",
            "no:anyio",
            "-o",
            "addopts=-p no:cacheprovider",
            "tests/test_template_date_formats.py",
        ],
        cwd=ROOT,
        # The file needs no database; without the URL a PostgreSQL run's worker databases (named after
        # the workers, gw0 and gw1, as this run's are) cannot be touched by the nested run.
        env={
            k: v
            for k, v in os.environ.items()
            if k != "ZHENWEI_DATABASE_URL" and not k.startswith("PYTEST_XDIST")
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    workers = re.findall(r"^\[(gw\d+)\] .*(?:PASSED|FAILED|SKIPPED)", result.stdout, re.M)
    assert len(workers) > 100, result.stdout[-2000:]
    assert set(workers) in ({"gw0"}, {"gw1"}), f"one file's tests ran on {sorted(set(workers))}"


def test_each_worker_has_a_test_database_of_its_own(db):
    """Under xdist each worker's test database is named after the worker (pytest-django's suffix, which
    conftest.django_db_setup must keep asking for): on PostgreSQL two workers would otherwise create
    the same database. SQLite's test database is in each process's memory."""
    from django.db import connection

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if connection.vendor == "sqlite":
        assert connection.creation.is_in_memory_db(connection.settings_dict["NAME"])
    elif worker:
        assert connection.settings_dict["NAME"].endswith(f"_{worker}"), connection.settings_dict["NAME"]
