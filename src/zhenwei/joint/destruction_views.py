"""Staff pages to record a destruction event (集中销毁): the form with its item rows (HTMX adds and
removes rows) and its evidence files."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from zhenwei.core.access import require
from zhenwei.core.feedback import show_errors

from .destruction import MAX_ITEMS, destruction_record
from .destruction_forms import ITEM_PREFIX, DestructionForm, DestructionItemFormSet


@login_required
def destruction_new(request):
    require(request.user, "change")
    post = request.method == "POST"
    form = DestructionForm(request.POST if post else None, request.FILES if post else None, user=request.user)
    formset = DestructionItemFormSet(request.POST if post else None, prefix=ITEM_PREFIX, user=request.user)
    if post and form.is_valid() and formset.is_valid():
        data = dict(form.cleaned_data)
        files = data.pop("evidence", [])
        try:
            event = destruction_record(
                actor=request.user,
                items=formset.items(),
                evidence=[(f, f.name) for f in files],
                **data,
            )
        except (ValidationError, PermissionDenied) as exc:
            show_errors(request, exc)
        else:
            messages.success(request, "集中销毁已登记")
            return redirect("joint:destruction-detail", event.pk)
    return render(
        request,
        "joint/destruction/form.html",
        {"title": "登记集中销毁", "form": form, "formset": formset},
    )


@login_required
@require_GET
def destruction_item_row(request):
    """One more empty item row (HTMX): the row with the next index, and the formset's form count
    swapped out of band, so the browser needs no script of ours."""
    try:
        index = int(request.GET.get(f"{ITEM_PREFIX}-TOTAL_FORMS", "1"))
    except ValueError:
        index = 1
    index = max(0, min(index, MAX_ITEMS))
    if index >= MAX_ITEMS:
        return HttpResponse(status=204)
    formset = DestructionItemFormSet(prefix=ITEM_PREFIX, user=request.user)
    row = formset.empty_form
    row.prefix = f"{ITEM_PREFIX}-{index}"
    return render(
        request,
        "joint/destruction/_item_row.html",
        {"row": row, "total": index + 1, "prefix": ITEM_PREFIX, "oob": True},
    )


@login_required
@require_GET
def destruction_item_remove(request):
    """Answer for the remove button: nothing (the row is swapped away; its inputs no longer post,
    and the formset skips the missing index as an unchanged row)."""
    return HttpResponse("")
