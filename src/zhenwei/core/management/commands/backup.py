"""``zhenwei backup create DIR`` and ``zhenwei backup restore DIR``.

A backup directory holds the database (``dumpdata`` as XML, which keeps microseconds, natural foreign keys so it loads into any
freshly migrated database, SQLite or PostgreSQL), every file of the evidence storage, the signing
keys of settings.KEYS_DIR, and ``manifest.json`` with the SHA-256 of each of them and the row count
of every table. ``restore`` checks every hash before touching anything, loads into an empty
database, puts files and keys back, and compares the row counts. Keep backups encrypted at rest:
they hold personal data and private keys (docs/deploy.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction

FORMAT = "zhenwei-backup/1"
# Rebuilt by migrate (and keyed differently in every database): never dumped.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]
IN_USE = ["core.user", "core.auditentry", "core.evidencefile"]


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _storage_files(storage, prefix: str = ""):
    try:
        dirs, files = storage.listdir(prefix)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        yield f"{prefix}{name}"
    for name in dirs:
        yield from _storage_files(storage, f"{prefix}{name}/")


def _dumped_models():
    excluded_apps = {e for e in EXCLUDED if "." not in e}
    excluded_models = {e for e in EXCLUDED if "." in e}
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in excluded_apps or label in excluded_models:
            continue
        if model._meta.proxy or not model._meta.managed:
            continue
        yield model


def row_counts() -> dict[str, int]:
    """Rows per dumped model (the figure a restore is compared against)."""
    return {m._meta.label_lower: m._base_manager.count() for m in _dumped_models()}


class Command(BaseCommand):
    help = "Back up or restore the database, evidence files and signing keys (with a SHA-256 manifest)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="write a backup into an empty or new directory")
        create.add_argument("directory")
        restore = sub.add_parser("restore", help="restore a backup into an empty database")
        restore.add_argument("directory")
        verify = sub.add_parser("verify", help="check a backup's hashes without restoring")
        verify.add_argument("directory")

    def handle(self, *args, action, directory, **options):
        target = Path(directory).resolve()
        if action == "create":
            self._create(target)
        elif action == "verify":
            manifest = self._verify(target)
            self.stdout.write(f"backup intact: {len(manifest['files'])} files, {len(manifest['keys'])} keys")
        else:
            self._restore(target)

    # -- create ---------------------------------------------------------------------------------
    def _create(self, target: Path) -> None:
        if target.exists() and any(target.iterdir()):
            raise CommandError(f"{target} is not empty: back up into a new directory")
        target.mkdir(parents=True, exist_ok=True)
        os.chmod(target, 0o700)
        # XML, not JSON: Django's JSON encoder cuts datetimes to milliseconds, which would break the
        # audit chain (each row's hash covers its timestamp to the microsecond).
        database = target / "database.xml"
        with transaction.atomic():  # one consistent snapshot for rows and counts
            counts = row_counts()
            call_command(
                "dumpdata",
                *[f"--exclude={e}" for e in EXCLUDED],
                natural_foreign=True,
                format="xml",
                output=str(database),
                verbosity=0,
            )
        files = []
        for name in sorted(_storage_files(default_storage)):
            dest = target / "files" / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            with default_storage.open(name, "rb") as src, dest.open("wb") as out:
                shutil.copyfileobj(src, out)
            files.append({"path": name, "sha256": _sha256_file(dest), "size": dest.stat().st_size})
        keys = []
        keys_dir = Path(settings.KEYS_DIR)
        if keys_dir.is_dir():
            for path in sorted(p for p in keys_dir.rglob("*") if p.is_file()):
                rel = path.relative_to(keys_dir).as_posix()
                dest = target / "keys" / rel
                dest.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                shutil.copy2(path, dest)
                os.chmod(dest, 0o600)
                keys.append({"path": rel, "sha256": _sha256_file(dest)})
        from django.db.migrations.recorder import MigrationRecorder

        applied = MigrationRecorder(connections[DEFAULT_DB_ALIAS]).applied_migrations()
        latest: dict[str, str] = {}
        for app_label, name in sorted(applied):
            latest[app_label] = max(latest.get(app_label, ""), name)
        manifest = {
            "format": FORMAT,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "database": {
                "file": "database.xml",
                "sha256": _sha256_file(database),
                "engine": connections[DEFAULT_DB_ALIAS].vendor,
                "rows": counts,
            },
            "migrations": latest,
            "files": files,
            "keys": keys,
        }
        (target / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
        self.stdout.write(
            f"backup written to {target}: {sum(counts.values())} rows, {len(files)} files, {len(keys)} keys"
        )

    # -- verify ---------------------------------------------------------------------------------
    def _verify(self, target: Path) -> dict:
        manifest_path = target / "manifest.json"
        if not manifest_path.is_file():
            raise CommandError(f"{target} has no manifest.json: not a Zhenwei backup")
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("format") != FORMAT:
            raise CommandError(f"unknown backup format {manifest.get('format')!r}")
        problems = []
        database = target / manifest["database"]["file"]
        if not database.is_file() or _sha256_file(database) != manifest["database"]["sha256"]:
            problems.append(manifest["database"]["file"])
        for entry in manifest["files"]:
            path = target / "files" / entry["path"]
            if not path.is_file() or _sha256_file(path) != entry["sha256"]:
                problems.append(f"files/{entry['path']}")
        for entry in manifest["keys"]:
            path = target / "keys" / entry["path"]
            if not path.is_file() or _sha256_file(path) != entry["sha256"]:
                problems.append(f"keys/{entry['path']}")
        if problems:
            raise CommandError(
                f"backup damaged, nothing restored: {len(problems)} item(s) missing or with a wrong "
                f"SHA-256: {', '.join(problems[:10])}"
            )
        return manifest

    # -- restore --------------------------------------------------------------------------------
    def _restore(self, target: Path) -> None:
        manifest = self._verify(target)
        call_command("migrate", interactive=False, verbosity=0)
        # Migrations may seed reference rows (categories...); loaddata overwrites those by key. Any
        # user, audit row or evidence means the database is in use: never mix two installations.
        counts_now = row_counts()
        occupied = {label: counts_now.get(label, 0) for label in IN_USE if counts_now.get(label, 0)}
        if occupied:
            raise CommandError(
                "the database is not empty (restore only into a new database): "
                + ", ".join(f"{k}={v}" for k, v in sorted(occupied.items())[:8])
            )
        keys_dir = Path(settings.KEYS_DIR)
        for entry in manifest["keys"]:
            existing = keys_dir / entry["path"]
            if existing.exists() and _sha256_file(existing) != entry["sha256"]:
                raise CommandError(f"a different key already exists at {existing}: refusing to overwrite it")
        connection = connections[DEFAULT_DB_ALIAS]
        with transaction.atomic():
            call_command("loaddata", str(target / manifest["database"]["file"]), verbosity=0)
            models = list(_dumped_models())
            statements = connection.ops.sequence_reset_sql(no_style(), models)
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
        for entry in manifest["files"]:
            if not default_storage.exists(entry["path"]):
                data = (target / "files" / entry["path"]).read_bytes()
                default_storage.save(entry["path"], ContentFile(data))
        for entry in manifest["keys"]:
            dest = keys_dir / entry["path"]
            dest.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            if not dest.exists():
                shutil.copy2(target / "keys" / entry["path"], dest)
                os.chmod(dest, 0o600)
        counts = row_counts()
        expected = manifest["database"]["rows"]
        differing = {k: (v, counts.get(k)) for k, v in expected.items() if counts.get(k) != v}
        if differing:
            raise CommandError(f"restored row counts differ from the manifest: {differing}")
        self.stdout.write(
            f"restored from {target}: {sum(counts.values())} rows in {len(counts)} tables, "
            f"{len(manifest['files'])} files, {len(manifest['keys'])} keys; row counts match the manifest"
        )
