"""Staff pages: listings and their checks, sellers, eliminated products, logistics-site checks."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django_tables2 import RequestConfig

from zhenwei.core.access import restrict, user_scope
from zhenwei.core.models import Department

from . import selectors
from .choices import CheckResult
from .filtersets import ListingFilter, LogisticsCheckFilter
from .models import EliminatedProductType, LogisticsChecklistItem
from .services import logistics_check_record
from .tables import ListingTable, LogisticsCheckTable


@login_required
def listing_list(request):
    f = ListingFilter(request.GET, queryset=selectors.listing_list(user=request.user))
    table = ListingTable(f.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "market/listing_list.html", {"filter": f, "table": table})


@login_required
def listing_detail(request, pk: int):
    listing = get_object_or_404(selectors.listing_list(user=request.user), pk=pk)
    return render(request, "market/listing_detail.html", {"l": listing})


@login_required
def sellers(request):
    return render(request, "market/sellers.html", {"rows": selectors.seller_summary(user=request.user)[:500]})


@login_required
def eliminated_list(request):
    return render(
        request,
        "market/eliminated_list.html",
        {"types": EliminatedProductType.objects.filter(is_active=True).select_related("category")},
    )


class LogisticsCheckForm(forms.Form):
    enterprise = forms.ModelChoiceField(queryset=None, label=gettext_lazy("快递物流/货运场站"))
    department = forms.ModelChoiceField(queryset=None, label=gettext_lazy("检查部门"))
    checked_on = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), label=gettext_lazy("检查日期")
    )
    inspectors = forms.CharField(max_length=200, required=False, label=gettext_lazy("检查人员"))
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label=gettext_lazy("检查情况")
    )

    def __init__(self, *args, user, items, **kwargs):
        super().__init__(*args, **kwargs)
        from zhenwei.registry.models import Enterprise

        self.fields["enterprise"].queryset = restrict(
            Enterprise.objects.filter(kind="logistics", is_active=True), user
        )
        scope = user_scope(user)
        depts = Department.objects.filter(is_active=True)
        self.fields["department"].queryset = (
            depts if scope.is_global else depts.filter(pk__in=scope.department_ids)
        )
        self.items = items
        for item in items:
            self.fields[f"r_{item.code}"] = forms.ChoiceField(
                choices=CheckResult.choices,
                widget=forms.RadioSelect,
                label=f"【{item.get_group_display()}】{item.text}",
                initial=CheckResult.PASS,
            )
            self.fields[f"n_{item.code}"] = forms.CharField(
                required=False, label=gettext("说明"), max_length=255
            )


@login_required
def logistics_list(request):
    f = LogisticsCheckFilter(request.GET, queryset=selectors.logistics_check_list(user=request.user))
    table = LogisticsCheckTable(f.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "market/logistics_list.html", {"filter": f, "table": table})


@login_required
def logistics_new(request):
    items = list(LogisticsChecklistItem.objects.filter(is_active=True))
    form = LogisticsCheckForm(
        request.POST or None, user=request.user, items=items, initial={"checked_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        answers = {i.code: (data[f"r_{i.code}"], data[f"n_{i.code}"]) for i in items}
        try:
            check = logistics_check_record(
                enterprise=data["enterprise"],
                department=data["department"],
                checked_on=data["checked_on"],
                inspectors=data["inspectors"],
                note=data["note"],
                answers=answers,
                actor=request.user,
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
        else:
            return redirect("market:logistics-detail", check.pk)
    return render(request, "market/logistics_form.html", {"form": form})


@login_required
def logistics_detail(request, pk: int):
    check = get_object_or_404(selectors.logistics_check_list(user=request.user), pk=pk)
    return render(
        request, "market/logistics_detail.html", {"c": check, "answers": check.answers.select_related("item")}
    )
