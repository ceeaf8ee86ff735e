"""Monthly range partitions of the scan log (``verify_scanevent``) on PostgreSQL.

At national scale the scan log grows by tens of millions of rows a month (docs/deploy.md, capacity
plan) while every query reads a recent window (the clone rules read 30 days). Partitioning by month
keeps the indexes the hot path touches small, lets old months be detached and dropped (or archived)
without a long DELETE, and lets VACUUM work month by month.

Layout: ``verify_scanevent`` is a table partitioned by RANGE (created_at), with
``verify_scanevent_pYYYYMM`` for each month and ``verify_scanevent_default`` catching anything no
month covers yet, so an insert never fails when maintenance is late. ``ensure_partitions`` (run by
``zhenwei verify-partitions``, at ``zhenwei serve`` start and from cron) creates the coming months and
moves rows that landed in the default partition into their month. The primary key is (id,
created_at), as PostgreSQL requires the partition key in it; ids still come from one sequence.

SQLite keeps one plain table: nothing here runs there.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db import connection, transaction
from django.utils import timezone

TABLE = "verify_scanevent"
DEFAULT = f"{TABLE}_default"
SEQUENCE = f"{TABLE}_seq"  # ids of every partition (identity columns need PostgreSQL 17 there)
_NAME = re.compile(rf"^{TABLE}_p(\d{{4}})(\d{{2}})$")
# The model's indexes (verify/models.py ScanEvent.Meta.indexes), recreated on the partitioned table
# under the same names so that Django's migration state still describes the database.
INDEXES = {
    "verify_scan_code_time": "(code, created_at)",
    "verify_scan_time": "(created_at)",
    "verify_scan_division_time": "(division_id, created_at)",
}


def _month(day: dt.date, offset: int = 0) -> dt.date:
    index = day.year * 12 + day.month - 1 + offset
    return dt.date(index // 12, index % 12 + 1, 1)


def partition_name(month: dt.date) -> str:
    return f"{TABLE}_p{month:%Y%m}"


def is_partitioned(cursor=None) -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cur:
        cur.execute(
            "SELECT 1 FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid "
            "WHERE c.relname = %s AND pg_table_is_visible(c.oid)",
            [TABLE],
        )
        return cur.fetchone() is not None


def partitions() -> list[tuple[str, str]]:
    """(partition name, bound expression) of every partition, oldest month first, default last."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
            "JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent "
            "WHERE p.relname = %s AND pg_table_is_visible(p.oid) ORDER BY c.relname",
            [TABLE],
        )
        rows = cur.fetchall()
    return sorted(rows, key=lambda r: (r[0] == DEFAULT, r[0]))


def _create_month(cur, month: dt.date) -> bool:
    """Create the partition of ``month`` unless it exists; rows of that month already sitting in
    the default partition are moved into it (PostgreSQL refuses the new bound otherwise)."""
    name = partition_name(month)
    cur.execute("SELECT to_regclass(%s)", [name])
    if cur.fetchone()[0] is not None:
        return False
    start, end = month, _month(month, 1)
    bounds = "FOR VALUES FROM (%s) TO (%s)"
    start_tz = timezone.make_aware(dt.datetime.combine(start, dt.time()))
    end_tz = timezone.make_aware(dt.datetime.combine(end, dt.time()))
    cur.execute(
        f"SELECT count(*) FROM {DEFAULT} WHERE created_at >= %s AND created_at < %s",  # noqa: S608
        [start_tz, end_tz],
    )
    stray = cur.fetchone()[0]
    if stray:
        # Detach the default, create the month, move its rows across, attach the default again.
        cur.execute(f"ALTER TABLE {TABLE} DETACH PARTITION {DEFAULT}")
        cur.execute(f"CREATE TABLE {name} PARTITION OF {TABLE} " + bounds, [start_tz, end_tz])
        cur.execute(
            f"WITH moved AS (DELETE FROM {DEFAULT} WHERE created_at >= %s AND created_at < %s "  # noqa: S608
            f"RETURNING *) INSERT INTO {TABLE} SELECT * FROM moved",
            [start_tz, end_tz],
        )
        cur.execute(f"ALTER TABLE {TABLE} ATTACH PARTITION {DEFAULT} DEFAULT")
    else:
        cur.execute(f"CREATE TABLE {name} PARTITION OF {TABLE} " + bounds, [start_tz, end_tz])
    return True


def _create_months(cur, first: dt.date, last: dt.date) -> list[str]:
    """Create the partitions of the months from ``first`` to ``last``; the names created."""
    created, month = [], first
    while month <= last:
        if _create_month(cur, month):
            created.append(partition_name(month))
        month = _month(month, 1)
    return created


def ensure_partitions(
    *, ahead: int = 3, now: dt.datetime | None = None, since: dt.date | None = None
) -> list[str]:
    """Create the partitions from ``since`` (default: this month) to ``ahead`` months after this one.
    Returns the names created. Idempotent; takes a short lock on the table (run it off-peak)."""
    if not is_partitioned():
        return []
    today = timezone.localdate(now or timezone.now())
    first = _month(since or today)
    last = _month(today, ahead)
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [TABLE])  # one maintainer at a time
        created = _create_months(cur, first, last)
    return created


def drop_before(month: dt.date) -> list[str]:
    """Detach and drop the monthly partitions wholly before ``month`` (retention; archive first)."""
    if not is_partitioned():
        return []
    limit = _month(month)
    dropped = []
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [TABLE])
        for name, _bound in partitions():
            match = _NAME.match(name)
            if match and dt.date(int(match[1]), int(match[2]), 1) < limit:
                cur.execute(f"ALTER TABLE {TABLE} DETACH PARTITION {name}")
                cur.execute(f"DROP TABLE {name}")
                dropped.append(name)
    return dropped


# -- the migration ---------------------------------------------------------------------------------
def _set_aside(cur, suffix: str) -> None:
    """Rename the table, its primary key and the model's indexes to ``…_{suffix}``, freeing the
    names for the table that replaces it."""
    cur.execute(f"ALTER TABLE {TABLE} RENAME TO {TABLE}_{suffix}")
    cur.execute(f"ALTER TABLE {TABLE}_{suffix} RENAME CONSTRAINT {TABLE}_pkey TO {TABLE}_{suffix}_pkey")
    for index in INDEXES:
        cur.execute(f"ALTER INDEX IF EXISTS {index} RENAME TO {index}_{suffix}")


def _create_indexes(cur) -> None:
    for index, columns in INDEXES.items():
        cur.execute(f"CREATE INDEX {index} ON {TABLE} {columns}")


def convert_to_partitioned(schema_editor) -> None:
    """Turn the plain table into the partitioned one, keeping every row (migration 0002)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    cur = schema_editor.connection.cursor()
    _set_aside(cur, "plain")
    cur.execute(f"CREATE SEQUENCE {SEQUENCE} AS bigint")
    cur.execute(
        f"CREATE TABLE {TABLE} (LIKE {TABLE}_plain INCLUDING DEFAULTS) PARTITION BY RANGE (created_at)"
    )
    cur.execute(f"ALTER TABLE {TABLE} ALTER COLUMN id SET DEFAULT nextval('{SEQUENCE}')")
    cur.execute(f"ALTER SEQUENCE {SEQUENCE} OWNED BY {TABLE}.id")
    cur.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey PRIMARY KEY (id, created_at)")
    _create_indexes(cur)
    cur.execute(f"CREATE TABLE {DEFAULT} PARTITION OF {TABLE} DEFAULT")
    cur.execute(f"SELECT min(created_at), max(created_at) FROM {TABLE}_plain")  # noqa: S608
    oldest, newest = cur.fetchone()
    today = timezone.localdate()
    first = _month(min(timezone.localdate(oldest), today) if oldest else today)
    last = _month(max(timezone.localdate(newest), _month(today, 3)) if newest else _month(today, 3))
    _create_months(cur, first, last)
    cols = "id, created_at, code, identity_code_id, verdict, network, division_id, location_consented, prefecture_code, latitude, longitude, agent_class, label_valid"
    cur.execute(f"INSERT INTO {TABLE} ({cols}) SELECT {cols} FROM {TABLE}_plain")  # noqa: S608
    cur.execute(f"SELECT setval('{SEQUENCE}', GREATEST((SELECT max(id) FROM {TABLE}_plain), 1))")  # noqa: S608
    cur.execute(f"DROP TABLE {TABLE}_plain")


def convert_to_plain(schema_editor) -> None:
    """Undo ``convert_to_partitioned`` (migrating back), keeping every row."""
    if schema_editor.connection.vendor != "postgresql":
        return
    cur = schema_editor.connection.cursor()
    _set_aside(cur, "partitioned")
    cur.execute(f"CREATE TABLE {TABLE} (LIKE {TABLE}_partitioned INCLUDING DEFAULTS)")
    cur.execute(f"ALTER TABLE {TABLE} ALTER COLUMN id DROP DEFAULT")
    cur.execute(f"INSERT INTO {TABLE} SELECT * FROM {TABLE}_partitioned")  # noqa: S608
    cur.execute(f"DROP TABLE {TABLE}_partitioned CASCADE")
    cur.execute(f"ALTER TABLE {TABLE} ADD PRIMARY KEY (id)")
    cur.execute(f"ALTER TABLE {TABLE} ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY")
    cur.execute(
        f"SELECT setval(pg_get_serial_sequence('{TABLE}', 'id'), GREATEST((SELECT max(id) FROM {TABLE}), 1))"  # noqa: S608
    )
    _create_indexes(cur)
