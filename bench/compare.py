"""Compare every benchmark in bench/ between two trees: a git revision ("before") and a directory ("after").

    python bench/compare.py                           # before = feaab23^ (the tree before issue 17), after = this tree
    python bench/compare.py --before main --after /work/wt/x --rounds 3 --out bench/results/x.txt
    python bench/compare.py --only qr_verify webwatch --rounds 5
    python bench/compare.py --faults                  # also the pass/fail fault scripts (load_import_kill, …)

The before revision is checked out with ``git worktree add --detach`` into a temporary directory
(removed afterwards, also on Ctrl-C). Every ``bench/*.py`` of the after tree (but the helper
``load_common.py``) is run in both trees with small sizes (``specs()`` below; the whole comparison takes
about 10 minutes on two quiet cores; ``--budget-minutes`` stops starting runs after a time, and
``--out`` is rewritten after every run), INTERLEAVED: round 1 runs before then after, round 2 after then
before, … so that load from other processes on a shared machine falls on both alike. Each script is
the tree's own (a script that moved is looked up at its old path, ``OLD_PATHS``); ``PYTHONPATH``
points at the tree's ``src`` so that ``zhenwei`` there is the code under test, and ``.venv`` is
linked to this interpreter's virtualenv when the tree has none (the scripts start ``.venv/bin/zhenwei``).

Metrics are costs, lower is better: CPU time per operation where a script reports it
(ratelimit_store, verify_cpu), else time per operation or per row (a "per second" figure is turned
into µs per operation). For a script whose work is fixed (not time-boxed) the table also shows, as
"info", the CPU time of its whole process tree (``resource.getrusage(RUSAGE_CHILDREN)`` around the
run: the script and every process it started and waited for); it includes set-up such as
migrations, so it gives no verdict. The table gives the median of the rounds per side and
``ratio = after / before``: ≤ 1.00 means "at least as fast"; on a busy machine a few percent either
side is noise, so a verdict ``slower`` needs ratio > 1 + ``--tolerance`` (default 0.10).

Services: PostgreSQL (``--pg``, default postgres://postgres@127.0.0.1:5432) and Redis (``--redis``,
default redis://127.0.0.1:6379). The scripts that need one are skipped with the reason when it does
not answer. Databases are made per side (``zw_cmp_before_*``, ``zw_cmp_after_*``; verify_product
names its own from the code count, so the two sides use counts one apart) and dropped at the end
unless ``--keep-databases``. load_verify and tips_public need the demo data: it is loaded once per
side (``zhenwei migrate`` + ``zhenwei demo load``, a few minutes, not measured).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
HELPERS = {"load_common", "compare"}
FAULTS = {"load_import_kill", "load_pg_restart", "load_two_servers"}
OLD_PATHS = {"tips_public": ["src/zhenwei/tips/bench.py"]}  # moved by issue 17
# Shown, no verdict: a process's CPU includes its set-up (migrations grow with the project).
INFO = "info: "
# First (issue 17 rebuilt the public check's fast path), so that --budget-minutes keeps them.
FIRST = ["verify_cpu", "verify_product", "load_verify", "ratelimit_store"]


def us_per(rate) -> float:
    return 1e6 / rate if rate else float("nan")


@dataclass
class Spec:
    args: list[str] = field(default_factory=list)
    needs: tuple[str, ...] = ()  # "pg", "redis", "demo"
    metrics: object = None  # (list of JSON objects the script printed) -> {metric: cost}
    fixed_work: bool = True  # process-tree CPU is a meaningful cost (work not time-boxed)
    timeout: int = 600
    max_rounds: int = 99  # a long script runs in fewer rounds than --rounds


def m_audit(objs):
    o = objs[-1]
    return {
        "seal µs/row": us_per(o["seal_rows_per_s"]),
        "chain µs/row": us_per(o["chain_rows_per_s"]),
        "records µs/row": us_per(o["records_per_s"]),
    }


def m_export(objs):
    o = objs[-1]
    out = {}
    for kind, row in o["kinds"].items():
        if "cold_s" in row:
            out[f"{kind} cold s"] = row["cold_s"]
            out[f"{kind} warm s"] = row["warm_s"]
    return out


def m_import(objs):
    o = objs[-1]
    return {
        "import µs/row": us_per(o["import_rows_per_s"]),
        "reimport µs/row": us_per(o["reimport_rows_per_s"]),
        "import / COPY": 1 / o["ratio"],
    }


def m_market(objs):
    o = objs[-1]
    return {
        "import µs/row": us_per(o["import_rows_per_s"]),
        "reimport µs/row": us_per(o["reimport_rows_per_s"]),
    }


def m_qr(objs):
    o = objs[-1]
    return {"verify µs/op": us_per(o["zw1_verify_per_s"]), "verify / bare Ed25519": 1 / o["ratio"]}


def m_ratelimit(objs):
    return {f"{o['store']} CPU µs/call": o["cpu_us_per_call"] for o in objs if "store" in o}


def m_reports(objs):
    templates = {f"{slug} s": t["seconds"] for slug, t in objs[-1]["templates"].items()}
    return {**templates, "baseline scan s": objs[-1]["baseline_s"]}


def m_upload(objs):
    o = objs[-1]
    return {f"{case} s": row["seconds"] for case, row in o["cases"].items() if "seconds" in row}


def m_verify_product(objs):
    out = {}
    for o in objs:
        if o.get("bench") == "verify_product":
            size = "small" if o["codes"] < 10_000 else "large"
            out[f"{size} verify µs/req (wall)"] = us_per(o["verify_per_s"])
            out[f"{size} verify cost / healthz"] = 1 / o["verify_vs_healthz"]
            out[f"{size} p99 ms at half load"] = o["half_load"]["p99_ms"]
    return out


def m_verify_cpu(objs):
    o = objs[-1]
    return {
        "verify CPU µs/req": o["verify_cpu_us"],
        "verify, session cookie CPU µs/req": o["verify_with_session_cookie_cpu_us"],
        "healthz CPU µs/req": o["healthz_cpu_us"],
    }


def m_load_verify(objs):
    return {"capacity µs/req (wall)": us_per(objs[-1]["capacity_per_second"]), **OK(objs)}


def m_webwatch(objs):
    o = objs[-1]
    return {
        "check_url µs/op": us_per(o["check_url_per_s"]),
        "screen µs/op": us_per(o["screen_per_s"]),
        "cluster s": o["cluster_s"],
    }


def OK(objs):  # noqa: N802 - a constant-like extractor for the pass/fail scripts
    return {"fails (0 = ok)": 0.0 if objs[-1].get("ok", True) else 1.0}


def specs(side: str) -> dict[str, Spec]:
    """Small sizes per script; ``side`` names the databases and Redis db of one tree."""
    db = f"zw_cmp_{side}"
    redis_db = 13 if side == "before" else 14
    # verify_product names its databases zw_bench_verify_<count>: the sides use counts one apart.
    counts = "2000,20000" if side == "before" else "2001,20001"
    return {
        "audit_verify": Spec(["--rows", "1000"], metrics=m_audit),
        "export_cold": Spec(["--kinds", "report-pdf", "poster-a4"], metrics=m_export),
        "import_product_codes": Spec(["--rows", "5000"], needs=("pg",), metrics=m_import),
        "inspections_draw": Spec(
            ["--subjects", "20000", "--inspectors", "300"],
            metrics=lambda o: {"draw s": o[-1]["draw_s"], "redraw s": o[-1]["redraw_s"]},
        ),
        "market_listings": Spec(["--rows", "1000"], needs=("pg",), metrics=m_market),
        "qr_verify": Spec(["--seconds", "1"], metrics=m_qr, fixed_work=False),
        "ratelimit_store": Spec(
            ["-n", "1000", "--pg", "{pg}/" + db + "_rl", "--redis", "{redis}/" + str(redis_db)],
            needs=("pg", "redis"),
            metrics=m_ratelimit,
        ),
        "reports_monthly": Spec(["--rows", "5000", "--repeat", "1"], needs=("pg",), metrics=m_reports),
        "tips_public": Spec(
            ["--existing", "300", "--runs", "5"],
            needs=("pg", "demo"),
            metrics=lambda o: {
                "submit ms": o[-1]["submit_ms"],
                "find_duplicate ms": o[-1]["find_duplicate_ms"],
            },
        ),
        "upload_guard": Spec([], metrics=m_upload, max_rounds=1),  # ~100 s a run: no size option
        "verify_bulk": Spec(["--rows", "1000"], metrics=lambda o: {"µs/row": us_per(o[-1]["rows_per_s"])}),
        "verify_product": Spec(
            [
                "--backend",
                "postgres",
                "--counts",
                counts,
                "--seconds",
                "2",
                "--rounds",
                "1",
                "--connections",
                "8",
            ],
            needs=("pg",),
            metrics=m_verify_product,
            fixed_work=False,
            max_rounds=2,
        ),
        "verify_cpu": Spec(["--codes", "20000", "--requests", "500", "--rounds", "2"], metrics=m_verify_cpu),
        "load_verify": Spec(
            ["--db", db + "_demo", "--seconds", "5", "--capacity-seconds", "3", "--networks", "200"],
            needs=("pg", "redis", "demo"),
            metrics=m_load_verify,
            fixed_work=False,
            max_rounds=2,
        ),
        "webwatch": Spec(["--ads", "500"], metrics=m_webwatch, fixed_work=False),
        "load_import_kill": Spec(["--db", db + "_kill", "--rows", "30000"], needs=("pg",), metrics=OK),
        "load_two_servers": Spec(["--db", db + "_demo"], needs=("pg", "redis", "demo"), metrics=OK),
        "load_pg_restart": Spec(["--db", db + "_demo", "--seconds", "20"], needs=("pg", "demo"), metrics=OK),
    }


def pg_ok(base: str) -> str | None:
    try:
        import psycopg

        with psycopg.connect(
            base.replace("postgres://", "postgresql://", 1) + "/postgres", connect_timeout=5
        ):
            return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not available"
        return f"PostgreSQL at {base} does not answer ({type(exc).__name__})"


def redis_ok(url: str) -> str | None:
    host, _, port = url.split("://", 1)[1].split("/")[0].partition(":")
    try:
        with socket.create_connection((host, int(port or 6379)), timeout=3) as s:
            s.sendall(b"PING\r\n")
            if s.recv(16).startswith(b"+PONG"):
                return None
    except OSError:
        pass
    return f"Redis at {url} does not answer"


def pg_exec(base: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(base.replace("postgres://", "postgresql://", 1) + "/postgres", autocommit=True) as c:
        c.execute(sql)


def seed_fonts(tree: Tree, var_dirs: list[Path]) -> None:
    """`zhenwei serve` builds the CJK font at start when VAR_DIR has none, which can take longer
    than the load scripts wait for a server on a busy machine: put a built one in their VAR_DIRs."""
    built = tree.root / "var" / "fonts"
    if not built.exists():
        subprocess.run(
            [sys.executable, "-m", "zhenwei.cli", "fonts", "prepare"],
            env=tree.env(),
            check=False,
            capture_output=True,
        )
    if built.exists():
        for var_dir in var_dirs:
            shutil.copytree(built, var_dir / "fonts", dirs_exist_ok=True)


def demo_loaded(base: str, db: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(base.replace("postgres://", "postgresql://", 1) + "/" + db) as c:
            return c.execute("SELECT count(*) FROM core_user").fetchone()[0] > 0
    except Exception:  # noqa: BLE001 - no database, no table: not loaded
        return False


class Tree:
    def __init__(self, side: str, root: Path, args):
        self.side, self.root, self.args = side, root, args
        self.linked_venv = False
        self.borrowed: list[str] = []
        venv = root / ".venv"
        if not venv.exists():
            venv.symlink_to(Path(sys.prefix))
            self.linked_venv = True

    def env(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("ZHENWEI_", "DJANGO_"))}
        env.update(
            PYTHONPATH=str(self.root / "src"),
            BENCH_PG_URL=self.args.pg,
            BENCH_REDIS_URL=f"{self.args.redis}/{13 if self.side == 'before' else 14}",
            ZHENWEI_LOG_LEVEL="WARNING",
        )
        env.update(extra or {})
        return env

    def script(self, name: str) -> Path | None:
        for rel in [f"bench/{name}.py", *OLD_PATHS.get(name, [])]:
            if (self.root / rel).exists():
                return self.root / rel
        return None

    def borrow(self, name: str, other: Path) -> None:
        """A script new in the after tree runs on the before tree's code: copied into the temporary
        worktree's bench/, where it imports that tree's ``src``."""
        if self.script(name) is None and (other / "bench" / f"{name}.py").exists():
            shutil.copy(other / "bench" / f"{name}.py", self.root / "bench" / f"{name}.py")
            self.borrowed.append(name)

    def zhenwei(self, *argv: str, env: dict[str, str]) -> None:
        subprocess.run(
            [sys.executable, "-m", "zhenwei.cli", *argv], env=env, check=True, stdout=subprocess.DEVNULL
        )

    def cleanup(self) -> None:
        if self.linked_venv:
            (self.root / ".venv").unlink()


def run_one(tree: Tree, name: str, spec: Spec, extra_env: dict[str, str]) -> tuple[dict | None, str]:
    script = tree.script(name)
    if script is None:
        return None, "no such script in this tree"
    argv = [a.replace("{pg}", tree.args.pg).replace("{redis}", tree.args.redis) for a in spec.args]
    if script.parent.name == "bench":
        command = [sys.executable, str(script), *argv]
    else:  # an old in-package location: as a module, so that its package's files shadow nothing
        dotted = ".".join(script.relative_to(tree.root / "src").with_suffix("").parts)
        command = [sys.executable, "-m", dotted, *argv]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command,
            cwd=tree.root,
            env=tree.env(extra_env),
            capture_output=True,
            text=True,
            timeout=spec.timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None, f"timed out after {spec.timeout} s"
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    objs = []
    for line in done.stdout.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                objs.append(json.loads(line))
            except ValueError:
                pass
    if done.returncode != 0 or not objs:
        tail = (done.stderr.strip().splitlines() or ["(no output)"])[-1]
        return None, f"exit {done.returncode}: {tail[:160]}"
    try:
        metrics = spec.metrics(objs) if spec.metrics else {}
    except (KeyError, TypeError, ZeroDivisionError) as exc:
        return None, f"unexpected output ({exc!r}): {json.dumps(objs[-1], ensure_ascii=False)[:160]}"
    if spec.fixed_work:
        metrics[INFO + "process-tree CPU s"] = cpu
    metrics["_wall s"] = wall
    return metrics, ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="feaab23^", help="git revision (default: feaab23^)")
    parser.add_argument(
        "--after", default=str(HERE.parent), help="directory of the after tree (default: this one)"
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=None, help="bench names (default: all)")
    parser.add_argument("--skip", nargs="*", default=[], help="bench names to leave out")
    parser.add_argument("--faults", action="store_true", help="also run the fault scripts (pass/fail)")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379")
    parser.add_argument("--tolerance", type=float, default=0.10)
    parser.add_argument(
        "--keep-databases",
        action="store_true",
        help="keep the databases made here; reuse a demo already loaded",
    )
    parser.add_argument("--out", help="also write the table to this file (rewritten after every run)")
    parser.add_argument(
        "--budget-minutes",
        type=float,
        default=0,
        help="start no new run after this many minutes (0: no limit)",
    )
    args = parser.parse_args()

    after_root = Path(args.after).resolve()
    rev = subprocess.run(
        ["git", "-C", str(after_root), "rev-parse", "--short", args.before],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    after_rev = subprocess.run(
        ["git", "-C", str(after_root), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    names = sorted(
        (p.stem for p in (after_root / "bench").glob("*.py") if p.stem not in HELPERS),
        key=lambda n: (FIRST.index(n) if n in FIRST else len(FIRST), n),
    )
    if args.only:
        names = [n for n in names if n in args.only]
    names = [n for n in names if n not in args.skip]
    skipped: dict[str, str] = {}
    if not args.faults:
        for n in names:
            if n in FAULTS:
                skipped[n] = "fault script (pass/fail, not a speed benchmark): --faults runs it"
    missing = {"pg": pg_ok(args.pg), "redis": redis_ok(args.redis)}
    probe = specs("after")
    for n in names:
        for need in probe.get(n, Spec()).needs:
            if missing.get(need) and n not in skipped:
                skipped[n] = missing[need]
    names = [n for n in names if n not in skipped]

    tmp = Path(tempfile.mkdtemp(prefix="zw-compare-"))
    before_root = tmp / "before"
    subprocess.run(
        ["git", "-C", str(after_root), "worktree", "add", "--detach", str(before_root), rev],
        check=True,
        capture_output=True,
    )
    trees = {"before": Tree("before", before_root, args), "after": Tree("after", after_root, args)}
    for name in names:
        trees["before"].borrow(name, after_root)
    made_dbs: list[str] = []
    results: dict[str, dict[str, dict[str, list[float]]]] = {}
    errors: dict[tuple[str, str], str] = {}
    rounds_done = 0
    stopped = ""
    log = print
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    try:
        needs = {need for n in names for need in probe.get(n, Spec()).needs}
        for side, tree in trees.items():
            for suffix in ("import", "market", "rl", "reports"):
                pg_exec(args.pg, f'DROP DATABASE IF EXISTS "zw_cmp_{side}_{suffix}" WITH (FORCE)')
                pg_exec(args.pg, f'CREATE DATABASE "zw_cmp_{side}_{suffix}"')
                made_dbs.append(f"zw_cmp_{side}_{suffix}")
            made_dbs.append(f"zw_cmp_{side}_kill")
            for count in ("2000", "20000") if side == "before" else ("2001", "20001"):
                made_dbs.append(f"zw_bench_verify_{count}")
            if "demo" in needs:
                demo = f"zw_cmp_{side}_demo"
                if args.keep_databases and demo_loaded(args.pg, demo):
                    log(f"# {demo}: demo already loaded (--keep-databases), reused", file=sys.stderr)
                    continue
                pg_exec(args.pg, f'DROP DATABASE IF EXISTS "{demo}" WITH (FORCE)')
                pg_exec(args.pg, f'CREATE DATABASE "{demo}"')
                made_dbs.append(demo)
                env = tree.env({"ZHENWEI_DATABASE_URL": f"{args.pg}/{demo}", "ZHENWEI_ENV": "local"})
                t0 = time.perf_counter()
                tree.zhenwei("migrate", "--noinput", "-v0", env=env)
                tree.zhenwei("demo", "load", env=env)
                log(f"# demo loaded for {side} in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        seed_fonts(
            trees["after"],
            [Path(f"/tmp/zw_cmp_{side}_demo") for side in trees]
            + [
                Path(tempfile.gettempdir()) / f"zw_bench_verify_postgres_{count}"
                for count in (2000, 20000, 2001, 20001)
            ],
        )
        started = time.monotonic()
        for r in range(args.rounds):
            order = ["before", "after"] if r % 2 == 0 else ["after", "before"]
            for name in names:
                if r >= (probe[name].max_rounds if name in probe else 99):
                    continue
                if args.budget_minutes and time.monotonic() - started > args.budget_minutes * 60:
                    stopped = f"stopped by --budget-minutes {args.budget_minutes:g} in round {r + 1}"
                    break
                for side in order:
                    tree = trees[side]
                    spec = specs(side)[name] if name in probe else Spec()
                    extra = {}
                    db = f"zw_cmp_{side}"
                    if name in ("import_product_codes", "market_listings", "reports_monthly"):
                        suffix = {"import_product_codes": "import", "market_listings": "market"}.get(
                            name, "reports"
                        )
                        extra["ZHENWEI_DATABASE_URL"] = f"{args.pg}/{db}_{suffix}"
                    if name == "tips_public":
                        extra["ZHENWEI_DATABASE_URL"] = f"{args.pg}/{db}_demo"
                        extra["ZHENWEI_VAR_DIR"] = str(tmp / f"var_{side}")
                    metrics, err = run_one(tree, name, spec, extra)
                    log(f"# round {r + 1} {name} {side}: {err or 'ok'}", file=sys.stderr)
                    if metrics is None:
                        errors[(name, side)] = err
                        continue
                    for metric, value in metrics.items():
                        results.setdefault(name, {}).setdefault(metric, {}).setdefault(side, []).append(value)
                if args.out:  # the table so far, so that an interrupted run still leaves its numbers
                    text = table(
                        args, rev, after_root, after_rev, names, results, errors, skipped, rounds_done
                    )
                    Path(args.out).write_text(text + "\n", encoding="utf-8")
            if stopped:
                break
            rounds_done = r + 1
    finally:
        for tree in trees.values():
            tree.cleanup()
        subprocess.run(
            ["git", "-C", str(after_root), "worktree", "remove", "--force", str(before_root)], check=False
        )
        shutil.rmtree(tmp, ignore_errors=True)
        if not args.keep_databases and made_dbs and not missing["pg"]:
            for db in made_dbs:
                try:
                    pg_exec(args.pg, f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
                except Exception:  # noqa: BLE001, S110 - best effort
                    pass

    if stopped:
        skipped = {**skipped, "(run)": stopped}
    text = table(args, rev, after_root, after_rev, names, results, errors, skipped, rounds_done)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")


def table(args, rev, after_root, after_rev, names, results, errors, skipped, rounds_done) -> str:
    """The comparison so far: medians per side, after / before, verdict."""
    lines = [
        f"before = {args.before} ({rev}), after = {after_root} ({after_rev}), "
        f"{rounds_done} of {args.rounds} rounds done, interleaved (n = runs per side in the median)",
        f"host: {os.cpu_count()} cores, load average now {os.getloadavg()[0]:.1f}",
        "costs, lower is better; ratio = after / before (≤ 1.00: at least as fast; "
        f"'slower' only above 1 + {args.tolerance:.2f}, the noise of a shared machine)",
        "",
        f"{'bench':<22} {'metric':<42} {'before':>12} {'after':>12} {'ratio':>7}  verdict",
    ]
    worst = []
    for name in names:
        for metric, sides in results.get(name, {}).items():
            if metric.startswith("_"):
                continue
            b = statistics.median(sides["before"]) if sides.get("before") else None
            a = statistics.median(sides["after"]) if sides.get("after") else None
            if b is None or a is None:
                ratio, verdict = None, "one side only"
            elif b == 0:
                ratio, verdict = None, "ok" if a == 0 else "worse"
            else:
                ratio = a / b
                verdict = "slower" if ratio > 1 + args.tolerance else "ok"
            if metric.startswith(INFO):
                verdict = "(no verdict)"
            if verdict in ("slower", "worse"):
                worst.append(f"{name} {metric}")
            n = min(len(sides.get("before", [])), len(sides.get("after", [])))
            lines.append(
                f"{name:<22} {metric:<42} {_fmt(b):>12} {_fmt(a):>12} {_fmt(ratio):>7}  {verdict} (n={n})"
            )
        for side in ("before", "after"):
            if (name, side) in errors:
                lines.append(f"{name:<22} {'(' + side + ' failed)':<42} {errors[(name, side)]}")
    for name, reason in skipped.items():
        lines.append(f"{name:<22} skipped: {reason}")
    lines.append("")
    lines.append("slower: " + (", ".join(worst) if worst else "none"))
    return "\n".join(lines)


def _fmt(value) -> str:
    return "-" if value is None else f"{value:.4g}"


if __name__ == "__main__":
    main()
