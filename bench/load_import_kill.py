"""Fault: an import killed with SIGKILL half-way is re-run to completion, with no duplicate and no
half-written record.

1. a fresh PostgreSQL database (migrations only) and a product-code file of N rows
   (bench/import_product_codes.py's generator: valid fire-product marks, 20 products);
2. `zhenwei import product-codes FILE` in a subprocess, killed with SIGKILL once some identity
   codes are in the database and before the import finishes;
3. the database holds whole batches only: every identity code has its product;
4. the same command run again finishes: exactly N distinct codes, no duplicates, each with the
   status of its line; a third run changes nothing.

Prints one JSON line. `make faults` runs it.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from load_common import ZHENWEI, base_env, emit, pg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_product_codes import generate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="zw_bench_import_kill")
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()

    pg(f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')
    pg(f'CREATE DATABASE "{args.db}"')
    env = base_env(args.db)
    subprocess.run([ZHENWEI, "migrate", "--noinput", "-v0"], env=env, check=True)
    divisions = Path(__file__).resolve().parents[1] / "src" / "zhenwei" / "core" / "data" / "divisions_cn.csv"
    subprocess.run(
        [ZHENWEI, "import", "divisions", str(divisions)], env=env, check=True, stdout=subprocess.DEVNULL
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "codes.csv"
        generate(path, args.rows, 20)

        def codes() -> int:
            return pg("SELECT count(*) FROM registry_identitycode", db=args.db, fetch=True)[0][0]

        proc = subprocess.Popen(
            [ZHENWEI, "import", "product-codes", str(path)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.time() + 300
        at_kill = 0
        while time.time() < deadline and proc.poll() is None:
            at_kill = codes()
            if at_kill > 0:
                time.sleep(0.3)  # well inside the run, between or during batches
                os.killpg(proc.pid, signal.SIGKILL)
                break
            time.sleep(0.05)
        proc.wait()
        killed = proc.returncode == -signal.SIGKILL
        after_kill = codes()
        orphans = pg(
            "SELECT count(*) FROM registry_identitycode c LEFT JOIN registry_product p ON p.id = c.product_id "
            "WHERE p.id IS NULL",
            db=args.db,
            fetch=True,
        )[0][0]

        rerun = subprocess.run(
            [ZHENWEI, "import", "product-codes", str(path)],
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        final = codes()
        duplicates = pg(
            "SELECT count(*) - count(DISTINCT code) FROM registry_identitycode", db=args.db, fetch=True
        )[0][0]
        revoked = pg(
            "SELECT count(*) FROM registry_identitycode WHERE status = 'revoked'", db=args.db, fetch=True
        )[0][0]
        third = subprocess.run(
            [ZHENWEI, "import", "product-codes", str(path)],
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
    expected_revoked = len([i for i in range(args.rows) if i % 50 == 0])
    result = {
        "bench": "load_import_kill",
        "rows": args.rows,
        "killed_with_sigkill": killed,
        "codes_when_killed": after_kill,
        "identity_codes_without_product_after_kill": orphans,
        "rerun_summary": (rerun.stdout.strip().splitlines() or [""])[-1],
        "codes_after_rerun": final,
        "duplicates": duplicates,
        "revoked_as_in_file": revoked == expected_revoked,
        "third_run_summary": (third.stdout.strip().splitlines() or [""])[-1],
    }
    result["ok"] = bool(
        killed
        and 0 < after_kill < args.rows
        and orphans == 0
        and final == args.rows
        and duplicates == 0
        and result["revoked_as_in_file"]
        and rerun.returncode == 0
        and " 0 created" not in result["rerun_summary"]
    )
    emit(result)


if __name__ == "__main__":
    main()
