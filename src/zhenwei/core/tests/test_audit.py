import pytest
from django.core.management import call_command
from django.db import connection

from zhenwei.core.audit import audit_create, audit_update, audit_verify, snapshot
from zhenwei.core.models import AuditEntry


def _make_rows(org, n=3):
    dept = org.dept(org.a, "market")
    for i in range(n):
        before = snapshot(dept)
        dept.phone = f"0000-{i}"
        dept.save()
        audit_update(actor=org.officer_a, obj=dept, before=before)
    return dept


def test_rows_chain_and_verify(org):
    _make_rows(org)
    checked, broken, reason = audit_verify()
    assert checked == AuditEntry.objects.count() >= 3
    assert broken is None and reason == ""


def test_update_row_keeps_only_changed_fields_and_division(org):
    dept = _make_rows(org, 1)
    row = AuditEntry.objects.order_by("-seq").first()
    assert row.before == {"phone": ""} and row.after == {"phone": "0000-0"}
    assert row.division_id == dept.division_id
    assert row.actor == org.officer_a


def test_row_edited_by_hand_in_database_is_detected(org, capsys):
    _make_rows(org, 4)
    victim = AuditEntry.objects.order_by("seq")[1]
    with connection.cursor() as cur:
        cur.execute(
            f"UPDATE {AuditEntry._meta.db_table} SET object_repr = %s WHERE id = %s", ["forged", victim.pk]
        )
    checked, broken, reason = audit_verify()
    assert broken is not None and broken.seq == victim.seq
    assert "edited" in reason
    with pytest.raises(SystemExit) as exc:
        call_command("audit", "verify")
    assert exc.value.code == 1
    assert f"seq={victim.seq}" in capsys.readouterr().err


def test_deleted_row_is_detected(org):
    _make_rows(org, 4)
    AuditEntry.objects.filter(seq=2).delete()
    _, broken, reason = audit_verify()
    assert broken is not None and "deleted" in reason


def test_audit_create_records_after_values(org):
    from zhenwei.core.tests.factories import DepartmentFactory

    dept = DepartmentFactory(division=org.b)
    row = audit_create(actor=org.officer_b, obj=dept)
    assert row.after["name"] == dept.name and row.before is None
    assert row.model == "core.department"


def test_secret_fields_never_enter_the_trail(org):
    row = audit_create(actor=None, obj=org.officer_a)
    assert "password" not in row.after
