"""Staff pages of enterprise self-checks (自查自改) and certificate enforcement checks (持证上岗检查):
lists per campaign and per enterprise (HTMX filters), entry and correction forms, rectification,
the upload of a staff list (逐人逐证) as a check, and opening a case from a check."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_tables2 import RequestConfig

from zhenwei.core.access import can_access, user_scope
from zhenwei.core.feedback import show_errors
from zhenwei.core.masking import can_see_pii, disclose, mask_id_number, mask_text

from . import checks
from . import checks_forms as forms
from . import checks_selectors as selectors
from .checks_choices import VERDICT_LABELS, CheckSource, Rectification
from .checks_filtersets import CertificateCheckFilter, SelfCheckFilter
from .checks_tables import CertificateCheckTable, SelfCheckTable


def _require_view(user) -> None:
    if not user_scope(user).can("view"):
        raise PermissionDenied(_("无权查看"))


def _table(request, table_class, qs):
    table = table_class(qs)
    RequestConfig(request, paginate={"per_page": 30}).configure(table)
    return table


# ------------------------------------------------------------------------------------ self-checks


@login_required
@require_GET
def selfcheck_list(request):
    """Self-checks in scope; per campaign (?campaign=) and per enterprise (?enterprise=); overdue
    rectifications first in the per-enterprise summary and as a filter (?rectification=overdue)."""
    _require_view(request.user)
    f = SelfCheckFilter(request.GET, queryset=selectors.self_check_list(user=request.user))
    today = timezone.localdate()
    qs = f.qs if f.is_valid() else f.queryset.none()
    context = {
        "filter": f,
        "table": _table(request, SelfCheckTable, qs),
        "summary": selectors.self_check_summary(qs=qs, today=today),
        "overdue_count": selectors.overdue_self_checks(user=request.user, today=today).count(),
        "can_change": user_scope(request.user).can("change"),
    }
    if request.htmx:
        return render(request, "campaigns/checks/_selfcheck_results.html", context)
    return render(request, "campaigns/checks/selfcheck_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def selfcheck_new(request):
    if not user_scope(request.user).can("change"):
        raise PermissionDenied(_("无权登记企业自查"))
    initial = {"checked_on": timezone.localdate()}
    for key in ("campaign", "enterprise"):
        if request.GET.get(key, "").isdigit():
            initial[key] = request.GET[key]
    form = forms.SelfCheckForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            sc = checks.self_check_create(actor=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            show_errors(request, exc, form)
        else:
            messages.success(request, _("已登记企业自查"))
            return redirect("campaigns:selfcheck-detail", sc.pk)
    return render(request, "campaigns/checks/form.html", {"title": _("登记企业自查"), "form": form})


@login_required
@require_GET
def selfcheck_detail(request, pk: int):
    sc = get_object_or_404(selectors.self_check_list(user=request.user), pk=pk)
    return render(
        request,
        "campaigns/checks/selfcheck_detail.html",
        {
            "sc": sc,
            "status": Rectification(sc.rectification_status()),
            "rectify_form": forms.RectifyForm(initial={"rectified_on": timezone.localdate()}),
            "can_change": can_access(request.user, sc, "change"),
            "others": selectors.self_check_list(user=request.user)
            .filter(campaign=sc.campaign, enterprise=sc.enterprise)
            .exclude(pk=sc.pk)[:50],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def selfcheck_edit(request, pk: int):
    sc = get_object_or_404(selectors.self_check_list(user=request.user, action="change"), pk=pk)
    initial = {name: getattr(sc, name) for name in checks.SELF_CHECK_FIELDS}
    form = forms.SelfCheckEditForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            checks.self_check_update(self_check=sc, actor=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            show_errors(request, exc, form)
        else:
            messages.success(request, _("已更正企业自查"))
            return redirect("campaigns:selfcheck-detail", sc.pk)
    return render(
        request,
        "campaigns/checks/form.html",
        {"title": _("更正企业自查：%(record)s") % {"record": sc}, "form": form},
    )


@login_required
@require_POST
def selfcheck_rectify(request, pk: int):
    """Mark the rectification done; with HTMX the rectification box is swapped in place."""
    sc = get_object_or_404(selectors.self_check_list(user=request.user, action="change"), pk=pk)
    form = forms.RectifyForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            sc = checks.self_check_rectify(self_check=sc, actor=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            error = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            sc.refresh_from_db()
    else:
        error = "；".join(str(e) for errors in form.errors.values() for e in errors)
    context = {
        "sc": sc,
        "status": Rectification(sc.rectification_status()),
        "rectify_form": form,
        "can_change": True,
        "error": error,
    }
    if request.htmx:
        return render(request, "campaigns/checks/_rectification.html", context)  # htmx swaps 200 only
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("已记录整改完成"))
    return redirect("campaigns:selfcheck-detail", sc.pk)


# ---------------------------------------------------------------------------- certificate checks


@login_required
@require_GET
def certcheck_list(request):
    _require_view(request.user)
    f = CertificateCheckFilter(request.GET, queryset=selectors.certificate_check_list(user=request.user))
    qs = f.qs if f.is_valid() else f.queryset.none()
    context = {
        "filter": f,
        "table": _table(request, CertificateCheckTable, qs),
        "totals": selectors.certificate_check_totals(qs=qs),
        "can_inspect": user_scope(request.user).can("inspect"),
    }
    if request.htmx:
        return render(request, "campaigns/checks/_certcheck_results.html", context)
    return render(request, "campaigns/checks/certcheck_list.html", context)


def _require_inspect(user) -> None:
    if not user_scope(user).can("inspect"):
        raise PermissionDenied(_("无权登记持证上岗检查"))


def _initial(request) -> dict:
    initial = {"checked_on": timezone.localdate()}
    for key in ("campaign", "enterprise"):
        if request.GET.get(key, "").isdigit():
            initial[key] = request.GET[key]
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def certcheck_new(request):
    """A check entered by hand (counts typed from the on-site record)."""
    _require_inspect(request.user)
    form = forms.CertificateCheckForm(request.POST or None, user=request.user, initial=_initial(request))
    if request.method == "POST" and form.is_valid():
        try:
            check = checks.certificate_check_create(actor=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            show_errors(request, exc, form)
        else:
            messages.success(request, _("已登记持证上岗检查"))
            return redirect("campaigns:certcheck-detail", check.pk)
    return render(
        request,
        "campaigns/checks/form.html",
        {"title": _("登记持证上岗检查"), "form": form, "upload_link": True},
    )


@login_required
@require_http_methods(["GET", "POST"])
def certcheck_upload(request):
    """A check made from the staff list (逐人逐证): the bulk check judges each person; the counts are
    computed from the verdicts, the rows are kept and the result workbook is stored."""
    _require_inspect(request.user)
    form = forms.CertificateCheckUploadForm(
        request.POST or None, request.FILES or None, user=request.user, initial=_initial(request)
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            upload = data.pop("file")
            try:
                check = checks.certificate_check_from_upload(upload=upload, actor=request.user, **data)
            except (ValidationError, PermissionDenied) as exc:
                show_errors(request, exc, form)
            else:
                messages.success(
                    request,
                    _("已核查 %(persons)s 人：假证 %(fake)s、逾期 %(expired)s、未持证 %(missing)s")
                    % {
                        "persons": check.persons_checked,
                        "fake": check.fake_found,
                        "expired": check.expired_found,
                        "missing": check.missing_found,
                    },
                )
                return redirect("campaigns:certcheck-detail", check.pk)
        status = 400
    return render(
        request,
        "campaigns/checks/form.html",
        {"title": _("上传逐人逐证核查结果"), "form": form, "multipart": True, "bulk_help": True},
        status=status,
    )


@login_required
@require_GET
def certcheck_detail(request, pk: int):
    check = get_object_or_404(selectors.certificate_check_list(user=request.user), pk=pk)
    page = Paginator(selectors.certificate_check_rows(check=check, user=request.user), 100).get_page(
        request.GET.get("page")
    )
    whole = can_see_pii(request.user, check)
    rows = []
    for row in page:
        if whole:
            disclose(check, user=request.user, kinds=["id"], values=[row.id_number, row.certificate_number])
        rows.append(
            {
                "row": row,
                "id_number": row.id_number if whole else mask_id_number(row.id_number),
                "certificate_number": row.certificate_number if whole else mask_text(row.certificate_number),
                "verdict": VERDICT_LABELS.get(row.verdict, row.verdict),
                "problem": row.verdict != "valid",
            }
        )
    may_change = can_access(request.user, check, "change") and user_scope(request.user).can_in(
        "inspect", check.division
    )
    return render(
        request,
        "campaigns/checks/certcheck_detail.html",
        {
            "check": check,
            "rows": rows,
            "page": page,
            "can_change": may_change,
            "can_open_case": may_change and (check.fake_found or check.missing_found) and not check.case_id,
            "bulk": check.source == CheckSource.BULK,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def certcheck_edit(request, pk: int):
    check = get_object_or_404(selectors.certificate_check_list(user=request.user, action="change"), pk=pk)
    bulk = check.source == CheckSource.BULK
    fields = ["checked_on", *checks.CERT_CHECK_OUTCOME_FIELDS]
    if not bulk:
        fields += list(checks.CERT_CHECK_COUNT_FIELDS)
    form = forms.CertificateCheckEditForm(
        request.POST or None, bulk=bulk, initial={name: getattr(check, name) for name in fields}
    )
    if request.method == "POST" and form.is_valid():
        try:
            checks.certificate_check_update(check=check, actor=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            show_errors(request, exc, form)
        else:
            messages.success(request, _("已更正持证上岗检查"))
            return redirect("campaigns:certcheck-detail", check.pk)
    return render(
        request,
        "campaigns/checks/form.html",
        {"title": _("更正持证上岗检查：%(record)s") % {"record": check}, "form": form},
    )


@login_required
@require_POST
def certcheck_open_case(request, pk: int):
    """Open a clue and a fake-certificate case against the employer from a check (as inspections do)."""
    check = get_object_or_404(selectors.certificate_check_list(user=request.user, action="change"), pk=pk)
    open_case = request.POST.get("clue_only") != "1"
    try:
        checks.certificate_check_open_case(check=check, actor=request.user, open_case=open_case)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
    else:
        messages.success(request, _("已立案") if open_case else _("已登记线索"))
    return redirect("campaigns:certcheck-detail", check.pk)
