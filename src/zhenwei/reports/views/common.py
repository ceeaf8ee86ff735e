"""What the report pages share: a month and a division from the URL, the form's address, a service
call whose refusal becomes messages, and one page of the records behind a number."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext

from zhenwei.core.feedback import show_errors
from zhenwei.core.models import Division

from .. import metrics
from ..selectors import division_for_user, month_start


def _month(value: str) -> dt.date:
    try:
        return month_start(value)
    except (ValueError, IndexError):
        raise Http404(gettext("月份格式应为 YYYY-MM")) from None


def _division(request, code: str) -> Division:
    try:
        return division_for_user(user=request.user, code=code)
    except Division.DoesNotExist:
        raise Http404(gettext("区划不存在")) from None


def _form_url(slug: str, code: str, month: dt.date) -> str:
    return reverse("reports:form", args=[slug, code, f"{month:%Y-%m}"])


def _run(request, func, ok_message: str) -> bool:
    """Call a service; a refusal (ValidationError) becomes error messages, success a message."""
    try:
        func()
    except ValidationError as exc:
        show_errors(request, exc)
        return False
    messages.success(request, ok_message)
    return True


def _page_rows(request, metric, qs):
    """One page of the records behind a number, with the division, date and amount of each."""
    if qs is None:
        return None, []
    if metric.field is not None and not isinstance(metric.field, str):
        qs = qs.annotate(_amount=metric.field)
    qs = qs.order_by(*(["-" + metric.date_field] if metric.date_field else []), "-pk")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = []
    for obj in page:
        if metric.field is None:
            amount = ""
        elif isinstance(metric.field, str):
            amount = _follow(obj, metric.field)
        else:
            amount = obj._amount
        rows.append(
            {
                "obj": obj,
                "division": _follow(obj, metric.division_field),
                "date": _follow(obj, metric.date_field) if metric.date_field else "",
                "amount": amount,
                "url": obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "",
            }
        )
    return page, rows


def _amount_label(metric) -> str:
    if metric is None or isinstance(metric, metrics.DerivedMetric) or metric.field is None:
        return ""
    if isinstance(metric.field, str):
        model = metric.model_class()
        try:
            return str(metrics._field_of(model, metric.field).verbose_name) if model else metric.field
        except Exception:  # noqa: BLE001 - a label only
            return metric.field
    return gettext("金额（元）")


def _follow(obj, path: str | None):
    if not path:
        return ""
    for part in path.split("__"):
        obj = getattr(obj, part, None)
        if obj is None:
            return ""
    return obj
