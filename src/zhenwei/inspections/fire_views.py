"""Staff pages of fire investigations extended to products (火灾延伸调查): the list, the form of a fire
with its products (HTMX adds rows), and a fire's page where each product is traced to its maker and
seller and clues are opened for them. Also the HTMX row endpoint shared with the ledger check form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from zhenwei.core.access import allowed, restrict

from . import fire
from .fire_forms import MAX_ROWS, FireInvestigationForm, FireProductFormSet, LedgerEntryFormSet, TraceForm
from .models import FireInvestigation, FireProduct

PRODUCT_PREFIX = "products"
ROW_FORMSETS = {"products": FireProductFormSet, "entries": LedgerEntryFormSet}


def _message(request, exc) -> None:
    text = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    messages.error(request, text)


def fire_queryset(user, action: str = "view"):
    return restrict(
        FireInvestigation.objects.select_related("division", "department")
        .annotate(n_products=Count("products"))
        .order_by("-occurred_on", "-pk"),
        user,
        action,
    )


def product_fields(user, row: dict) -> dict:
    """A product form row → the service's fields (traced units looked up in the registry)."""
    data = {k: v for k, v in row.items() if k not in ("maker", "seller") and v not in (None, "")}
    for role in ("maker", "seller"):
        text = (row.get(role) or "").strip()
        found = fire.enterprise_lookup(user=user, text=text)
        if found is not None:
            data[role] = found
        elif text:
            data[f"{role}_name"] = text
    return data


@login_required
def fire_list(request):
    if not allowed(request.user, "view"):
        raise PermissionDenied("当前角色无此权限 (missing capability: view)")
    page = Paginator(fire_queryset(request.user), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "inspections/fire/list.html",
        {"page": page, "can_change": allowed(request.user, "change")},
    )


@login_required
def fire_new(request):
    if not allowed(request.user, "change"):
        raise PermissionDenied("当前角色无此权限 (missing capability: change)")
    post = request.method == "POST"
    form = FireInvestigationForm(request.POST if post else None, user=request.user)
    formset = FireProductFormSet(request.POST if post else None, prefix=PRODUCT_PREFIX)
    if post and form.is_valid() and formset.is_valid():
        data = dict(form.cleaned_data)
        data["deaths"] = data.get("deaths") or 0
        data["injuries"] = data.get("injuries") or 0
        try:
            investigation = fire.fire_investigation_create(
                actor=request.user,
                products=[product_fields(request.user, row) for row in formset.rows()],
                **data,
            )
        except (ValidationError, PermissionDenied) as exc:
            _message(request, exc)
        else:
            messages.success(request, "火灾延伸调查已登记")
            return redirect("inspections:fire-detail", investigation.pk)
    return render(request, "inspections/fire/form.html", {"form": form, "formset": formset})


def _investigation(request, pk: int, action: str = "view") -> FireInvestigation:
    return get_object_or_404(fire_queryset(request.user, action), pk=pk)


@login_required
def fire_detail(request, pk: int):
    investigation = _investigation(request, pk)
    can_change = allowed(request.user, "change", investigation)
    formset = FireProductFormSet(prefix=PRODUCT_PREFIX)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied("无权修改该记录 (no change right on this record)")
        formset = FireProductFormSet(request.POST, prefix=PRODUCT_PREFIX)
        if formset.is_valid():
            try:
                for row in formset.rows():
                    fire.fire_product_add(
                        investigation=investigation, actor=request.user, **product_fields(request.user, row)
                    )
            except (ValidationError, PermissionDenied) as exc:
                _message(request, exc)
            else:
                return redirect("inspections:fire-detail", investigation.pk)
    products = investigation.products.select_related(
        "category", "maker__division", "seller__division", "maker_clue", "seller_clue"
    )
    rows = [
        (
            p,
            TraceForm(
                initial={
                    "maker": p.maker.uscc or p.maker.name if p.maker_id else p.maker_name,
                    "seller": p.seller.uscc or p.seller.name if p.seller_id else p.seller_name,
                    "finding": p.finding,
                },
                prefix=f"p{p.pk}",
            ),
        )
        for p in products
    ]
    return render(
        request,
        "inspections/fire/detail.html",
        {"investigation": investigation, "rows": rows, "formset": formset, "can_change": can_change},
    )


def _product(request, pk: int) -> FireProduct:
    product = get_object_or_404(
        restrict(
            FireProduct.objects.select_related("investigation", "maker", "seller"), request.user, "change"
        ),
        pk=pk,
    )
    return product


@login_required
@require_POST
def fire_product_trace(request, pk: int):
    """Record where one product came from (HTMX: answers with the product's row)."""
    product = _product(request, pk)
    form = TraceForm(request.POST, prefix=f"p{product.pk}")
    error = ""
    if form.is_valid():
        data = form.cleaned_data
        maker = fire.enterprise_lookup(user=request.user, text=data["maker"])
        seller = fire.enterprise_lookup(user=request.user, text=data["seller"])
        try:
            product = fire.fire_product_trace(
                product=product,
                actor=request.user,
                maker=maker,
                maker_name="" if maker else data["maker"],
                seller=seller,
                seller_name="" if seller else data["seller"],
                finding=data["finding"],
            )
        except (ValidationError, PermissionDenied) as exc:
            error = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    else:
        error = "；".join(m for errs in form.errors.values() for m in errs)
    if not request.headers.get("HX-Request"):
        if error:
            messages.error(request, error)
        return redirect("inspections:fire-detail", product.investigation_id)
    product.refresh_from_db()
    return render(
        request,
        "inspections/fire/_product.html",
        {
            "p": product,
            "trace_form": TraceForm(data=request.POST, prefix=f"p{product.pk}"),
            "error": error,
            "can_change": True,
        },
    )


@login_required
@require_POST
def fire_product_clues(request, pk: int):
    """Open the clues of one product's maker and seller (those traced)."""
    product = _product(request, pk)
    try:
        opened = fire.fire_product_open_clues(product=product, actor=request.user)
    except (ValidationError, PermissionDenied) as exc:
        _message(request, exc)
    else:
        if opened:
            messages.success(
                request,
                f"已移交 {len(opened)} 条线索："
                + "；".join(f"{c.title}（{c.department or '待分办'}）" for c in opened),
            )
        else:
            messages.info(request, "没有可移交的线索（尚未追溯到生产企业或销售单位，或已移交）")
    return redirect("inspections:fire-detail", product.investigation_id)


@login_required
@require_POST
def fire_investigation_clues(request, pk: int):
    investigation = _investigation(request, pk, "change")
    try:
        opened = fire.fire_investigation_open_clues(investigation=investigation, actor=request.user)
    except (ValidationError, PermissionDenied) as exc:
        _message(request, exc)
    else:
        messages.success(request, f"已移交 {len(opened)} 条线索")
    return redirect("inspections:fire-detail", investigation.pk)


@login_required
@require_GET
def form_row(request, kind: str):
    """One more empty row of a form's table (HTMX): the row with the next index and the formset's
    form count swapped out of band."""
    formset_class = ROW_FORMSETS.get(kind)
    if formset_class is None:
        raise Http404("no such rows")
    try:
        index = int(request.GET.get(f"{kind}-TOTAL_FORMS", "1"))
    except ValueError:
        index = 1
    if index >= MAX_ROWS or index < 0:
        return HttpResponse(status=204)
    row = formset_class(prefix=kind).empty_form
    row.prefix = f"{kind}-{index}"
    return render(
        request, "inspections/fire/_row.html", {"row": row, "total": index + 1, "prefix": kind, "oob": True}
    )


@login_required
@require_GET
def form_row_remove(request):
    """The remove button's answer: nothing (the row is swapped away)."""
    return HttpResponse("")
