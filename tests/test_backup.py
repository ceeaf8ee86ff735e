"""Backups: create, wipe everything, restore into the empty database, compare rows, hashes and files."""

import hashlib
import io
import json
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from zhenwei.core.management.commands.backup import row_counts
from zhenwei.verify import keys

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
    b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _dump() -> str:
    out = io.StringIO()
    call_command(
        "dumpdata",
        "--exclude=contenttypes",
        "--exclude=auth.permission",
        "--exclude=sessions",
        "--exclude=admin.logentry",
        natural_foreign=True,
        format="xml",
        stdout=out,
    )
    return hashlib.sha256(out.getvalue().encode()).hexdigest()


def _wipe(keys: Path) -> None:
    call_command("flush", interactive=False, verbosity=0)
    for name in list(default_storage.listdir("evidence")[1]) if default_storage.exists("evidence") else []:
        default_storage.delete(f"evidence/{name}")
    for sub in default_storage.listdir("evidence")[0] if default_storage.exists("evidence") else []:
        for name in default_storage.listdir(f"evidence/{sub}")[1]:
            default_storage.delete(f"evidence/{sub}/{name}")
    for path in keys.glob("*"):
        path.unlink()


@pytest.fixture
def world(org, settings, tmp_path):
    from zhenwei.core.files import evidence_store

    settings.KEYS_DIR = tmp_path / "keys"
    evidence = evidence_store(
        fileobj=io.BytesIO(PNG), name="现场照片.png", actor=org.officer_a, division=org.a
    )
    key = keys.key_create(actor=org.admin)
    return {"evidence": evidence, "kid": key.kid, "keys": settings.KEYS_DIR}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_restores_into_an_empty_database_with_identical_rows_files_and_keys(world, tmp_path):
    before_counts, before_hash = row_counts(), _dump()
    key_file = next(world["keys"].glob("*"))
    key_bytes = key_file.read_bytes()
    backup = tmp_path / "backup"
    call_command("backup", "create", str(backup), stdout=io.StringIO())
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["database"]["rows"] == before_counts
    assert {f["path"] for f in manifest["files"]} >= {world["evidence"].storage_name}
    assert oct((backup / "keys" / key_file.name).stat().st_mode)[-3:] == "600"

    _wipe(world["keys"])
    assert sum(row_counts().values()) == 0 and not default_storage.exists(world["evidence"].storage_name)

    out = io.StringIO()
    call_command("backup", "restore", str(backup), stdout=out)
    assert "row counts match" in out.getvalue()
    assert row_counts() == before_counts
    assert _dump() == before_hash  # every row identical, field for field
    with default_storage.open(world["evidence"].storage_name, "rb") as handle:
        assert handle.read() == PNG
    assert (world["keys"] / key_file.name).read_bytes() == key_bytes
    call_command("audit", "verify", stdout=io.StringIO())  # the hash chain survived the round trip
    # New rows after a restore get fresh ids (sequences were reset on PostgreSQL).
    from zhenwei.core.tests.factories import UserFactory

    assert UserFactory(username="after_restore").pk > max(1, before_counts.get("core.user", 0))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_damaged_backup_is_refused_before_anything_is_touched(world, tmp_path):
    backup = tmp_path / "backup"
    call_command("backup", "create", str(backup), stdout=io.StringIO())
    evidence_copy = backup / "files" / world["evidence"].storage_name
    evidence_copy.write_bytes(evidence_copy.read_bytes() + b"tampered")
    with pytest.raises(CommandError, match="SHA-256"):
        call_command("backup", "verify", str(backup))
    _wipe(world["keys"])
    with pytest.raises(CommandError, match="SHA-256"):
        call_command("backup", "restore", str(backup))
    assert sum(row_counts().values()) == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_refuses_a_database_in_use_and_create_refuses_a_full_directory(world, tmp_path):
    backup = tmp_path / "backup"
    call_command("backup", "create", str(backup), stdout=io.StringIO())
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", "restore", str(backup))
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", "create", str(backup))
