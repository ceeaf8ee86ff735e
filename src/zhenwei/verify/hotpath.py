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

from django.db import connection
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


def _t(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _c(model, field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)


@lru_cache(maxsize=4)
def _sql(vendor: str) -> dict[str, str]:
    ic, p, cat, b, s, e = IdentityCode, Product, ProductCategory, ProductBatch, SuspectCode, ScanEvent
    lookup = (
        f"SELECT c.{_c(ic, 'id')}"  # noqa: S608 - identifiers from model meta, values are parameters
        f", c.{_c(ic, 'code')}, c.{_c(ic, 'status')}, p.{_c(p, 'id')}, "
        f"p.{_c(p, 'name')}, p.{_c(p, 'model')}, p.{_c(p, 'manufacturer_name')}, p.{_c(p, 'access_kind')}, "
        f"p.{_c(p, 'access_certificate_no')}, p.{_c(p, 'is_eliminated')}, p.{_c(p, 'division')}, "
        f"k.{_c(cat, 'id')}, k.{_c(cat, 'name')}, k.{_c(cat, 'is_fire_product')}, "
        f"b.{_c(b, 'batch_no')}, b.{_c(b, 'produced_on')}, "
        f"s.{_c(s, 'status')}, s.{_c(s, 'reason')}, s.{_c(s, 'cleared_at')} "
        f"FROM {_t(ic)} c "
        f"JOIN {_t(p)} p ON p.{_c(p, 'id')} = c.{_c(ic, 'product')} "
        f"JOIN {_t(cat)} k ON k.{_c(cat, 'id')} = p.{_c(p, 'category')} "
        f"LEFT JOIN {_t(b)} b ON b.{_c(b, 'id')} = c.{_c(ic, 'batch')} "
        f"LEFT JOIN {_t(s)} s ON s.{_c(s, 'code')} = c.{_c(ic, 'code')} "
        f"WHERE c.{_c(ic, 'code')} = %s"
    )
    net, pref = _c(e, "network"), _c(e, "prefecture_code")
    window = (
        f"SELECT COUNT(DISTINCT CASE WHEN {net}"  # noqa: S608 - identifiers from model meta
        f" <> %s AND {net} <> '' THEN {net} END), "
        f"COUNT(DISTINCT CASE WHEN {pref} <> %s AND {pref} <> '' THEN {pref} END) "
        f"FROM {_t(e)} WHERE {_c(e, 'code')} = %s AND {_c(e, 'created_at')} >= %s"
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
    insert = (
        f"INSERT INTO {_t(e)}"  # noqa: S608 - identifiers from model meta
        f" ({', '.join(_c(e, f) for f in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    return {"lookup": lookup, "window": window, "insert": insert}


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


def code_lookup(code: str) -> CodeRow | None:
    with connection.cursor() as cursor:
        cursor.execute(_sql(connection.vendor)["lookup"], [code])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    values[9], values[13] = bool(values[9]), bool(values[13])
    values[15] = _date(values[15])
    values[18] = _aware(values[18])
    return CodeRow(*values)


def window_counts(*, code: str, since: dt.datetime, network: str, prefecture: str) -> tuple[int, int]:
    """Distinct networks and prefectures that checked ``code`` since ``since``, other than the current."""
    with connection.cursor() as cursor:
        cursor.execute(
            _sql(connection.vendor)["window"],
            [network, prefecture, code, connection.ops.adapt_datetimefield_value(since)],
        )
        networks, prefectures = cursor.fetchone()
    return networks or 0, prefectures or 0


def _decimal(value: Decimal | None):
    return connection.ops.adapt_decimalfield_value(value, 6, 2) if value is not None else None


def scan_insert(
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
) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            _sql(connection.vendor)["insert"],
            [
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
            ],
        )
