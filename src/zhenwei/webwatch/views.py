"""Staff pages of the web watch (ledger, check tools) and the public page on telling official sites."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django_tables2 import RequestConfig

from zhenwei.core.access import can_access, require

from . import services
from .filtersets import SuspectSiteFilter
from .forms import BlockForm, CheckForm, CloseForm, EvidenceForm, PublicCheckForm, ReferForm, SiteRegisterForm
from .lookalike import MalformedURL
from .screening import cluster_texts, screen_text
from .selectors import checker, official_domain_list, site_list
from .tables import SuspectSiteTable


@login_required
def site_list_view(request):
    require(request.user, "view")
    filterset = SuspectSiteFilter(request.GET, queryset=site_list(user=request.user))
    table = SuspectSiteTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "webwatch/site_list.html", {"filter": filterset, "table": table})


@login_required
def site_register_view(request):
    require(request.user, "change")
    form = SiteRegisterForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            site = services.site_register(actor=request.user, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, gettext("已登记：%(site_host)s") % {"site_host": site.host})
            return redirect("webwatch:site-detail", pk=site.pk)
    return render(request, "webwatch/site_form.html", {"form": form})


ACTIONS = {
    "evidence": EvidenceForm,
    "refer": ReferForm,
    "block": BlockForm,
    "close": CloseForm,
}


@login_required
def site_detail_view(request, pk: int):
    site = get_object_or_404(site_list(user=request.user), pk=pk)
    can_change = can_access(request.user, site, "change")
    forms = {name: cls(prefix=name) for name, cls in ACTIONS.items()}
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied(gettext("无权修改该记录"))
        action = request.POST.get("action", "")
        try:
            if action == "clue":
                services.site_clue_open(site=site, actor=request.user)
                messages.success(request, gettext("已开启线索"))
                return redirect("webwatch:site-detail", pk=pk)
            if action in ACTIONS:
                form = ACTIONS[action](request.POST, request.FILES, prefix=action)
                forms[action] = form
                if form.is_valid():
                    data = form.cleaned_data
                    if action == "evidence":
                        upload = data.pop("file")
                        services.site_evidence_add(
                            site=site,
                            fileobj=upload,
                            name=upload.name,
                            declared_type=upload.content_type,
                            actor=request.user,
                            **data,
                        )
                    elif action == "refer":
                        services.site_refer(site=site, actor=request.user, **data)
                    elif action == "block":
                        services.site_block(site=site, actor=request.user, **data)
                    else:
                        services.site_close(site=site, actor=request.user, **data)
                    messages.success(request, gettext("已保存"))
                    return redirect("webwatch:site-detail", pk=pk)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    return render(
        request,
        "webwatch/site_detail.html",
        {
            "site": site,
            "can_change": can_change,
            "forms": forms,
            "evidence": site.evidence.select_related("evidence"),
            "events": site.events.select_related("actor"),
        },
    )


@login_required
def check_view(request):
    """Staff tool: check URLs and screen ad texts pasted into the page."""
    require(request.user, "view")
    form = CheckForm(request.POST or None)
    url_answers, ad_answers = [], []
    if request.method == "POST" and form.is_valid():
        engine = checker()
        for url in [u.strip() for u in form.cleaned_data["urls"].splitlines() if u.strip()][:200]:
            try:
                url_answers.append(engine.check(url))
            except MalformedURL as exc:
                url_answers.append({"url": url, "error": str(exc)})
        texts = [t.strip() for t in form.cleaned_data["ads"].splitlines() if t.strip()][:500]
        results = [screen_text(t) for t in texts]
        clusters = cluster_texts(texts, [r.contacts for r in results])
        ad_answers = list(zip(texts, results, clusters, strict=True))
    return render(request, "webwatch/check.html", {"form": form, "urls": url_answers, "ads": ad_answers})


def official_sites_view(request):
    """Public: the official sites, how to tell them, and a check of one address."""
    form = PublicCheckForm(request.GET or None)
    answer = error = None
    if request.GET.get("url") and form.is_valid():
        try:
            answer = checker().check(form.cleaned_data["url"])
        except MalformedURL as exc:
            error = str(exc)
    return render(
        request,
        "webwatch/official_sites.html",
        {"sites": official_domain_list(), "form": form, "answer": answer, "error": error},
    )
