"""Staff pages of the market-monitor register (村组市场监督员) and of a monitor's report, which an
officer enters on the monitor's behalf and which becomes a tip."""

from __future__ import annotations

import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django_tables2 import RequestConfig

from zhenwei.core.access import allowed, require, restrict
from zhenwei.core.feedback import show_errors
from zhenwei.core.masking import can_see_pii

from .models import MarketMonitor, Tip
from .monitor_filtersets import MonitorFilter
from .monitor_forms import MonitorForm, MonitorReportForm
from .monitors import monitor_create, monitor_phone_shown, monitor_report_submit, monitor_update


class MonitorTable(tables.Table):
    name = tables.LinkColumn("tips:monitor-detail", args=[tables.A("pk")], verbose_name=_("姓名"))
    division = tables.Column(verbose_name=_("乡镇（街道）"))
    department = tables.Column(verbose_name=_("管理单位"))
    phone = tables.Column(verbose_name=_("联系电话"), empty_values=())
    reports = tables.Column(verbose_name=_("报告数"), empty_values=(), orderable=False)

    class Meta:
        model = MarketMonitor
        fields = ["name", "village", "division", "department", "phone", "appointed_on", "active"]
        attrs = {"class": "table"}

    def __init__(self, *args, user, counts, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.counts = counts

    def render_phone(self, record):
        return monitor_phone_shown(record, self.user) or "—"

    def render_reports(self, record):
        return self.counts.get(record.pk, 0)


def monitor_queryset(user, action: str = "view"):
    return restrict(MarketMonitor.objects.select_related("division", "department"), user, action)


@login_required
def monitor_list(request):
    require(request.user, "view")
    f = MonitorFilter(request.GET, queryset=monitor_queryset(request.user))
    from django.db.models import Count

    counts = dict(
        Tip.objects.filter(monitor__in=f.qs)
        .values_list("monitor")
        .annotate(n=Count("pk"))
        .values_list("monitor", "n")
    )
    table = MonitorTable(f.qs, user=request.user, counts=counts)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(
        request,
        "tips/monitors/list.html",
        {
            "filter": f,
            "table": table,
            "can_change": request.user.is_authenticated and _can_change(request.user),
        },
    )


def _can_change(user) -> bool:
    return allowed(user, "change")


@login_required
def monitor_new(request):
    require(request.user, "change")
    form = MonitorForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            monitor = monitor_create(actor=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            show_errors(request, exc, form)
        else:
            messages.success(request, "监督员已登记")
            return redirect("tips:monitor-detail", monitor.pk)
    return render(request, "tips/monitors/form.html", {"form": form, "title": _("登记村组市场监督员")})


@login_required
def monitor_detail(request, pk: int):
    monitor = get_object_or_404(monitor_queryset(request.user), pk=pk)
    can_change = allowed(request.user, "change", monitor)
    form = None
    if can_change:
        initial = {
            "name": monitor.name,
            "village": monitor.village,
            "department": monitor.department_id,
            "division": monitor.division_id,
            "phone": monitor_phone_shown(monitor, request.user),
            "appointed_on": monitor.appointed_on,
            "active": monitor.active,
            "note": monitor.note,
        }
        form = MonitorForm(request.POST or None, initial=initial, user=request.user)
        if not can_see_pii(request.user, monitor):
            # Shown masked, it would come back masked: who cannot read it whole does not edit it.
            form.fields.pop("phone")
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            data["division"] = data.get("division") or data["department"].division
            try:
                monitor_update(monitor=monitor, actor=request.user, **data)
            except (ValidationError, PermissionDenied) as exc:
                show_errors(request, exc, form)
            else:
                messages.success(request, "已保存")
                return redirect("tips:monitor-detail", monitor.pk)
    elif request.method == "POST":
        raise PermissionDenied("无权修改该记录 (no change right on this record)")
    reports = restrict(Tip.objects.filter(monitor=monitor), request.user).select_related(
        "lead_department", "category"
    )[:100]
    return render(
        request,
        "tips/monitors/detail.html",
        {
            "monitor": monitor,
            "phone": monitor_phone_shown(monitor, request.user),
            "form": form,
            "can_change": can_change,
            "reports": reports,
        },
    )


@login_required
def monitor_report(request, pk: int):
    monitor = get_object_or_404(monitor_queryset(request.user, "change"), pk=pk)
    post = request.method == "POST"
    form = MonitorReportForm(request.POST if post else None, request.FILES if post else None)
    if post and form.is_valid():
        try:
            tip = monitor_report_submit(
                monitor=monitor, data=form.tip_input(monitor.division), actor=request.user
            )
        except (ValidationError, PermissionDenied) as exc:
            show_errors(request, exc, form)
        else:
            messages.success(request, f"已登记为举报 {tip.number}，并已按规则分办")
            return redirect("tips:detail", tip.pk)
    return render(
        request,
        "tips/monitors/report.html",
        {"form": form, "monitor": monitor, "title": _("登记监督员报告：%(monitor)s") % {"monitor": monitor}},
    )
