"""Benchmark: the random draw (zhenwei-draw-v1) on a county-sized register, and its re-run.

Builds recorded inputs for N subjects (default 20,000) in 60 strata (division × kind), M inspectors
(default 300) with 2 % declared conflicts, draws n = 5 % of the subjects with 2 inspectors each,
then re-runs the draw from the JSON-serialised inputs (what `zhenwei inspections redraw` and anyone
with the published lists do). Baseline, in the same run: sorting the subjects by a SHA-256 of the
seed and id (the least any reproducible draw must do). Prints one JSON line.

    .venv/bin/python bench/inspections_draw.py --subjects 20000 --inspectors 300
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from zhenwei.inspections import draw  # noqa: E402  (pure module: no Django setup needed)


def make_inputs(subjects: int, inspectors: int, share: float, seed: str) -> dict:
    kinds = ["retailer", "school", "hospital", "elderly_care", "market", "public_venue"]
    divisions = [f"5002351{n:02d}" for n in range(10)]
    subject_rows = [
        [
            i,
            f"{divisions[i % 10]}/{kinds[(i // 10) % 6]}",
            1 + (2 if i % 17 == 0 else 0) + (1 if i % 23 == 0 else 0),
        ]
        for i in range(1, subjects + 1)
    ]
    inspector_rows = [[10_000_000 + j, None, 500 + j % 12] for j in range(inspectors)]
    conflicts = sorted([10_000_000 + (i * 7) % inspectors, i] for i in range(1, subjects + 1) if i % 50 == 0)
    return {
        "algorithm": draw.ALGORITHM,
        "seed": seed,
        "target_count": int(subjects * share),
        "inspectors_per_target": 2,
        "subjects": subject_rows,
        "inspectors": inspector_rows,
        "conflicts": conflicts,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subjects", type=int, default=20_000)
    parser.add_argument("--inspectors", type=int, default=300)
    parser.add_argument("--share", type=float, default=0.05)
    args = parser.parse_args()
    inputs = make_inputs(args.subjects, args.inspectors, args.share, "bench-seed-2026")

    t0 = time.perf_counter()
    sorted(inputs["subjects"], key=lambda s: hashlib.sha256(f"bench-seed-2026|{s[0]}".encode()).digest())
    baseline = time.perf_counter() - t0

    t0 = time.perf_counter()
    result = draw.compute(inputs)
    drawn = time.perf_counter() - t0

    published = json.dumps(inputs)  # what is recorded and published
    t0 = time.perf_counter()
    again = draw.compute(json.loads(published))
    redrawn = time.perf_counter() - t0

    loads: dict[int, int] = {}
    for t in result["targets"]:
        for i in t["inspectors"]:
            loads[i] = loads.get(i, 0) + 1
    conflicts = {tuple(c) for c in inputs["conflicts"]}
    violations = sum((i, t["enterprise"]) in conflicts for t in result["targets"] for i in t["inspectors"])
    print(
        json.dumps(
            {
                "bench": "inspections_draw",
                "subjects": args.subjects,
                "inspectors": args.inspectors,
                "targets": len(result["targets"]),
                "draw_s": round(drawn, 4),
                "redraw_s": round(redrawn, 4),
                "baseline_hash_sort_s": round(baseline, 4),
                "ratio_draw_to_baseline": round(drawn / baseline, 2),
                "reproducible": again == result,
                "conflict_violations": violations,
                "inspector_load_min": min(loads.values()),
                "inspector_load_max": max(loads.values()),
                "inputs_json_bytes": len(published),
            }
        )
    )


if __name__ == "__main__":
    main()
