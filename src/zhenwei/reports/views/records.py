"""The records behind a number: a cell of a form (every number is traceable) and a dashboard point."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from zhenwei.core.access import restrict

from .. import metrics
from ..choices import Column, RowKind
from ..metric_defs import is_sum_of_parts
from ..models import ReportTemplate
from ..selectors import cell_records
from .common import _amount_label, _division, _form_url, _month, _page_rows

RECORD_FILTER_FIELDS = frozenset({"channel"})


@login_required
@require_GET
def cell_page(request, slug: str, code: str, month: str, row_code: str, column: str):
    """The records behind one number (every number is traceable)."""
    template = get_object_or_404(ReportTemplate, slug=slug)
    division = _division(request, code)
    row = get_object_or_404(template.rows, code=row_code, kind=RowKind.NUMBER)
    if column not in Column.values:
        raise Http404(gettext("栏目不存在"))
    base, param = metrics.split_key(row.metric)
    metric = metrics.REGISTRY.get(base)
    reason = metrics.availability(row.metric)
    parts = []
    part_tables = []
    if isinstance(metric, metrics.DerivedMetric):
        parts = [
            (k, metrics.REGISTRY[metrics.split_key(k)[0]].label)
            for k in metrics.expand([row.metric])[1][row.metric][1]
        ]
        qs = None
        if not reason and is_sum_of_parts(metric):
            # A sum of parts (e.g. 发现并移交线索): the records of each part, so the cell stays traceable.
            for key, label in parts:
                part = metrics.REGISTRY[metrics.split_key(key)[0]]
                part_qs = cell_records(
                    user=request.user,
                    template=template,
                    row=SimpleNamespace(metric=key),
                    division=division,
                    month=_month(month),
                    column=column,
                )
                part_page, part_rows = _page_rows(request, part, part_qs)
                part_tables.append(
                    {
                        "key": key,
                        "label": label,
                        "metric": part,
                        "amount_label": _amount_label(part),
                        "page": part_page,
                        "rows": part_rows,
                        "count": part_page.paginator.count,
                    }
                )
    elif reason:
        qs = None
    else:
        qs = cell_records(
            user=request.user,
            template=template,
            row=row,
            division=division,
            month=_month(month),
            column=column,
        )
    page, rows = _page_rows(request, metric, qs)
    return render(
        request,
        "reports/cell.html",
        {
            "template": template,
            "division": division,
            "row": row,
            "column": Column(column),
            "month_str": month,
            "metric": metric,
            "amount_label": _amount_label(metric),
            "reason": reason,
            "page": page,
            "rows": rows,
            "count": page.paginator.count if page is not None else None,
            "parts": parts,
            "part_tables": part_tables,
            "form_url": _form_url(slug, code, _month(month)),
        },
    )


@login_required
@require_GET
def records_page(request):
    """The records behind a dashboard point: one metric in a division subtree and a date range."""
    key = request.GET.get("metric", "")
    base, _param = metrics.split_key(key)
    metric = metrics.REGISTRY.get(base)
    if metric is None or isinstance(metric, metrics.DerivedMetric):
        raise Http404(gettext("指标不存在"))
    division = _division(request, request.GET.get("division", ""))
    try:
        start = dt.date.fromisoformat(request.GET["start"]) if request.GET.get("start") else None
        end = dt.date.fromisoformat(request.GET.get("end") or f"{timezone.localdate().year + 1}-01-01")
    except ValueError:
        raise Http404(gettext("日期格式应为 YYYY-MM-DD")) from None
    reason = metrics.availability(key)
    qs = (
        None
        if reason
        else restrict(
            metrics.records(key=key, division_path=division.path, start=start, end=end), request.user
        )
    )
    # A dashboard slice (tips by channel): one extra equality filter on an allowed field.
    if qs is not None and request.GET.get("field") in RECORD_FILTER_FIELDS:
        qs = qs.filter(**{request.GET["field"]: request.GET.get("value", "")})
    page, rows = _page_rows(request, metric, qs)
    return render(
        request,
        "reports/cell.html",
        {
            "division": division,
            "metric": metric,
            "amount_label": _amount_label(metric),
            "reason": reason,
            "page": page,
            "rows": rows,
            "count": page.paginator.count if page is not None else None,
            "range": (start, end),
            "querystring": request.GET.urlencode(),
        },
    )
