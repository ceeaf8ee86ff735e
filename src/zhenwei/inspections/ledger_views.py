"""The purchase and sales ledger section (进销货台账) of an inspection: loaded into the inspection page
with HTMX (or shown as its own page), with the form of a check and its entries, and the button that
hands a supplier with a problem over as a clue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhenwei.core.access import allowed, restrict

from . import fire, ledger
from .fire_forms import LedgerCheckForm, LedgerEntryFormSet
from .models import LedgerEntry
from .selectors import inspection_queryset

ENTRY_PREFIX = "entries"


def entry_fields(user, row: dict) -> dict:
    """An entry form row → the service's fields (the supplier looked up in the registry)."""
    data = {k: v for k, v in row.items() if k != "supplier" and v not in (None, "")}
    text = (row.get("supplier") or "").strip()
    found = fire.enterprise_lookup(user=user, text=text)
    if found is not None:
        data["supplier"] = found
    elif text:
        data["supplier_name"] = text
    data["problems"] = list(row.get("problems") or [])
    return data


@login_required
def inspection_ledger(request, pk: int):
    inspection = get_object_or_404(inspection_queryset(user=request.user), pk=pk)
    can_change = allowed(request.user, "change", inspection)
    htmx = bool(request.headers.get("HX-Request"))
    form = LedgerCheckForm()
    formset = LedgerEntryFormSet(prefix=ENTRY_PREFIX)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied("无权修改该记录 (no change right on this record)")
        form = LedgerCheckForm(request.POST)
        formset = LedgerEntryFormSet(request.POST, prefix=ENTRY_PREFIX)
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            try:
                ledger.ledger_check_record(
                    inspection=inspection,
                    actor=request.user,
                    ledger_kept=data["ledger_kept"],
                    checked_on=data["checked_on"],
                    period=data["period"],
                    note=data["note"],
                    entries=[entry_fields(request.user, row) for row in formset.rows()],
                )
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(
                    None, "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                )
            else:
                messages.success(request, "进销货台账检查已记录")
                if not htmx:
                    return redirect("inspections:inspection-ledger", inspection.pk)
                form = LedgerCheckForm()
                formset = LedgerEntryFormSet(prefix=ENTRY_PREFIX)
    checks = inspection.ledger_checks.prefetch_related("entries__supplier", "entries__clue")
    context = {
        "inspection": inspection,
        "checks": checks,
        "form": form,
        "formset": formset,
        "can_change": can_change,
    }
    template = "inspections/ledger/_section.html" if htmx else "inspections/ledger/page.html"
    return render(request, template, context)


@login_required
@require_POST
def ledger_entry_clue(request, pk: int):
    entry = get_object_or_404(
        restrict(LedgerEntry.objects.select_related("check_record__inspection"), request.user, "change"),
        pk=pk,
    )
    try:
        clue = ledger.ledger_entry_open_clue(entry=entry, actor=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
    else:
        messages.success(request, f"已移交线索：{clue.title}（{clue.department or '待分办'}）")
    return redirect("inspections:inspection-ledger", entry.check_record.inspection_id)
