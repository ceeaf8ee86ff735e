"""Every row of every built-in template is defined once, in words and in code: docs/reports.md has
a table per template whose lines match the registry of rows (builtin.py) and of metrics."""

from pathlib import Path

import pytest

from zhenwei.reports import metrics
from zhenwei.reports.builtin import BUILTIN_TEMPLATES

DOC = Path(__file__).resolve().parents[4] / "docs" / "reports.md"
ROWS = [(spec["slug"], row) for spec in BUILTIN_TEMPLATES for row in spec["rows"]]


def _doc_tables() -> dict[str, dict[str, list[str]]]:
    """{slug: {row code: cells}} from the "### `slug`" tables of docs/reports.md."""
    tables: dict[str, dict[str, list[str]]] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("### `"):
            current = tables.setdefault(line.split("`")[1], {})
        elif line.startswith("#"):
            current = None
        elif current is not None and line.startswith("| ") and not line.startswith("| row |"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            current[cells[0]] = cells
    return tables


TABLES = _doc_tables()


def _base_metrics(key: str) -> list[metrics.Metric]:
    base, _param = metrics.split_key(key)
    metric = metrics.REGISTRY[base]
    if isinstance(metric, metrics.DerivedMetric):
        return [metrics.REGISTRY[metrics.split_key(k)[0]] for k in metric.inputs]
    return [metric]


@pytest.mark.parametrize(("slug", "row"), ROWS, ids=[f"{slug}:{row[0]}" for slug, row in ROWS])
def test_every_row_has_its_doc_line_matching_the_code(slug, row):
    code, kind, _section, _group, label, unit, key = row
    assert slug in TABLES, f"docs/reports.md has no table for {slug}"
    cells = TABLES[slug].get(code)
    assert cells is not None, f"docs/reports.md: {slug} has no line for row {code}"
    assert len(cells) == 7, cells
    _code, item, doc_unit, doc_metric, records, date, _excluded = cells
    assert label in item
    if kind != "number":
        assert (doc_unit, doc_metric) == ("—", "—")
        return
    assert doc_unit == unit
    assert doc_metric == f"`{key}`"
    assert records and records != "—"
    for metric in _base_metrics(key):
        assert (f"`{metric.date_field}`" if metric.date_field else "—") in date, (code, metric.key, date)


@pytest.mark.parametrize(("slug", "row"), ROWS, ids=[f"{slug}:{row[0]}" for slug, row in ROWS])
def test_money_and_counts_are_in_the_rows_unit(slug, row):
    """A metric computes in its unit (元 × 0.0001 for 万元); the row prints that unit."""
    _code, kind, _section, _group, _label, unit, key = row
    if kind != "number":
        return
    base, _param = metrics.split_key(key)
    metric = metrics.REGISTRY[base]
    assert metric.unit == unit, (key, metric.unit, unit)
    if isinstance(metric, metrics.Metric) and metric.agg == "sum" and unit in ("万元", "元"):
        assert metric.scale == (metrics.Decimal("0.0001") if unit == "万元" else 1), key


def test_no_doc_line_for_a_row_that_does_not_exist():
    for slug, lines in TABLES.items():
        codes = {row[0] for spec in BUILTIN_TEMPLATES if spec["slug"] == slug for row in spec["rows"]}
        assert set(lines) <= codes, (slug, set(lines) - codes)
