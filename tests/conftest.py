"""Repository-level tests (permission matrix, schema fuzzing, deployment, faults): summary figures."""

import json
import time
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
_STARTED = time.time()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    for name in ("permission_matrix.json", "schemathesis.json", "hypothesis.json"):
        path = ARTIFACTS / name
        if path.exists() and path.stat().st_mtime >= _STARTED:
            terminalreporter.write_line(f"{name[:-5]}: {json.loads(path.read_text())}")
