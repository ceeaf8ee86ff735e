"""The SQLite database `make test` builds from the models (zhenwei.core.tests.testdb) is the database the
migrations build: the same tables, columns, constraints, indexes, foreign keys and rows.

Both are built in their own process into a file: one by running every migration (`migrate`), one the
way the suite builds its test database (tables from the models, migrations recorded, the project's
data migrations run). About 20 s, so `make test` leaves it to `make test-migrations`, which CI runs.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.migrations

FROM_MODELS = """
import django
django.setup()
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from zhenwei.core.tests.testdb import as_if_migrated

# What Django's create_test_db does for TEST MIGRATE False, then what conftest.django_db_setup adds.
saved = settings.MIGRATION_MODULES
settings.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}
try:
    call_command("migrate", run_syncdb=True, interactive=False, verbosity=0)
finally:
    settings.MIGRATION_MODULES = saved
as_if_migrated()
"""


def _build(path: Path, args: list[str], tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "zhenwei.settings.test",
        "ZHENWEI_DATABASE_URL": f"sqlite:///{path}",
        "ZHENWEI_VAR_DIR": str(tmp_path / "var"),
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]


def _definitions(sql: str) -> set[str]:
    """A CREATE TABLE's column and constraint definitions, whatever their order."""
    inner = sql[sql.index("(") + 1 : sql.rindex(")")]
    parts, depth, current = [], 0, []
    for char in inner:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return {re.sub(r"\s+", " ", p).strip() for p in parts}


def _describe(path: Path) -> dict:
    db = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        out = {}
        for table in tables:
            quoted = '"' + table.replace('"', '""') + '"'
            (sql,) = db.execute(
                "SELECT sql FROM sqlite_master WHERE type='table' AND name=?", [table]
            ).fetchone()
            columns = {row[1]: row[2] for row in db.execute(f"PRAGMA table_info({quoted})")}
            indexes = set()
            for _seq, name, unique, origin, partial in db.execute(f"PRAGMA index_list({quoted})"):
                cols = tuple(r[2] for r in db.execute(f'PRAGMA index_info("{name}")'))
                (index_sql,) = db.execute(
                    "SELECT sql FROM sqlite_master WHERE name=?", [name]
                ).fetchone() or (None,)
                where = index_sql.split(" WHERE ", 1)[1] if index_sql and " WHERE " in index_sql else None
                # Django's names are derived from the table and columns; SQLite's own (autoindex) from
                # the order of definitions, which differs between the two ways.
                shown = None if name.startswith("sqlite_autoindex_") else name
                indexes.add((shown, unique, origin, partial, cols, where))
            foreign = {tuple(row[2:7]) for row in db.execute(f"PRAGMA foreign_key_list({quoted})")}
            kept = [f'"{c}"' for c in sorted(columns) if "datetime" not in columns[c].lower()]
            # Rows compared by value, not by id, where the ids follow the order in which models are met
            # (content types and permissions, written after either way); migrations by name.
            select = f"SELECT {', '.join(kept)} FROM {quoted}"
            if table == "django_migrations":
                select = "SELECT app, name FROM django_migrations"
            elif table == "django_content_type":
                select = "SELECT app_label, model FROM django_content_type"
            elif table == "auth_permission":
                select = (
                    "SELECT p.codename, p.name, t.app_label, t.model FROM auth_permission p "
                    "JOIN django_content_type t ON t.id = p.content_type_id"
                )
            rows = sorted(db.execute(select).fetchall(), key=repr)
            out[table] = {
                "definitions": _definitions(sql),
                "indexes": indexes,
                "foreign_keys": foreign,
                "rows": rows,
            }
        return out
    finally:
        db.close()


def test_the_suites_database_is_the_migrated_database(tmp_path):
    migrated, from_models = tmp_path / "migrated.sqlite3", tmp_path / "from_models.sqlite3"
    _build(migrated, ["-m", "django", "migrate", "--noinput", "--verbosity", "0"], tmp_path)
    _build(from_models, ["-c", FROM_MODELS], tmp_path)
    a, b = _describe(migrated), _describe(from_models)
    assert sorted(a) == sorted(b), set(a) ^ set(b)
    differences = [
        f"{table}.{part}: migrations {sorted(a[table][part], key=repr)[:5]} … "
        f"models {sorted(b[table][part], key=repr)[:5]} … "
        f"(only in migrations: {sorted(set(a[table][part]) - set(b[table][part]), key=repr)[:5]}, "
        f"only from models: {sorted(set(b[table][part]) - set(a[table][part]), key=repr)[:5]})"
        for table in a
        for part in ("definitions", "indexes", "foreign_keys", "rows")
        if a[table][part] != b[table][part]
    ]
    assert not differences, "\n".join(differences)
    # The comparison saw something: reference rows of the data migrations, and every migration.
    assert len(a["catalog_productcategory"]["rows"]) > 10
    assert len(a["reports_reporttemplate"]["rows"]) >= 1
    assert len(a["django_migrations"]["rows"]) > 100
