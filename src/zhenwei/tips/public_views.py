"""Public pages: the tip form, the receipt, progress by receipt code, the division picker."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from zhenwei.core.feedback import show_errors
from zhenwei.core.models import Division

from .forms import StatusLookupForm, TipForm
from .ratelimit import hit, network_of
from .receipt import receipt_display
from .selectors import tip_public_progress
from .services import tip_submit


def division_chain(code: str | None) -> list[dict]:
    """The picker's levels: for each level, its options and the chosen one (from the top down)."""
    chosen = Division.objects.filter(code=code).first() if code else None
    ancestors = list(chosen.ancestors()) if chosen else []
    levels = []
    parent_id = None
    for level_index in range(len(ancestors) + 1):
        options = list(
            Division.objects.filter(parent_id=parent_id).order_by("code").values_list("code", "name")
            if parent_id
            else Division.objects.filter(Q(parent__isnull=True)).order_by("code").values_list("code", "name")
        )
        if not options:
            break
        selected = ancestors[level_index].code if level_index < len(ancestors) else ""
        levels.append({"options": options, "selected": selected})
        if level_index >= len(ancestors):
            break
        parent_id = ancestors[level_index].pk
    return levels


@require_GET
def divisions(request):
    """HTMX: the select of the children of the division just chosen (and nothing when it has none)."""
    chosen = [c for c in request.GET.getlist("division") if c]
    parent = Division.objects.filter(code=chosen[-1]).first() if chosen else None
    options = list(parent.children.order_by("code").values_list("code", "name")) if parent else []
    return render(request, "tips/_division_level.html", {"level": {"options": options, "selected": ""}})


@never_cache
def tip_new(request):
    """The public tip form; a successful submission shows the receipt code once."""
    initial_code = request.GET.get("division") or ""
    if request.method == "POST":
        form = TipForm(request.POST, request.FILES)
        if request.POST.get("website"):
            form.is_valid()
            form.add_error(None, _("提交被拒绝。"))
        elif form.is_valid():
            allowed, retry_after = hit(request, "TIPS_SUBMIT_RATE_LIMIT")
            if not allowed:
                form.add_error(
                    None,
                    _("提交过于频繁，请 %(minutes)s 分钟后再试，或拨打举报电话。")
                    % {"minutes": retry_after // 60 + 1},
                )
                response = render(request, "tips/public_form.html", _form_context(form, request), status=429)
                response["Retry-After"] = str(retry_after)
                return response
            try:
                tip, receipt = tip_submit(data=form.tip_input(), network=network_of(request))
            except ValidationError as exc:
                show_errors(request, exc, form)
            else:
                return render(
                    request,
                    "tips/public_receipt.html",
                    {"tip": tip, "receipt": receipt_display(receipt), "raw_receipt": receipt},
                    status=201,
                )
        return render(request, "tips/public_form.html", _form_context(form, request), status=400)
    form = TipForm(initial={"division": initial_code})
    return render(request, "tips/public_form.html", _form_context(form, request, initial_code))


def _form_context(form, request, code: str | None = None) -> dict:
    if code is None:
        chosen = [c for c in request.POST.getlist("division") if c]
        code = chosen[-1] if chosen else ""
    return {"form": form, "division_levels": division_chain(code)}


@never_cache
def tip_status(request):
    """Progress by receipt code: public stages and replies only."""
    code = request.POST.get("code") if request.method == "POST" else request.GET.get("code")
    form = StatusLookupForm(data={"code": code} if code else None)
    progress = None
    status = 200
    if code and form.is_valid():
        allowed, retry_after = hit(request, "TIPS_STATUS_RATE_LIMIT")
        if not allowed:
            form.add_error(None, _("查询过于频繁，请稍后再试。"))
            status = 429
        else:
            progress = tip_public_progress(form.cleaned_data["code"])
            if progress is None:
                form.add_error("code", _("回执码不正确或不存在，请核对（不区分大小写，可省略短横线）。"))
                status = 404
    response = render(request, "tips/public_status.html", {"form": form, "progress": progress}, status=status)
    return response
