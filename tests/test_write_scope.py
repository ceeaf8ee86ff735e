"""Scope on every write path, generated from the registries of write places (docs/security.md T30–T34).

A town officer (officer_t, town T under county A) tries to write records of a sibling town (T2),
of the parent county (A) and of another province (county QC under province Q):

* every import kind of the importer registry (``zhenwei import``'s ``all_importers()``), each in
  every operation it supports: ``create`` (a new row placed in the target division), ``update`` (a
  row naming an existing record of the target, placing it in the officer's own town, so only the
  existing-record check can catch it), ``refer`` (a new row in the officer's town pointing to an
  enterprise of the target). The probe row must be rejected with its line and a reason, nothing
  outside the officer's scope may change, and a control row in the officer's own town in the same
  file is still written;
* every import kind the staff upload page offers, through ``/staff/registry/imports/`` and the
  background job, and the server command with ``--user``;
* the report upload, for every target division.

A kind added to the registry without a row builder here fails test_every_import_kind_has_a_probe.
The URL patterns with unsafe methods are walked by tests/test_permission_matrix.py, which also
probes them as a town officer against a sibling town, the county above and another province.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from .write_scope_support import KINDS, OPS, PROBES, TARGETS, all_importers, make_world, outside_snapshot


@pytest.fixture
def world(org):
    return make_world(org)


def test_every_import_kind_has_a_probe():
    assert set(KINDS) <= set(PROBES), f"import kinds without a scope probe: {set(KINDS) - set(PROBES)}"


CASES = [(kind, target, op) for kind in KINDS for target in TARGETS for op in OPS if op in PROBES[kind].ops]


@pytest.mark.parametrize(("kind", "target", "op"), CASES, ids=["-".join(c) for c in CASES])
def test_importer_rejects_rows_outside_the_importer_scope(world, tmp_path, kind, target, op):
    probe = PROBES[kind]
    probe._tmp = tmp_path
    division = world.targets[target]
    key = probe.seed(world, division, 1) if op in ("update", "refer") else None
    control_key = probe.seed(world, world.own, 2) if op == "update" and kind == "lab_results" else None
    rows = [probe.row(world, op, division, 1, key)]
    if not probe.whole_file_refused:
        rows.append(probe.row(world, "update" if control_key else "create", world.own, 2, control_key))
    path = probe.write(tmp_path, rows)
    before = outside_snapshot(probe.models(), world.officer)

    importer = all_importers()[kind]
    if probe.whole_file_refused:
        with pytest.raises(PermissionDenied):
            importer(path=path, actor=world.officer)
    else:
        summary = importer(path=path, actor=world.officer)
        lines = {line: reason for line, reason in summary.errors}
        assert 2 in lines, (
            f"{kind} {op} in {target}: the row outside scope was not rejected ({summary.line()})"
        )
        assert "辖" in lines[2], lines[2]  # the reason names the jurisdiction (管辖范围/辖区)
        assert 3 not in lines, f"the control row in the officer's town was rejected: {lines[3]}"
        assert probe.control_written(world, 2), "the control row in the officer's own town was lost"
    assert outside_snapshot(probe.models(), world.officer) == before, (
        f"{kind} {op} changed records in {target}"
    )


@pytest.mark.parametrize("kind", KINDS)
def test_importer_as_system_actor_or_platform_admin_writes_anywhere(world, tmp_path, kind):
    """The named system actor (``zhenwei import`` on the server) and the platform administrator
    keep writing in any division."""
    probe = PROBES[kind]
    probe._tmp = tmp_path
    division = world.targets["other_province"]
    op = probe.ops[0]
    key = probe.seed(world, division, 1) if op != "create" else None
    path = probe.write(tmp_path, [probe.row(world, op, division, 1, key)])
    for actor in (None, world.org.admin):
        summary = all_importers()[kind](path=path, actor=actor)
        assert not summary.errors, summary.errors
