"""Issue 14: an audit trail that proves nothing was removed or edited.

Each attack is what someone with write access to the database (but not to KEYS_DIR / the audit key)
can do with a few SQL statements; each must make ``zhenwei audit verify`` fail, naming what it found.
"""

import datetime as dt
import hashlib
import io
import json
import stat
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from zhenwei.core import audit
from zhenwei.core.audit_checkpoint import CheckpointError, checkpoint_read
from zhenwei.core.models import AuditChainHead, AuditEntry

TABLE = AuditEntry._meta.db_table


def verify(*args) -> tuple[int, str, str]:
    """Run `zhenwei audit verify`; returns (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit", "verify", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def sql(statement: str, params=()) -> None:
    with connection.cursor() as cur:
        cur.execute(statement, params)


@pytest.fixture
def keys(settings, tmp_path):
    settings.KEYS_DIR = tmp_path / "keys"
    return settings.KEYS_DIR


@pytest.fixture
def world(org, keys):
    """A case, a tip and a certificate written through their services (each with its audit rows)."""
    from zhenwei.cases.services import case_open
    from zhenwei.registry.services import certificate_save, certificate_transition
    from zhenwei.registry.tests.factories import make_id_number
    from zhenwei.tips.tests.helpers import submit

    case = case_open(
        title="假冒灭火器案",
        kind="other",
        source="other",
        division=org.a,
        department=org.dept(org.a, "market"),
        actor=org.officer_a,
    )
    tip, _receipt = submit(org.a)
    cert = certificate_save(
        actor=org.admin,
        data={
            "number": "T500235198503120099",
            "kind": "special_operation",
            "operation_category": "电工作业",
            "operation_item": "低压电工作业",
            "holder_name": "张小三",
            "holder_id_number": make_id_number(99),
            "authority": "重庆市云阳县应急管理局",
            "issued_on": dt.date(2024, 5, 1),
            "expires_on": dt.date(2030, 5, 1),
            "division": org.a,
        },
    )
    cert = certificate_transition(actor=org.admin, certificate=cert, to="suspended", note="test")
    return {"case": case, "tip": tip, "cert": cert}


def test_service_writes_verify_clean_with_keyed_rows_and_state_hashes(world):
    code, out, err = verify()
    assert code == 0, err
    assert "audit chain intact" in out and "sealed records match" in out
    rows = AuditEntry.objects.filter(model__in=["cases.case", "tips.tip", "registry.certificate"])
    assert rows.exists() and all(r.hash_alg == audit.KEYED and r.state_hash for r in rows)


# --- keyed chain ---------------------------------------------------------------------------------


def _recompute_plain(from_seq: int, *, downgrade: bool) -> None:
    """What an attacker without the key does after editing a row: recompute SHA-256 onwards."""
    rows = list(AuditEntry.objects.filter(seq__gte=from_seq).order_by("seq"))
    prev = AuditEntry.objects.filter(seq=from_seq - 1).values_list("hash", flat=True).first() or audit.GENESIS
    for row in rows:
        if downgrade:
            row.hash_alg = audit.PLAIN
        payload = audit.canonical(audit.entry_payload(row))
        row.prev_hash = prev
        row.hash = prev = hashlib.sha256(f"{prev}|{payload}".encode()).hexdigest()
        AuditEntry.objects.filter(pk=row.pk).update(
            prev_hash=row.prev_hash, hash=row.hash, hash_alg=row.hash_alg
        )
    AuditChainHead.objects.filter(pk=1).update(hash=prev)


def test_recomputing_the_plain_chain_after_an_edit_fails(world):
    victim = AuditEntry.objects.filter(model="registry.certificate").order_by("seq").first()
    sql(f"UPDATE {TABLE} SET note = %s WHERE id = %s", ["nothing happened here", victim.pk])
    _recompute_plain(victim.seq, downgrade=False)
    code, _out, err = verify("--chain-only")
    assert code == 1
    assert f"seq={victim.seq}" in err and "without the audit key" in err


def test_downgrading_the_tail_to_plain_hashes_fails(world):
    first = AuditEntry.objects.order_by("seq").first()
    _recompute_plain(first.seq, downgrade=True)  # the whole chain rewritten as pre-issue-14 rows
    code, _out, err = verify("--chain-only")
    assert code == 1 and "state hash" in err


def test_a_row_hashed_with_another_key_fails(world, settings):
    settings.AUDIT_KEY = "someone-elses-key-of-sufficient-length"
    code, _out, err = verify("--chain-only")
    assert code == 1 and "without the audit key" in err


def test_rows_written_before_issue_14_keep_verifying(org):
    """Legacy rows (plain SHA-256, no hash_alg in the payload) chain into keyed rows."""
    prev = audit.GENESIS
    for seq in (1, 2):
        row = AuditEntry(
            seq=seq,
            at=dt.datetime(2026, 1, seq, tzinfo=dt.UTC),
            actor_repr="legacy",
            action="other",
            note=f"legacy {seq}",
            prev_hash=prev,
            hash_alg=audit.PLAIN,
        )
        row.hash = prev = hashlib.sha256(
            f"{prev}|{audit.canonical(audit.entry_payload(row))}".encode()
        ).hexdigest()
        row.save()
    AuditEntry.objects.filter(seq__gt=2).delete()  # the org fixture's rows: rebuild them on top
    AuditChainHead.objects.update_or_create(pk=1, defaults={"seq": 2, "hash": prev})
    audit.audit_record(actor=None, action="other", note="first keyed row")
    result = audit.audit_verify_chain()
    assert result.ok, result.reason
    assert result.keyed_since == 3 and result.checked == 3
    sql(f"UPDATE {TABLE} SET note = %s WHERE seq = 1", ["edited legacy row"])
    row_hash = hashlib.sha256(
        f"{audit.GENESIS}|{audit.canonical(audit.entry_payload(AuditEntry.objects.get(seq=1)))}".encode()
    ).hexdigest()
    _recompute_plain(1, downgrade=False) if False else sql(
        f"UPDATE {TABLE} SET hash = %s WHERE seq = 1", [row_hash]
    )
    assert not audit.audit_verify_chain().ok  # row 2 (and the keyed row 3) bind the old hash


def test_audit_key_file_is_created_0600_outside_the_database(settings, keys, db):
    settings.AUDIT_KEY = ""
    key = audit.audit_key()
    path = Path(keys) / audit.AUDIT_KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and len(key) == 64
    assert audit.audit_key() == key  # read back, not regenerated
    entry = audit.audit_record(actor=None, action="other", note="x")
    assert key.decode() not in json.dumps(list(AuditEntry.objects.values()), default=str)
    assert entry.hash_alg == audit.KEYED


# --- checkpoints -----------------------------------------------------------------------------------


def test_deleting_the_newest_rows_and_the_head_is_caught_by_a_checkpoint(world, tmp_path):
    checkpoint = tmp_path / "checkpoint.json"
    call_command("audit", "checkpoint", str(checkpoint), stdout=io.StringIO())
    assert stat.S_IMODE((tmp_path / "keys" / "audit-checkpoint.pem").stat().st_mode) == 0o600
    assert verify("--checkpoint", str(checkpoint))[0] == 0
    head = AuditChainHead.objects.get()
    # The attack of the issue: the newest rows and the chain-head row, two statements.
    sql(f"DELETE FROM {TABLE} WHERE seq > %s", [head.seq - 3])
    sql(f"DELETE FROM {AuditChainHead._meta.db_table}")
    code, _out, err = verify("--checkpoint", str(checkpoint), "--chain-only")
    assert code == 1
    assert "head deleted" in err
    assert f"checkpoint {head.seq}" in err and "removed from the end" in err
    # A careful attacker rewrites the head instead of deleting it: only the checkpoint sees it.
    last = AuditEntry.objects.order_by("-seq").first()
    AuditChainHead.objects.create(pk=1, seq=last.seq, hash=last.hash)
    assert verify("--chain-only")[0] == 0
    code, _out, err = verify("--checkpoint", str(checkpoint), "--chain-only")
    assert code == 1 and "removed from the end" in err


def test_checkpoint_survives_later_rows_and_a_forged_checkpoint_is_refused(world, org, tmp_path):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from zhenwei.core import audit_checkpoint

    checkpoint = tmp_path / "checkpoint.json"
    call_command("audit", "checkpoint", str(checkpoint), stdout=io.StringIO())
    audit.audit_record(actor=org.admin, action="other", note="later row")
    assert verify("--checkpoint", str(checkpoint))[0] == 0

    data = json.loads(checkpoint.read_text())
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps({**data, "seq": data["seq"] - 1}))
    with pytest.raises(CheckpointError, match="signature is invalid"):
        checkpoint_read(edited)
    # Signed by a key of the forger's own, who also names that key in the file.
    rogue = Ed25519PrivateKey.generate()
    body = {k: v for k, v in data.items() if k != "signature"}
    body["public_key"] = audit_checkpoint._public_text(rogue.public_key())
    forged = tmp_path / "forged.json"
    forged.write_text(
        json.dumps(
            {**body, "signature": audit_checkpoint._b64u(rogue.sign(audit_checkpoint._signed_bytes(body)))}
        )
    )
    code, _out, err = verify("--checkpoint", str(forged), "--chain-only")
    assert code == 1 and "forged" in err


def test_a_rewritten_chain_is_caught_by_its_checkpoint_hash(world, tmp_path):
    checkpoint = tmp_path / "checkpoint.json"
    call_command("audit", "checkpoint", str(checkpoint), stdout=io.StringIO())
    sql(f"UPDATE {TABLE} SET hash = %s WHERE seq = (SELECT MAX(seq) FROM {TABLE})", ["f" * 64])
    code, _out, err = verify("--checkpoint", str(checkpoint), "--chain-only")
    assert code == 1


# --- business records against their last audit row -------------------------------------------------


@pytest.mark.parametrize(
    ("record", "statement", "params"),
    [
        ("case", "UPDATE cases_case SET status = %s WHERE id = %s", ["closed"]),
        ("tip", "UPDATE tips_tip SET description = %s WHERE id = %s", ["nothing to see"]),
        ("cert", "UPDATE registry_certificate SET status = %s WHERE id = %s", ["valid"]),
    ],
)
def test_raw_sql_edits_of_business_records_are_named(world, record, statement, params):
    obj = world[record]
    label = obj._meta.label_lower
    sql(statement, [*params, obj.pk])
    code, _out, err = verify()
    assert code == 1
    assert f"{label}:{obj.pk} differs from its last audit row" in err and "changed without audit" in err
    problems = list(audit.audit_verify_records())
    assert [(p.label, p.object_id, p.kind) for p in problems] == [(label, str(obj.pk), "changed")]


def test_tip_deleted_without_audit_is_named(world):
    from zhenwei.tips.models import Tip

    tip = world["tip"]
    # A queryset delete writes no audit row, like a DELETE in psql (it also removes the tip's
    # events and routings, which a raw DELETE would need to keep the foreign keys valid).
    Tip.objects.filter(pk=tip.pk).delete()
    code, _out, err = verify()
    assert code == 1
    assert f"tips.tip:{tip.pk} is gone" in err and "deleted without audit" in err
    problems = list(audit.audit_verify_records())
    assert [(p.label, p.object_id, p.kind) for p in problems] == [("tips.tip", str(tip.pk), "deleted")]


def test_record_created_without_audit_is_named_and_seal_accepts_a_baseline(world, org):
    from zhenwei.registry.tests.factories import CertificateFactory

    unaudited = CertificateFactory(division=org.a)  # a factory writes no audit row, as raw SQL would not
    code, _out, err = verify()
    assert code == 1 and f"registry.certificate:{unaudited.pk} has no audit row" in err
    out = io.StringIO()
    call_command("audit", "seal", stdout=out)
    assert "sealed 1 records" in out.getvalue()
    assert verify()[0] == 0
    row = AuditEntry.objects.get(model="registry.certificate", object_id=str(unaudited.pk))
    assert row.action == "seal" and row.state_hash


def test_audited_delete_verifies_clean(world, org):
    from zhenwei.registry.models import Certificate

    cert = world["cert"]
    audit.audit_delete(actor=org.admin, obj=cert)
    Certificate.objects.filter(pk=cert.pk).delete()
    assert verify()[0] == 0


def test_record_walk_is_batched(world, org, django_assert_max_num_queries):
    """Bounded memory: records and audit ids are read in batches, whatever the table size."""
    from zhenwei.registry.tests.factories import CertificateFactory

    for _ in range(7):
        CertificateFactory(division=org.a)
    call_command("audit", "seal", stdout=io.StringIO())
    problems = list(audit.audit_verify_records(batch_size=3, labels=["registry.certificate"]))
    assert problems == []


def test_demo_load_leaves_a_trail_that_verifies(demo_data, db):
    """Every app's demo goes through the services (plus bulk placement, sealed as the baseline):
    the whole trail then verifies, chain and sealed records alike. The demo is the one the tests on
    the demo data share (conftest.demo_data); that a second load seals nothing is
    zhenwei/demo/tests/test_demo_load.py's."""
    code, verified, err = verify()
    assert code == 0, err[:2000]
    assert "sealed records match" in verified


def test_demo_baseline_seals_only_what_the_load_wrote(world, org):
    """`zhenwei demo load` seals its own bulk data, never an edit made before it ran."""
    from zhenwei.registry.tests.factories import CertificateFactory

    tip = world["tip"]
    sql("UPDATE tips_tip SET description = %s WHERE id = %s", ["edited before the load", tip.pk])
    mark = audit.audit_mark()
    loaded = CertificateFactory(division=org.a)  # what a demo loader places in bulk
    sealed = audit.audit_seal_unmatched(actor="test", note="demo", kinds=("unaudited", "changed"), since=mark)
    assert sealed == 1
    problems = [(p.label, p.object_id, p.kind) for p in audit.audit_verify_records()]
    assert problems == [("tips.tip", str(tip.pk), "changed")]
    assert AuditEntry.objects.get(model="registry.certificate", object_id=str(loaded.pk)).action == "seal"


def test_full_downgrade_to_a_plain_chain_is_caught_by_a_checkpoint_and_by_the_records(world, tmp_path):
    """The hash_alg column's worst case: every keyed row rewritten as a pre-issue-14 row."""
    checkpoint = tmp_path / "checkpoint.json"
    call_command("audit", "checkpoint", str(checkpoint), stdout=io.StringIO())
    AuditEntry.objects.update(state_hash="")  # plain rows may not carry state hashes
    _recompute_plain(1, downgrade=True)
    assert verify("--chain-only")[0] == 0  # a consistent plain chain on its own...
    code, _out, err = verify("--checkpoint", str(checkpoint), "--chain-only")
    assert code == 1 and "chain rewritten" in err  # ...but not the chain the checkpoint saw
    code, _out, err = verify()
    assert code == 1 and "has no audit row" in err  # ...and every sealed record lost its seal


def test_sealed_fields_exist_and_no_delete_elsewhere_can_change_them():
    """Generated from the registry of sealed models: every sealed field is a concrete column, and no
    sealed foreign key is SET_NULL/CASCADE-d by a delete of another record (that change would have
    no audit row about this record and be reported as tampering)."""
    from django.db import models as dj

    registry = audit.sealed_models()
    assert {
        "cases.case",
        "tips.tip",
        "registry.certificate",
        "registry.enterprise",
        "credit.creditentry",
    } <= set(registry)
    for label, (model, fields) in registry.items():
        columns = {f.attname: f for f in model._meta.concrete_fields}
        assert set(fields) <= set(columns), label
        for name in fields:
            field = columns[name]
            if field.is_relation:
                assert field.remote_field.on_delete in (dj.PROTECT, dj.RESTRICT), f"{label}.{name}"
