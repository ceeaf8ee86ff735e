"""Staff pages (credit list, disclosures, export) and public pages (sampling results, exposed cases,
the credit list, guides, the warning poster)."""

from __future__ import annotations

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.cache import cache_control

from zhenwei.core.access import can_access, require, restrict

from . import services
from .choices import DisclosureKind, ListKind
from .export import to_csv, to_json
from .filtersets import CreditEntryFilter, DisclosureFilter
from .forms import CreditEntryForm, DecisionForm, DisclosureForm, WithdrawForm
from .models import CreditEntry, Disclosure
from .poster import SIZES, render_poster
from .publishing import _resolve, publishable_for
from .rendering import render_guide
from .selectors import (
    credit_entry_list,
    disclosure_list,
    guide_list,
    public_credit_entries,
    public_disclosures,
)

# ---------------------------------------------------------------- staff


@login_required
def entry_list_view(request):
    require(request.user, "view")
    filterset = CreditEntryFilter(request.GET, queryset=credit_entry_list(user=request.user))
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(request, "credit/entry_list.html", {"filter": filterset, "page": page})


@login_required
def entry_new_view(request):
    require(request.user, "change")
    form = CreditEntryForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.credit_entry_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("credit:entry-detail", pk=entry.pk)
    return render(request, "credit/entry_form.html", {"form": form})


@login_required
def entry_detail_view(request, pk: int):
    entry = get_object_or_404(credit_entry_list(user=request.user), pk=pk)
    can_change = can_access(request.user, entry, "change")
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied(gettext("无权修改该记录"))
        action = request.POST.get("action")
        if form.is_valid() and action in ("remove", "repair"):
            data = form.cleaned_data
            try:
                if action == "remove":
                    services.credit_entry_remove(
                        entry=entry,
                        actor=request.user,
                        number=data["number"],
                        on=data["on"],
                        reason=data["note"],
                    )
                else:
                    services.credit_entry_repair(
                        entry=entry,
                        actor=request.user,
                        number=data["number"],
                        on=data["on"],
                        note=data["note"],
                    )
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))
            else:
                messages.success(request, gettext("已保存"))
                return redirect("credit:entry-detail", pk=pk)
    disclosures = Disclosure.objects.filter(source_type__model="creditentry", source_id=entry.pk)
    return render(
        request,
        "credit/entry_detail.html",
        {"entry": entry, "can_change": can_change, "form": form, "disclosures": disclosures},
    )


@login_required
def export_view(request, fmt: str):
    """The feed for the national credit platforms (docs/credit.md), of the entries in the user's scope."""
    require(request.user, "view")
    if fmt not in ("csv", "json"):
        raise Http404(gettext("只支持 csv 和 json"))
    entries = list(credit_entry_list(user=request.user).order_by("pk"))
    services.credit_export_audit(actor=request.user, fmt=fmt, count=len(entries))
    if fmt == "csv":
        response = HttpResponse(to_csv(entries), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(to_json(entries), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="credit-list.{fmt}"'
    return response


@login_required
def disclosure_list_view(request):
    require(request.user, "view")
    qs = disclosure_list(user=request.user, filters=request.GET)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request, "credit/disclosure_staff_list.html", {"page": page, "kinds": DisclosureKind.choices}
    )


def _record(label: str, pk: int):
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise Http404(gettext("未知记录类型")) from None
    if publishable_for(model) is None:
        raise Http404(gettext("该类记录不能公示"))
    return model, get_object_or_404(model._default_manager.all(), pk=pk)


@login_required
def disclosure_new_view(request, label: str, pk: int):
    """Publish a record: the staff member chooses which publishable fields go out."""
    model, record = _record(label, pk)
    require(request.user, "change", record)
    spec = publishable_for(model)
    choices = []
    for name in spec.fields:
        field_label, value = _resolve(record, name)
        choices.append((name, f"{field_label}：{value if value not in (None, '') else '—'}"))
    from .publishing import default_title

    form = DisclosureForm(request.POST or None, choices=choices, initial={"title": default_title(record)})
    if request.method == "POST" and form.is_valid():
        try:
            disclosure = services.disclosure_create(record=record, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, gettext("已公示"))
            return redirect("credit_public:disclosure-detail", pk=disclosure.pk)
    return render(request, "credit/disclosure_form.html", {"form": form, "record": record})


@login_required
def disclosure_withdraw_view(request, pk: int):
    disclosure = get_object_or_404(restrict(Disclosure.objects.all(), request.user, "change"), pk=pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.disclosure_withdraw(
            disclosure=disclosure, actor=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, gettext("已撤回"))
        return redirect("credit:disclosure-list")
    return render(request, "credit/disclosure_withdraw.html", {"form": form, "disclosure": disclosure})


# ---------------------------------------------------------------- public

PUBLIC_SECTIONS = {
    DisclosureKind.SAMPLING_RESULT: gettext_lazy("抽查结果公示"),
    DisclosureKind.TYPICAL_CASE: gettext_lazy("典型案例曝光"),
    DisclosureKind.CREDIT_ENTRY: gettext_lazy("信用名单公示"),
}


def public_index_view(request):
    latest = {kind: public_disclosures(filters={"kind": kind})[:5] for kind in PUBLIC_SECTIONS}
    return render(
        request,
        "credit/public_index.html",
        {"sections": [(k, PUBLIC_SECTIONS[k], latest[k]) for k in PUBLIC_SECTIONS], "guides": guide_list()},
    )


def public_disclosure_list_view(request):
    filterset = DisclosureFilter(request.GET, queryset=public_disclosures())
    page = Paginator(filterset.qs, 20).get_page(request.GET.get("page"))
    kind = request.GET.get("kind", "")
    title = PUBLIC_SECTIONS.get(kind, gettext_lazy("公示公告"))
    return render(
        request, "credit/public_disclosures.html", {"filter": filterset, "page": page, "title": title}
    )


def public_disclosure_detail_view(request, pk: int):
    disclosure = get_object_or_404(public_disclosures(), pk=pk)
    return render(request, "credit/public_disclosure.html", {"d": disclosure})


def public_credit_list_view(request):
    filterset = CreditEntryFilter(request.GET, queryset=public_credit_entries())
    page = Paginator(filterset.qs, 20).get_page(request.GET.get("page"))
    rows = [(e, _public_entry(e)) for e in page]
    return render(
        request,
        "credit/public_credit_list.html",
        {"filter": filterset, "page": page, "rows": rows, "kinds": ListKind},
    )


def _public_entry(entry: CreditEntry) -> list[dict[str, str]]:
    from .publishing import copy_fields

    return copy_fields(entry)


def guide_list_view(request):
    return render(request, "credit/guide_list.html", {"guides": guide_list()})


def guide_detail_view(request, slug: str):
    guide = get_object_or_404(guide_list(), slug=slug)
    return render(request, "credit/guide_detail.html", {"guide": guide, "body": render_guide(guide.body)})


@cache_control(max_age=3600, public=True)
def poster_view(request):
    """The printable warning poster as PDF (?size=A4|A3&issuer=农坝镇人民政府)."""
    size = request.GET.get("size", "A4").upper()
    if size not in SIZES:
        return HttpResponse(
            gettext("纸张只支持 A4 或 A3 (size must be A4 or A3)"), status=400, content_type="text/plain"
        )
    issuer = request.GET.get("issuer", "").strip()[:40]
    response = HttpResponse(render_poster(size=size, issuer=issuer), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="warning-poster-{size}.pdf"'
    return response
