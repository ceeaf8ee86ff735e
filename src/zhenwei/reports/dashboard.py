"""Dashboard data (ECharts), computed by the same metrics as the forms; each chart carries the URL
of the list of records behind it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, F
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from zhenwei.core.models import Division

from . import metrics
from .selectors import report_units

# (chart id, title, [(metric key, series name)])
TREND_SERIES = [
    ("inspections.count", gettext_lazy("监督检查")),
    ("cases.cases", gettext_lazy("立案案件")),
    ("cases.clues", gettext_lazy("线索")),
    ("tips.tips", gettext_lazy("举报投诉")),
    ("webwatch.sites_found", gettext_lazy("发现假冒网站")),
]
BY_DIVISION_KEYS = [
    ("cases.clues", gettext_lazy("线索")),
    ("inspections.count", gettext_lazy("监督检查")),
    ("cases.cases", gettext_lazy("立案案件")),
]
# (metric key, field to group by, title)
BY_CATEGORY = ("cases.clues", "category__name", gettext_lazy("线索按产品类别"))
TIPS_BY_CHANNEL = ("tips.tips", "channel", gettext_lazy("举报按渠道"))


def records_url(key: str, division: Division, start: dt.date | None, end: dt.date, **extra) -> str:
    query = {"metric": key, "division": division.code, "end": end.isoformat(), **extra}
    if start:
        query["start"] = start.isoformat()
    return reverse("reports:records") + "?" + urlencode(query)


def _running(series: dict, months: list) -> dict:
    out, acc = {}, Decimal(0)
    for m in months:
        acc += series.get(m, Decimal(0))
        out[m] = acc
    return out


def _num(value: Decimal) -> float:
    return float(value)


def _grouped(
    key: str, division: Division, start: dt.date, end: dt.date, field: str
) -> list[tuple[str, float]]:
    base, param = metrics.split_key(key)
    metric = metrics.REGISTRY.get(base)
    if metric is None or isinstance(metric, metrics.DerivedMetric) or metrics.availability(key):
        return []
    try:
        qs = metrics.records(key=key, division_path=division.path, start=start, end=end)
        group = F(field.replace("__name", "__code")) if field == "category__name" else F(field)
        rows = qs.order_by().values(g=group).annotate(n=Count("pk")).order_by("-n")
        names = {}
        if field == "category__name":
            from zhenwei.catalog.models import ProductCategory

            names = dict(ProductCategory.objects.values_list("code", "name"))
        else:
            names = {k: str(v) for k, v in (metric.model_class()._meta.get_field(field).choices or [])}
        out = []
        for row in rows[:20]:
            value = row["g"]
            if field == "category__name":
                link = records_url(f"{base}:{value}", division, start, end) if value else ""
            else:
                link = records_url(key, division, start, end, field=field, value=value or "")
            out.append((names.get(value, str(value or gettext("未分类"))), float(row["n"]), link))
        return out
    except Exception:  # noqa: BLE001 - a chart over an app still being built must not break the page
        return []


def _figure(values, key: str, path: str) -> float:
    return _num((values.subtree(key, path) or (Decimal(0), Decimal(0)))[1])


def _division_tree(
    key: str,
    division: Division,
    subtree: list[Division],
    values,
    start: dt.date,
    end: dt.date,
    *,
    depth: int = 2,
) -> list[dict]:
    """The division's lower units (and theirs, ``depth`` levels) with the year's figure of ``key``, each
    node linking to its records: the treemap drawn where no map geometry of the user's area is
    installed (docs/reports.md, "Dashboard"). Records kept at a division itself are a（本级）node
    beside its units, so a parent's area is the sum of its children's."""
    nodes = []
    for unit in report_units(division, subtree):
        node = {
            "name": unit.name,
            "code": unit.code,
            "value": _figure(values, key, unit.path),
            "link": records_url(key, unit, start, end),
        }
        if depth > 1:
            children = [
                c
                for c in _division_tree(key, unit, subtree, values, start, end, depth=depth - 1)
                if c["value"]
            ]
            if children:
                node["children"] = children
        nodes.append(node)
    own = _figure(values, key, division.path) - sum(n["value"] for n in nodes)
    if own and nodes:  # (a unit without lower units keeps its own figure as its node's value)
        link = records_url(key, division, start, end)
        name = gettext("%(name)s（本级）") % {"name": division.name}
        nodes.append({"name": name, "code": division.code, "value": own, "link": link})
    return nodes


def dashboard(*, division: Division, year: int, user) -> dict:
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    months = [dt.date(year, m, 1) for m in range(1, 13)]
    charts: dict[str, dict] = {}
    unavailable: dict[str, str] = {}

    series = []
    for key, name in TREND_SERIES:
        reason = metrics.availability(key)
        if reason:
            unavailable[key] = reason
            continue
        data = metrics.compute_by_month(key=key, root_path=division.path, start=start, end=end)
        series.append(
            {
                "name": name,
                "data": [_num(data.get(m, Decimal(0))) for m in months],
                "links": [records_url(key, division, m, metrics.next_month(m)) for m in months],
            }
        )
    charts["trend"] = {"title": f"{year}年逐月趋势", "x": [f"{m.month}月" for m in months], "series": series}

    subtree = list(Division.objects.filter(path__startswith=division.path).order_by("path"))
    units = report_units(division, subtree)
    keys = [k for k, _ in BY_DIVISION_KEYS if not metrics.availability(k)]
    values = metrics.compute(keys=keys, root_path=division.path, month=dt.date(year, 12, 1), since=start)
    by_div = []
    for key, name in BY_DIVISION_KEYS:
        if key not in keys:
            continue
        data, links = [], []
        for unit in units:
            v = values.subtree(key, unit.path) or (Decimal(0), Decimal(0))
            data.append(_num(v[1]))
            links.append(records_url(key, unit, start, end))
        # Records kept at the division itself (本级), e.g. a county department's own cases.
        whole = values.subtree(key, division.path) or (Decimal(0), Decimal(0))
        data.append(_num(whole[1]) - sum(data))
        links.append(records_url(key, division, start, end))
        by_div.append({"name": name, "data": data, "links": links})
    units = [*units, Division(code=division.code, name=f"{division.name}（本级）", path=division.path)]
    keep = [i for i in range(len(units)) if any(s["data"][i] for s in by_div)] or list(
        range(min(len(units), 15))
    )
    charts["by_division"] = {
        "title": gettext("分区划（全年累计）"),
        "x": [units[i].name for i in keep],
        "series": [
            {**s, "data": [s["data"][i] for i in keep], "links": [s["links"][i] for i in keep]}
            for s in by_div
        ],
    }

    charts["division_tree"] = {
        "title": gettext("区划树图（全年累计，面积表示数量）"),
        "series": [
            {"name": name, "key": key, "tree": _division_tree(key, division, subtree, values, start, end)}
            for key, name in BY_DIVISION_KEYS
            if key in keys
        ],
        "root": {"name": division.name, "code": division.code},
    }

    key, field, title = BY_CATEGORY
    cat = _grouped(key, division, start, end, field)
    charts["by_category"] = {
        "title": title,
        "items": [{"name": n, "value": v, "link": link} for n, v, link in cat],
        "link": records_url(key, division, start, end),
    }
    key, field, title = TIPS_BY_CHANNEL
    ch = _grouped(key, division, start, end, field)
    charts["tips_by_channel"] = {
        "title": title,
        "items": [{"name": n, "value": v, "link": link} for n, v, link in ch],
        "link": records_url(key, division, start, end),
    }
    if not ch:
        unavailable.setdefault(key, metrics.availability(key) or gettext("暂无数据"))

    rates = []
    for total_key, part_key, name in (
        ("inspections.count", "inspections.qualified", gettext("检查合格率")),
        ("cases.cases", "cases.closed", gettext("案件办结率")),
    ):
        if metrics.availability(total_key) or metrics.availability(part_key):
            unavailable[part_key] = metrics.availability(part_key) or metrics.availability(total_key)
            continue
        total = metrics.compute_by_month(key=total_key, root_path=division.path, start=start, end=end)
        part = metrics.compute_by_month(key=part_key, root_path=division.path, start=start, end=end)
        if total_key == "cases.cases":
            # Closing rate is cumulative (closed so far / opened so far): a month's closures may
            # belong to cases opened earlier, so a monthly ratio could exceed 100 %.
            total, part = _running(total, months), _running(part, months)
        rates.append(
            {
                "name": name,
                "data": [
                    round(_num(part.get(m, Decimal(0))) * 100 / _num(total[m]), 1) if total.get(m) else None
                    for m in months
                ],
                "links": [records_url(part_key, division, m, metrics.next_month(m)) for m in months],
            }
        )
    charts["rates"] = {
        "title": gettext("检查合格率、案件办结率（%）"),
        "x": [f"{m.month}月" for m in months],
        "series": rates,
    }

    close_days = metrics.average_days(key="cases.closed", root_path=division.path, start=start, end=end)
    charts["time_to_close"] = {
        "title": gettext("案件平均办结天数"),
        "x": [f"{m.month}月" for m in months],
        "series": [{"name": gettext("平均办结天数"), "data": [close_days.get(m) for m in months]}]
        if close_days
        else [],
        "link": records_url("cases.closed", division, start, end),
    }

    from zhenwei.campaigns.contracts import overdue_duties, overdue_tasks

    duties = overdue_duties(division=division)
    tasks = overdue_tasks(division=division)
    charts["overdue"] = {
        "title": gettext("逾期事项"),
        "items": [
            {
                "name": gettext("逾期未报送"),
                "value": len(duties),
                "link": reverse("campaigns:overdue") + f"?division={division.code}",
            },
            {
                "name": gettext("逾期未完成任务"),
                "value": len(tasks),
                "link": reverse("campaigns:overdue") + f"?division={division.code}",
            },
        ],
    }
    return {
        "division": {"code": division.code, "name": division.name},
        "year": year,
        "charts": charts,
        "unavailable": unavailable,
    }
