"""The random draw (双随机), as a pure function of recorded inputs so anyone can re-run it.

Algorithm ``zhenwei-draw-v1`` (documented in docs/inspections.md):

1. ``u(label) = (int(SHA-256(seed + "|" + label)[:13 hex digits], 16) + 0.5) / 2**52`` — a uniform
   number in (0, 1) derived from the published seed and a label; no hidden state.
2. Subjects are grouped into strata (``division code/kind``). The number to draw, n, is shared
   among strata in proportion to their size (largest-remainder method, exact fractions; ties go to
   the stratum whose key sorts first).
3. Within a stratum each subject gets the key ``-ln(u("subject:" + id)) / weight`` (weighted sampling
   without replacement, Efraimidis–Spirakis); the smallest keys are drawn (ties by id).
4. Targets are ordered by stratum key, then key. For each target in that order, inspectors are
   chosen among the eligible (no declared conflict with the subject, not employed by the subject)
   by smallest (current load, same department as an inspector already chosen for this target,
   ``u("inspector:" + enterprise id + ":" + inspector id)``), k per target; load grows by one per
   assignment, so work is spread evenly.
"""

from __future__ import annotations

import hashlib
import math
from fractions import Fraction
from typing import Any

ALGORITHM = "zhenwei-draw-v1"


class DrawError(ValueError):
    """The inputs cannot give a valid draw (too few eligible inspectors for a target)."""


def uniform(seed: str, label: str) -> float:
    digest = hashlib.sha256(f"{seed}|{label}".encode()).hexdigest()
    return (int(digest[:13], 16) + 0.5) / float(1 << 52)


def allocate(sizes: dict[str, int], n: int) -> dict[str, int]:
    """Share n among strata proportionally (largest remainder, exact arithmetic)."""
    total = sum(sizes.values())
    if total == 0 or n <= 0:
        return {k: 0 for k in sizes}
    n = min(n, total)
    quotas = {k: Fraction(n * size, total) for k, size in sizes.items()}
    alloc = {k: int(q) for k, q in quotas.items()}
    left = n - sum(alloc.values())
    order = sorted(sizes, key=lambda k: (-(quotas[k] - alloc[k]), k))
    for k in order:
        if left == 0:
            break
        if alloc[k] < sizes[k]:
            alloc[k] += 1
            left -= 1
    return alloc


def compute(inputs: dict[str, Any]) -> dict[str, Any]:
    """Run the draw on recorded inputs; returns {"targets": [{enterprise, stratum, position, inspectors}]}."""
    if inputs.get("algorithm") != ALGORITHM:
        raise DrawError(f"unknown algorithm {inputs.get('algorithm')!r}")
    seed = inputs["seed"]
    k = int(inputs["inspectors_per_target"])
    strata: dict[str, list[tuple[int, int]]] = {}
    for subject_id, stratum, weight in inputs["subjects"]:
        strata.setdefault(stratum, []).append((int(subject_id), int(weight)))
    alloc = allocate({s: len(v) for s, v in strata.items()}, int(inputs["target_count"]))
    chosen: list[tuple[str, float, int]] = []
    for stratum in sorted(strata):
        keyed = sorted(
            ((-math.log(uniform(seed, f"subject:{sid}")) / max(w, 1), sid) for sid, w in strata[stratum]),
        )
        chosen.extend((stratum, key, sid) for key, sid in keyed[: alloc[stratum]])
    chosen.sort(key=lambda t: (t[0], t[1], t[2]))
    inspectors = [(int(i), e, d) for i, e, d in inputs["inspectors"]]
    conflicts = {(int(i), int(e)) for i, e in inputs["conflicts"]}
    load = {i: 0 for i, _, _ in inspectors}
    targets = []
    for position, (stratum, _key, sid) in enumerate(chosen, start=1):
        eligible = [(i, e, d) for i, e, d in inspectors if (i, sid) not in conflicts and e != sid]
        if len(eligible) < k:
            raise DrawError(f"subject {sid}: only {len(eligible)} eligible inspector(s), {k} needed")
        picked: list[int] = []
        departments: set = set()
        # u() depends only on (seed, subject, inspector): computed once per candidate.
        candidates = [(i, d, uniform(seed, f"inspector:{sid}:{i}")) for i, _e, d in eligible]
        for _ in range(k):
            best = min(
                (c for c in candidates if c[0] not in picked),
                key=lambda c: (load[c[0]], 1 if c[1] is not None and c[1] in departments else 0, c[2], c[0]),
            )
            picked.append(best[0])
            departments.add(best[1])
            load[best[0]] += 1
        targets.append({"enterprise": sid, "stratum": stratum, "position": position, "inspectors": picked})
    return {"algorithm": ALGORITHM, "targets": targets}
