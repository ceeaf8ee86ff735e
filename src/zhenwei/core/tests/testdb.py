"""The SQLite test database of `make test`, built from the models instead of by running the migrations.

Running the 110 migrations took 15 s in every test process, before its first test, on the path of the
whole run (each xdist worker migrates its own database at the same time). The tables of the models are
what the migrations build (`make test` first runs ``makemigrations --check``), so the SQLite test
database is made the way Django's documented ``TEST: {"MIGRATE": False}`` makes it (tables straight
from the models, in half a second), and then brought to what a migrated database holds: every
migration is recorded as applied (a later ``migrate``, as in ``zhenwei backup restore``, finds nothing
to do) and the project's data migrations (reference rows: product categories, GA 588 checklists,
report templates, official domains, …) run in migration order.

PostgreSQL, the production database, still runs every migration (`make test-pg` and CI's PostgreSQL
run). That the two ways give the same SQLite database (tables, columns, indexes, foreign keys and rows)
is tests/test_migrations_match_models.py, which CI runs (`make test-migrations`).
"""

from __future__ import annotations

from django.apps import apps
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.operations.special import RunPython


def built_from_models(alias: str = "default") -> bool:
    """Whether this alias's test database is made from the models (settings/test.py says so)."""
    return connections[alias].settings_dict.get("TEST", {}).get("MIGRATE") is False


def _ours(operation: RunPython) -> bool:
    """The project's data migrations write reference rows. Those of the libraries (auth's proxy
    permissions, axes, django-tasks) rewrite rows an older installation has, written against the
    fields of their time: a new database has none of those rows (their functions do nothing in a real
    migration of an empty database), and today's models may no longer have those fields."""
    return operation.code.__module__.startswith("zhenwei.")


def as_if_migrated(alias: str = "default") -> None:
    """Record every migration as applied and run the project's data migrations, in migration order,
    on a database whose tables were made from the models."""
    connection = connections[alias]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes(), clean_start=True)
    for migration, _backwards in plan:
        with connection.schema_editor(atomic=migration.atomic) as editor:
            for operation in migration.operations:
                if isinstance(operation, RunPython) and _ours(operation):
                    # The functions take the app registry as their first argument and only call its
                    # get_model(); the models of today have the fields they write (the state of the
                    # last migration is the models').
                    operation.code(apps, editor)
        executor.recorder.record_applied(migration.app_label, migration.name)
