"""The long fuzz runs kept out of `make test` (which collects src/ and tests/ only): `make fuzz-api`."""

import json
from pathlib import Path

ARTIFACT = Path(__file__).resolve().parent.parent / "test-artifacts" / "schemathesis.json"


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if ARTIFACT.exists():
        terminalreporter.write_line(f"schemathesis: {json.loads(ARTIFACT.read_text())}")
