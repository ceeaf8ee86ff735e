"""The metrics registry: each metric is a named query over platform records in a division subtree
(``Division.path`` prefix) and a date range.

A metric names its model by label and is resolved lazily (``django.apps.apps.get_model``), so a
report never breaks when another app is missing or changes: a metric whose model or fields do not
exist is *unavailable* and its cells show "—" with the reason.

Computing many metrics is done per *source*: all metrics over the same model, division field and
date field become conditional aggregates of ONE grouped query (GROUP BY the record's division
path), whatever the number of rows, columns or divisions. Roll-up to any division is then a sum in
Python over the paths below it. What a month's figures were at its end (conditions on values that
changed since, stocks) is read back from the audit trail in ``asof``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, FieldError
from django.db import models
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .asof import AsOf, Then, stock_members

ZERO = Decimal(0)
Agg = str  # "count" | "sum" | "distinct"


@dataclass(frozen=True)
class Metric:
    """A named count or sum over one model's records.

    ``where(param)`` returns the Q that selects the records (``param`` is the part of the key after
    ":", e.g. a product category code); ``date_field`` None means a stock: the records on record at
    the end of the month (created before it, in ``state`` then; see ``stock_members``).
    """

    key: str
    label: str
    model: str
    unit: str = ""
    division_field: str = "division"
    date_field: str | None = "created_at"
    where: Callable[[str | None], Q] | None = None
    agg: Agg = "count"
    field: object | None = None  # a field name, or an expression (e.g. fine + confiscation)
    scale: Decimal = Decimal(1)
    note: str = ""
    duration_from: str | None = None  # for time-to-close: date_field − duration_from
    # Stocks only: when a record enters the register, and the field values it must have (e.g.
    # {"is_active": True}); both are read back to the month's end from the audit trail.
    created_field: str = "created_at"
    state: dict | None = None
    # Flows: conditions on fields that may change after the month, taken as they stood at its end.
    then: tuple[Then, ...] = ()
    # The department a record belongs to (for per-department reports), None: records carry none.
    department_field: str | None = None

    def model_class(self) -> type[models.Model] | None:
        app_label, name = self.model.split(".")
        try:
            return apps.get_model(app_label, name)
        except LookupError:
            return None

    def condition(self, param: str | None, as_of: AsOf | None = None) -> Q:
        """The records counted: ``where``, the stock's ``state``, and the ``then`` conditions — on
        today's values, or, with ``as_of``, on the values at the end of the month for the records
        changed since (see ``then_states``)."""
        q = self.where(param) if self.where else Q()
        if self.state:
            q &= Q(**self.state)
        audited = [t for t in self.then if not t.on]
        for t in self.then:
            if t.on:
                q &= t.q() | Q(**{f"{t.on}__gte": as_of.end}) if as_of is not None else t.q()
        if audited:
            now = Q()
            for t in audited:
                now &= t.q()
            changed = as_of.changed(self) if as_of is not None else None
            if changed:
                holding = [
                    pk for pk, state in changed.items() if all(t.holds(state[t.field]) for t in audited)
                ]
                now = (~Q(pk__in=list(changed)) & now) | Q(pk__in=holding)
            q &= now
        return q

    @property
    def is_stock(self) -> bool:
        return self.date_field is None

    def queryset(self, param: str | None = None) -> models.QuerySet:
        model = self.model_class()
        if model is None:
            raise LookupError(f"model {self.model} is not installed")
        return model._default_manager.filter(self.condition(param))


@dataclass(frozen=True)
class DerivedMetric:
    """A metric computed from others (e.g. 未开展自查 = 单位数 − 开展自查)."""

    key: str
    label: str
    inputs: tuple[str, ...]
    combine: Callable[[list[Decimal]], Decimal]
    unit: str = ""
    note: str = ""
    as_of: bool = False  # a position at the end of the month: 本月 shows the same as 累计


REGISTRY: dict[str, Metric | DerivedMetric] = {}


def register(*metrics: Metric | DerivedMetric) -> None:
    for metric in metrics:
        REGISTRY[metric.key] = metric


def split_key(key: str) -> tuple[str, str | None]:
    base, _, param = key.partition(":")
    return base, (param or None)


def _aggregate(metric: Metric, condition: Q) -> models.Aggregate:
    if metric.agg == "sum":
        return Sum(metric.field, filter=condition, default=0)
    if metric.agg == "distinct":
        return Count(metric.field, filter=condition, distinct=True)
    return Count("pk", filter=condition)


def _field_of(model: type[models.Model], path: str) -> models.Field:
    """The model field at the end of a ``a__b__c`` path (raises FieldDoesNotExist)."""
    current = model
    parts = path.split("__")
    for i, part in enumerate(parts):
        f = current._meta.get_field(part)
        if i < len(parts) - 1:
            current = f.related_model
            if current is None:
                raise FieldDoesNotExist(f"{path}: {part} is not a relation")
    return f


def availability(key: str) -> str | None:
    """None when the metric can be computed now, else the reason it cannot (shown as a note)."""
    base, param = split_key(key)
    metric = REGISTRY.get(base)
    if metric is None:
        return f"未登记的指标 {base}"
    if isinstance(metric, DerivedMetric):
        for k in metric.inputs:
            reason = availability(k if ":" in k or param is None else f"{k}:{param}")
            if reason:
                return reason
        return None
    model = metric.model_class()
    if model is None:
        return f"{metric.model} 模块尚未上线"
    try:
        _field_of(model, f"{metric.division_field}__path")
        if metric.date_field:
            _field_of(model, metric.date_field)
        else:
            _field_of(model, metric.created_field)
            if "__" in metric.division_field:
                return f"{metric.key}: 时点数的区划须为本表字段 (a stock's division is its own field)"
            if metric.agg != "count" or metric.where is not None:
                return f"{metric.key}: 时点数只能计数，条件写在 state (a stock counts records by state)"
            for name in metric.state or {}:
                _field_of(model, name)
        if isinstance(metric.field, str):
            _field_of(model, metric.field)
        qs = model._default_manager.filter(metric.condition(param))
        qs.values(p=F(f"{metric.division_field}__path")).annotate(v=_aggregate(metric, Q()))
    except (FieldDoesNotExist, FieldError, LookupError, ValueError, TypeError, AttributeError) as exc:
        return f"{metric.model} 字段不符：{exc}"
    return None


def _is_datetime(model, date_field: str) -> bool:
    return isinstance(_field_of(model, date_field), models.DateTimeField)


def _bound(model, date_field: str, day: dt.date):
    """A date bound in the field's type (aware local midnight for datetimes)."""
    if _is_datetime(model, date_field):
        return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return day


@dataclass
class PathValues:
    """Values per record division path: {metric key: {path: (month, cumulative)}}."""

    data: dict[str, dict[str, tuple[Decimal, Decimal]]] = field(default_factory=dict)
    unavailable: dict[str, str] = field(default_factory=dict)
    queries: int = 0

    def subtree(self, key: str, path: str) -> tuple[Decimal, Decimal] | None:
        """(month, cumulative) summed over every record path at or below ``path``."""
        if key in self.unavailable:
            return None
        m = c = ZERO
        for p, (vm, vc) in self.data.get(key, {}).items():
            if p.startswith(path):
                m += vm
                c += vc
        return m, c


def _source_key(metric: Metric) -> tuple[str, str, str | None, str | None]:
    return (metric.model, metric.division_field, metric.date_field, metric.department_field)


NO_DEPARTMENT = "该行的记录不分部门，由部门填报 (records of this row carry no department)"


def expand(keys: Iterable[str]) -> tuple[list[str], dict[str, tuple[DerivedMetric, list[str]]]]:
    """Base metric keys needed for ``keys`` (derived metrics replaced by their inputs)."""
    base: list[str] = []
    derived: dict[str, tuple[DerivedMetric, list[str]]] = {}
    for key in keys:
        name, param = split_key(key)
        metric = REGISTRY.get(name)
        if isinstance(metric, DerivedMetric):
            inputs = [k if (":" in k or param is None) else f"{k}:{param}" for k in metric.inputs]
            derived[key] = (metric, inputs)
            base.extend(inputs)
        else:
            base.append(key)
    return list(dict.fromkeys(base)), derived


def compute(
    *, keys: Iterable[str], root_path: str, month: dt.date, since: dt.date, department: int | None = None
) -> PathValues:
    """Month [month, next month) and cumulative [since, next month) values per record division path,
    for every metric in ``keys``, below ``root_path``: one grouped query per source table."""
    keys = list(dict.fromkeys(k for k in keys if k))
    base_keys, derived = expand(keys)
    result = PathValues()
    month_start = month.replace(day=1)
    month_end = next_month(month_start)
    since = min(since, month_start)
    groups: dict[tuple, list[tuple[str, Metric, str | None]]] = defaultdict(list)
    stocks: list[tuple[str, Metric]] = []
    for key in base_keys:
        reason = availability(key)
        if reason:
            result.unavailable[key] = reason
            continue
        name, param = split_key(key)
        metric = REGISTRY[name]
        if department is not None and (metric.is_stock or not metric.department_field):
            result.unavailable[key] = NO_DEPARTMENT
            continue
        if metric.is_stock:
            stocks.append((key, metric))
            continue
        groups[_source_key(metric)].append((key, metric, param))
    if groups or stocks:
        # The subtree's divisions as an explicit id list: the planner then knows how many rows
        # match (a LIKE on the joined path is estimated at one row and picks nested loops), and
        # grouping by an integer id is cheaper than by the text path.
        from zhenwei.core.models import Division

        paths = dict(Division.objects.filter(path__startswith=root_path).values_list("pk", "path"))
        result.queries += 1
        ids = list(paths)
    if any(param for members in groups.values() for _k, _m, param in members):
        load_categories()
        result.queries += 1
    # Conditions on fields that may have changed since the month: as they stood at its end.
    as_of = AsOf(end=month_end)
    as_of.load(m for members in groups.values() for _k, m, _p in members)
    result.queries += as_of.queries
    for key, metric in stocks:
        # A position at the end of the month (本月 = 累计), read back from the audit trail.
        unchanged, changed = stock_members(metric, division_ids=ids, end=month_end)
        counts: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for row in unchanged.order_by().values(p=F(metric.division_field)).annotate(n=Count("pk")):
            counts[paths[row["p"]]] += row["n"]
        for division_id in changed.values():
            counts[paths[division_id]] += 1
        result.data[key] = {p: (n * metric.scale, n * metric.scale) for p, n in counts.items()}
        result.queries += 2 + bool(changed)
    try:
        for (_label, division_field, date_field, department_field), members in groups.items():
            model = members[0][1].model_class()
            qs = model._default_manager.filter(**{f"{division_field}__in": ids})
            if department is not None:
                qs = qs.filter(**{department_field: department})
            in_month = Q()
            if date_field:
                qs = qs.filter(
                    **{
                        f"{date_field}__gte": _bound(model, date_field, since),
                        f"{date_field}__lt": _bound(model, date_field, month_end),
                    }
                )
                in_month = Q(**{f"{date_field}__gte": _bound(model, date_field, month_start)})
            plain = [m for m in members if m[1].agg != "distinct"]
            if plain:
                annotations = {}
                for i, (_key, metric, param) in enumerate(plain):
                    cond = metric.condition(param, as_of)
                    annotations[f"m{i}"] = _aggregate(metric, cond & in_month)
                    annotations[f"c{i}"] = _aggregate(metric, cond)
                rows = qs.order_by().values(p=F(division_field)).annotate(**annotations)
                result.queries += 1
                _collect(result, plain, rows, paths)
            by_field: dict[str, list] = defaultdict(list)
            for m in members:
                if m[1].agg == "distinct":
                    by_field[m[1].field].append(m)
            for distinct_field, distinct_members in by_field.items():
                rows = _distinct_rows(qs, division_field, distinct_field, distinct_members, in_month, as_of)
                result.queries += 1
                _collect(result, distinct_members, rows, paths)
    finally:
        _CATEGORIES.clear()
    for key, (metric, inputs) in derived.items():
        missing = [k for k in inputs if k in result.unavailable]
        if missing:
            result.unavailable[key] = result.unavailable[missing[0]]
            continue
        paths = set().union(*(result.data.get(k, {}).keys() for k in inputs))
        out = {}
        for p in paths:
            vals = [result.data.get(k, {}).get(p, (ZERO, ZERO)) for k in inputs]
            cumulative = metric.combine([v[1] for v in vals])
            month_value = cumulative if metric.as_of else metric.combine([v[0] for v in vals])
            out[p] = (month_value, cumulative)
        result.data[key] = out
    return result


def _collect(result: PathValues, members, rows, paths: dict[int, str]) -> None:
    """Store one grouped result (rows keyed by division id) as values per division path."""
    for row in rows:
        path = paths[row["p"]]
        for i, (key, metric, _param) in enumerate(members):
            m = Decimal(row[f"m{i}"] or 0) * metric.scale
            c = Decimal(row[f"c{i}"] or 0) * metric.scale
            result.data.setdefault(key, {})[path] = (m, c)


def _distinct_rows(
    qs, division_field: str, distinct_field: str, members, in_month: Q, as_of: AsOf | None = None
) -> list[dict]:
    """Distinct counts (e.g. 检查单位 by name) for many metrics in one scan: first one row per
    (division, distinct value) with a 0/1 flag per metric and column, then sum the flags per
    path. Avoids one sort per COUNT(DISTINCT …) aggregate, which dominates on large tables."""
    from django.db import connections
    from django.db.models import Case, IntegerField, Max, Value, When

    flags = {}
    for i, (_key, metric, param) in enumerate(members):
        cond = metric.condition(param, as_of)
        for name, q in ((f"m{i}", cond & in_month), (f"c{i}", cond)):
            q = q if q else Q(pk__isnull=False)  # When() refuses an empty Q
            flags[name] = Max(Case(When(q, then=Value(1)), default=Value(0), output_field=IntegerField()))
    inner = (
        qs.filter(**{f"{distinct_field}__isnull": False})
        .order_by()
        .values(p=F(division_field), d=F(distinct_field))
        .annotate(**flags)
    )
    sql, params = inner.query.sql_with_params()
    sums = ", ".join(f'SUM(t."{name}") AS "{name}"' for name in flags)
    connection = connections[inner.db]
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT t."p" AS "p", {sums} FROM ({sql}) t GROUP BY t."p"', params)  # noqa: S608 - generated by the ORM
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# Product categories by code with their direct subcategories, loaded once per compute() so that a
# category filter is a plain ``category_id IN (…)`` instead of a join in every aggregate.
_CATEGORIES: dict[str, list[int]] = {}


def load_categories() -> None:
    from zhenwei.catalog.models import ProductCategory

    _CATEGORIES.clear()
    for pk, code, parent_code in ProductCategory.objects.values_list("pk", "code", "parent__code"):
        _CATEGORIES.setdefault(code, []).append(pk)
        if parent_code:
            _CATEGORIES.setdefault(parent_code, []).append(pk)


def category_ids(code: str) -> list[int] | None:
    """Ids of a category and its children while compute() runs, else None (callers then join)."""
    return _CATEGORIES.get(code, []) if _CATEGORIES else None


def compute_by_month(*, key: str, root_path: str, start: dt.date, end: dt.date) -> dict[dt.date, Decimal]:
    """Monthly series of one metric below ``root_path`` for months in [start, end): one query."""
    name, param = split_key(key)
    metric = REGISTRY.get(name)
    if metric is None or isinstance(metric, DerivedMetric) or availability(key) or not metric.date_field:
        return {}
    model = metric.model_class()
    qs = metric.queryset(param).filter(
        **{
            f"{metric.division_field}__path__startswith": root_path,
            f"{metric.date_field}__gte": _bound(model, metric.date_field, start),
            f"{metric.date_field}__lt": _bound(model, metric.date_field, end),
        }
    )
    rows = (
        qs.order_by()
        .annotate(mo=TruncMonth(metric.date_field))
        .values("mo")
        .annotate(v=_aggregate(metric, Q()))
    )
    out: dict[dt.date, Decimal] = {}
    for row in rows:
        mo = row["mo"]
        if isinstance(mo, dt.datetime):
            mo = timezone.localtime(mo).date() if timezone.is_aware(mo) else mo.date()
        out[mo.replace(day=1)] = out.get(mo.replace(day=1), ZERO) + Decimal(row["v"] or 0) * metric.scale
    return out


def average_days(*, key: str, root_path: str, start: dt.date, end: dt.date) -> dict[dt.date, float]:
    """Average days from ``duration_from`` to ``date_field`` per month (time to close): one query."""
    from django.db.models import Avg, DurationField, ExpressionWrapper

    name, param = split_key(key)
    metric = REGISTRY.get(name)
    if not isinstance(metric, Metric) or not metric.duration_from or availability(key):
        return {}
    model = metric.model_class()
    try:
        qs = records(key=key, division_path=root_path, start=start, end=end).exclude(
            **{f"{metric.duration_from}__isnull": True}
        )
        rows = (
            qs.order_by()
            .annotate(mo=TruncMonth(metric.date_field))
            .values("mo")
            .annotate(
                d=Avg(
                    ExpressionWrapper(
                        F(metric.date_field) - F(metric.duration_from), output_field=DurationField()
                    )
                )
            )
        )
        out: dict[dt.date, float] = {}
        for row in rows:
            mo, d = row["mo"], row["d"]
            if d is None:
                continue
            if isinstance(mo, dt.datetime):
                mo = timezone.localtime(mo).date() if timezone.is_aware(mo) else mo.date()
            days = d.total_seconds() / 86400 if isinstance(d, dt.timedelta) else float(d) / 86400e6
            out[mo.replace(day=1)] = round(days, 1)
        return out
    except (FieldError, TypeError, ValueError):
        return {}
    finally:
        del model


def records(
    *, key: str, division_path: str, start: dt.date | None, end: dt.date, department: int | None = None
) -> models.QuerySet:
    """The records behind a cell (every number is traceable), with the ``then`` conditions as they
    stood just before ``end``; ``department``: only the records of that department. Not yet
    restricted: callers apply ``zhenwei.core.access.restrict`` for the viewing user."""
    name, param = split_key(key)
    metric = REGISTRY[name]
    if isinstance(metric, DerivedMetric):
        raise LookupError("derived metric: open its inputs")
    model = metric.model_class()
    if metric.is_stock:
        from zhenwei.core.models import Division

        if department is not None:
            return model._default_manager.none()
        ids = Division.objects.filter(path__startswith=division_path).values_list("pk", flat=True)
        unchanged, changed = stock_members(metric, division_ids=ids, end=end)
        return model._default_manager.filter(Q(pk__in=unchanged.values("pk")) | Q(pk__in=list(changed)))
    qs = model._default_manager.filter(metric.condition(param, AsOf(end=end))).filter(
        **{f"{metric.division_field}__path__startswith": division_path}
    )
    if department is not None:
        if not metric.department_field:
            return qs.none()
        qs = qs.filter(**{metric.department_field: department})
    if metric.date_field:
        if start is not None:
            qs = qs.filter(**{f"{metric.date_field}__gte": _bound(model, metric.date_field, start)})
        qs = qs.filter(**{f"{metric.date_field}__lt": _bound(model, metric.date_field, end)})
    return qs


def is_position(key: str) -> bool:
    """A position at the end of the month (a stock, or derived from one): it may fall from one
    month to the next, unlike a cumulative count."""
    metric = REGISTRY.get(split_key(key)[0])
    if isinstance(metric, DerivedMetric):
        return metric.as_of
    return metric is not None and metric.is_stock


def next_month(day: dt.date) -> dt.date:
    day = day.replace(day=1)
    return day.replace(year=day.year + 1, month=1) if day.month == 12 else day.replace(month=day.month + 1)


# The metric definitions live in metric_defs.py so this module stays the engine.
from . import metric_defs  # noqa: E402,F401
