"""Repository-level tests (permission matrix, deployment, faults): summary figures."""

import json
import os
import time
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
_STARTED = time.time()


def _merge_matrix_parts() -> None:
    """Under xdist the permission matrix runs in two halves on two workers, each writing its part
    (permission_matrix.gw0.json, …): the whole run's figures are their sum."""
    from collections import Counter

    from .matrix_support import matrix_figures

    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    parts = [p for p in ARTIFACTS.glob("permission_matrix.gw*.json") if p.stat().st_mtime >= _STARTED]
    if not parts:
        return
    stats, pairs = Counter(), set()
    for part in parts:
        data = json.loads(part.read_text())
        stats.update(data["stats"])
        pairs.update(tuple(pair) for pair in data["pairs"])
        part.unlink()
    (ARTIFACTS / "permission_matrix.json").write_text(json.dumps(matrix_figures(stats, pairs), indent=1))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    _merge_matrix_parts()
    for name in ("permission_matrix.json", "hypothesis.json"):
        path = ARTIFACTS / name
        if path.exists() and path.stat().st_mtime >= _STARTED:
            terminalreporter.write_line(f"{name[:-5]}: {json.loads(path.read_text())}")
