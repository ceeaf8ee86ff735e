"""The three statements of the public product check, as prepared SQL rather than ORM querysets.

Building an ORM query costs more CPU than PostgreSQL or SQLite spend answering it (about 1 ms of
Python each, measured with cProfile), and this path is the one the public hammers. The SQL is
built once per process from the models' table and column names, and values are adapted with the
backend's own ``connection.ops`` (SQLite stores datetimes as text in Django's format).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from zhenwei.catalog.models import ProductCategory
from zhenwei.registry.models import IdentityCode, Product, ProductBatch

from .models import ScanEvent, SuspectCode


@dataclass(frozen=True)
class CodeRow:
    """What the public answer needs about one identity code, from one joined SELECT."""

    id: int
    code: str
    status: str
    product_id: int
    product_name: str
    product_model: str
    manufacturer_name: str
    access_kind: str
    access_certificate_no: str
    is_eliminated: bool
    product_division_id: int
    category_id: int
    category_name: str
    category_is_fire: bool
    batch_no: str | None
    produced_on: dt.date | None
    suspect_status: str | None
    suspect_reason: str | None
    suspect_cleared_at: dt.datetime | None
    other_networks: int
    other_prefectures: int


def _t(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _c(model, field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)


@lru_cache(maxsize=4)
def _sql(vendor: str) -> dict[str, str]:
    ic, p, cat, b, s, e = IdentityCode, Product, ProductCategory, ProductBatch, SuspectCode, ScanEvent
    net, pref = _c(e, "network"), _c(e, "prefecture_code")
    # The clone-rule window is counted in the same statement, and only for an active code without
    # an open suspect flag (a flagged code answers at once, however many scans it has).
    window_where = (
        f"FROM {_t(e)} e WHERE e.{_c(e, 'code')} = c.{_c(ic, 'code')} "
        f"AND c.{_c(ic, 'status')} = 'active' AND (s.{_c(s, 'status')} IS NULL OR s.{_c(s, 'status')} <> 'open') "
        f"AND e.{_c(e, 'created_at')} >= CASE WHEN s.{_c(s, 'cleared_at')} > %s "
        f"THEN s.{_c(s, 'cleared_at')} ELSE %s END"
    )
    count_networks = f"COUNT(DISTINCT CASE WHEN e.{net} <> %s AND e.{net} <> '' THEN e.{net} END)"
    count_prefectures = f"COUNT(DISTINCT CASE WHEN e.{pref} <> %s AND e.{pref} <> '' THEN e.{pref} END)"
    if vendor == "postgresql":
        # One pass over the window for both counts (LATERAL), and plain bounds on created_at besides
        # the clearing date, so that PostgreSQL leaves out every monthly partition of the scan log
        # outside [since, until) when it starts the prepared statement (the months created ahead and
        # those before the window), instead of probing each partition's index on every check.
        window = (
            f"LEFT JOIN LATERAL (SELECT {count_networks} AS networks, {count_prefectures} AS prefectures "
            f"{window_where} AND e.{_c(e, 'created_at')} >= %s AND e.{_c(e, 'created_at')} < %s) w ON true "
        )
        counts, window_join = "w.networks, w.prefectures ", window
    else:
        counts = f"(SELECT {count_networks} {window_where}), (SELECT {count_prefectures} {window_where}) "
        window_join = ""
    lookup = (
        f"SELECT c.{_c(ic, 'id')}"  # noqa: S608 - identifiers from model meta, values are parameters
        f", c.{_c(ic, 'code')}, c.{_c(ic, 'status')}, p.{_c(p, 'id')}, "
        f"p.{_c(p, 'name')}, p.{_c(p, 'model')}, p.{_c(p, 'manufacturer_name')}, p.{_c(p, 'access_kind')}, "
        f"p.{_c(p, 'access_certificate_no')}, p.{_c(p, 'is_eliminated')}, p.{_c(p, 'division')}, "
        f"k.{_c(cat, 'id')}, k.{_c(cat, 'name')}, k.{_c(cat, 'is_fire_product')}, "
        f"b.{_c(b, 'batch_no')}, b.{_c(b, 'produced_on')}, "
        f"s.{_c(s, 'status')}, s.{_c(s, 'reason')}, s.{_c(s, 'cleared_at')}, "
        f"{counts}"
        f"FROM {_t(ic)} c "
        f"JOIN {_t(p)} p ON p.{_c(p, 'id')} = c.{_c(ic, 'product')} "
        f"JOIN {_t(cat)} k ON k.{_c(cat, 'id')} = p.{_c(p, 'category')} "
        f"LEFT JOIN {_t(b)} b ON b.{_c(b, 'id')} = c.{_c(ic, 'batch')} "
        f"LEFT JOIN {_t(s)} s ON s.{_c(s, 'code')} = c.{_c(ic, 'code')} "
        f"{window_join}"
        f"WHERE c.{_c(ic, 'code')} = %s"
    )
    columns = [
        "created_at",
        "code",
        "identity_code",
        "verdict",
        "network",
        "division",
        "location_consented",
        "prefecture_code",
        "latitude",
        "longitude",
        "agent_class",
        "label_valid",
    ]
    fields = [e._meta.get_field(name) for name in columns]
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    # The batched scan log (``scan_insert_many``) sets asynchronous commit for its transaction itself.
    insert_many = f"INSERT INTO {_t(e)} ({names}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
    insert = insert_many
    if vendor == "postgresql":
        # Asynchronous commit for the scan log only: set_config(..., is_local) lasts for this
        # statement's transaction, so no round trip is added and audit writes stay synchronous.
        # A database crash may lose the last fraction of a second of scans, never corrupt them.
        casts = ", ".join(f"%s::{f.db_type(connection).split('(')[0]}" for f in fields)
        insert = (
            f"INSERT INTO {_t(e)} ({names}) SELECT {casts} "  # noqa: S608 - identifiers from model meta
            "FROM (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit"
        )
    return {"lookup": lookup, "insert": insert, "insert_many": insert_many}


def _aware(value) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return value


def _date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return parse_date(str(value))


# Django's psycopg cursors bind parameters on the client and so are never prepared; planning this
# join with its two window counts costs PostgreSQL more than running it. The lookup alone goes
# through a server-binding psycopg cursor (wrapped by Django, so errors, query logging and test
# query counts behave as usual), which psycopg prepares once per connection: the threshold is set
# to 0 only when Django left preparing off, and Django's own client-binding cursors never prepare.


def _pg_prepared_fetchone(sql: str, params: list):
    import psycopg

    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:
        raw.prepare_threshold = 0
    with connection._prepare_cursor(psycopg.Cursor(raw)) as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


@lru_cache(maxsize=8)
def _qmark(sql: str) -> str:
    return sql.replace("%s", "?")  # the statements hold no literal percent sign


def _sqlite_fetchone(sql: str, params: list):
    """The statement on the sqlite3 connection itself: Django's cursor wrapper converts the SQL's
    placeholders with a regular expression on every call, which costs as much as SQLite answering.
    Errors are translated as Django's cursor would; the wrapper is used whenever queries are being
    logged or wrapped (DEBUG, tests that count queries)."""
    connection.validate_no_broken_transaction()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        return connection.connection.execute(_qmark(sql), params).fetchone()


def code_lookup(*, code: str, since: dt.datetime, network: str, prefecture: str) -> CodeRow | None:
    """The code with its product, batch and suspect flag, and the distinct networks and prefectures
    (other than the current ones) that checked it since ``since`` or since its flag was cleared."""
    sql = _sql(connection.vendor)["lookup"]
    if connection.vendor == "postgresql":
        # The upper bound only lets PostgreSQL skip the months created ahead; a day of slack covers
        # clocks that differ between servers (a batched event keeps its request's time).
        until = timezone.now() + dt.timedelta(days=1)
        row = _pg_prepared_fetchone(sql, [network, prefecture, since, since, since, until, code])
    else:
        since_db = connection.ops.adapt_datetimefield_value(since)
        params = [network, since_db, since_db, prefecture, since_db, since_db, code]
        if connection.queries_logged or connection.execute_wrappers:
            with connection.cursor() as cursor:  # counted and wrapped like any query
                cursor.execute(sql, params)
                row = cursor.fetchone()
        else:
            row = _sqlite_fetchone(sql, params)
    if row is None:
        return None
    values = list(row)
    values[9], values[13] = bool(values[9]), bool(values[13])
    values[15] = _date(values[15])
    values[18] = _aware(values[18])
    values[19], values[20] = values[19] or 0, values[20] or 0
    return CodeRow(*values)


def _decimal(value: Decimal | None):
    return connection.ops.adapt_decimalfield_value(value, 6, 2) if value is not None else None


def scan_values(
    *,
    created_at: dt.datetime,
    code: str,
    identity_code_id: int | None,
    verdict: str,
    network: str,
    division_id: int | None,
    location_consented: bool,
    prefecture_code: str,
    latitude: Decimal | None,
    longitude: Decimal | None,
    agent_class: str,
    label_valid: bool | None,
) -> tuple:
    """One scan event as database-ready parameters, in the column order of the insert statements."""
    return (
        connection.ops.adapt_datetimefield_value(created_at),
        code,
        identity_code_id,
        verdict,
        network,
        division_id,
        location_consented,
        prefecture_code,
        _decimal(latitude),
        _decimal(longitude),
        agent_class,
        label_valid,
    )


def scan_insert(values: tuple) -> None:
    """Write one scan event now (on PostgreSQL with asynchronous commit, in the same statement)."""
    with connection.cursor() as cursor:
        cursor.execute(_sql(connection.vendor)["insert"], values)


def scan_insert_many(rows: list[tuple]) -> None:
    """Write a batch of scan events in one transaction (the batched scan log of ``scanlog``)."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL synchronous_commit TO off")
        cursor.executemany(_sql(connection.vendor)["insert_many"], rows)
