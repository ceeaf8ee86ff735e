"""Pages: the public product, certificate and QR checks (mobile first, camera scanning), the trust
list; for staff: the verification overview, suspect codes, bulk check and certificate PDFs."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhenwei.core.access import require, restrict, user_scope
from zhenwei.core.masking import disclose
from zhenwei.core.models import Division
from zhenwei.core.net import client_network
from zhenwei.registry.models import Certificate

from . import ratelimit, services
from .choices import ProductVerdict, SuspectStatus
from .keys import trust_list_data
from .models import ScanEvent, SigningKey, SuspectCode


def _too_many(request, exc: ratelimit.RateLimited):
    response = render(
        request,
        "verify/public_result.html",
        {"limited": True, "retry_after": exc.retry_after},
        status=429,
    )
    response["Retry-After"] = str(exc.retry_after)
    return response


def _division_code(text: str) -> str | None:
    """A location the visitor typed: a division code, or a county/prefecture name found once."""
    text = (text or "").strip()[:40]
    if not text:
        return None
    if text.isdigit():
        return text
    matches = list(Division.objects.filter(name=text).values_list("code", flat=True)[:2])
    return matches[0] if len(matches) == 1 else None


@require_GET
def product_page(request, code: str | None = None):
    """The public product check: type a code, scan the label with the camera, or upload a photo."""
    code = code or request.GET.get("code", "")
    context: dict = {"code": code}
    if code:
        try:
            ratelimit.hit(request)
        except ratelimit.RateLimited as exc:
            return _too_many(request, exc)
        context["answer"] = services.product_verify(
            code=code,
            network=client_network(request),
            division_code=_division_code(request.GET.get("place", "")),
            latitude=request.GET.get("lat"),
            longitude=request.GET.get("lng"),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
            label_kid=request.GET.get("k", ""),
            label_mac=request.GET.get("s", ""),
        )
    return render(request, "verify/product.html", context)


@require_http_methods(["GET", "POST"])
def certificate_page(request):
    """The public certificate check by number and holder name."""
    context: dict = {"number": "", "name": ""}
    if request.method == "POST":
        context["number"] = request.POST.get("number", "")[:64]
        context["name"] = request.POST.get("name", "")[:64]
        try:
            ratelimit.hit(request)
        except ratelimit.RateLimited as exc:
            return _too_many(request, exc)
        try:
            context["answer"] = services.certificate_verify(number=context["number"], name=context["name"])
        except ValidationError as exc:
            context["error"] = "；".join(exc.messages)
    return render(request, "verify/certificate.html", context)


@require_http_methods(["GET", "POST"])
def qr_page(request):
    """Check a signed certificate QR (ZW1:…) scanned or pasted, optionally with the holder's name."""
    context: dict = {"qr": "", "name": ""}
    if request.method == "POST":
        context["qr"] = request.POST.get("qr", "")[:4096]
        context["name"] = request.POST.get("name", "")[:64]
        try:
            ratelimit.hit(request)
        except ratelimit.RateLimited as exc:
            return _too_many(request, exc)
        context["answer"] = services.qr_verify_online(text=context["qr"], name=context["name"] or None)
    return render(request, "verify/qr.html", context)


@require_GET
@cache_control(public=True, max_age=300)
def trust_list_json(request):
    """/.well-known/zhenwei/trust-list.json: the public keys, their ids, status and validity."""
    response = JsonResponse(trust_list_data(), json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Access-Control-Allow-Origin"] = "*"
    return response


# ---- staff ----


@login_required
def index(request):
    """Scans of the last 30 days in the user's area, and the open suspect codes."""
    since = timezone.now() - dt.timedelta(days=30)
    scans = restrict(ScanEvent.objects.filter(created_at__gte=since), request.user)
    counts = dict(scans.values_list("verdict").annotate(n=Count("id")).order_by())
    # Keyed by the verdict's label (正品, 查无此码…): people read labels, not codes.
    labels = dict(ProductVerdict.choices)
    by_verdict = {str(labels.get(v, v)): n for v, n in counts.items()}
    suspects = restrict(SuspectCode.objects.select_related("division", "clue"), request.user)
    status = request.GET.get("status", SuspectStatus.OPEN)
    if status in SuspectStatus.values:
        suspects = suspects.filter(status=status)
    return render(
        request,
        "verify/staff_index.html",
        {
            "by_verdict": by_verdict,
            "total": sum(by_verdict.values()),
            "suspects": suspects[:200],
            "status": status,
            "recent": scans.select_related("division")[:30],
            "can_change": user_scope(request.user).can("change"),
        },
    )


@login_required
@require_POST
def suspect_clear(request, pk: int):
    flag = get_object_or_404(restrict(SuspectCode.objects.all(), request.user, "change"), pk=pk)
    try:
        services.suspect_clear(flag=flag, actor=request.user, note=request.POST.get("note", ""))
        messages.success(request, gettext("已排除可疑编码 %(flag_code)s") % {"flag_code": flag.code})
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("verify:index")


@login_required
def keys_page(request):
    require(request.user, "admin")
    return render(request, "verify/keys.html", {"keys": SigningKey.objects.all()})


@login_required
@require_http_methods(["GET", "POST"])
def bulk_page(request):
    """逐人逐证核查: upload a staff list, download the verdicts."""
    from .bulk import bulk_check, result_filename

    if request.method == "POST" and request.FILES.get("file"):
        try:
            result = bulk_check(upload=request.FILES["file"], actor=request.user)
        except ValidationError as exc:
            return render(request, "verify/bulk.html", {"error": "；".join(exc.messages)}, status=400)
        response = HttpResponse(
            result.xlsx, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="{result_filename()}"'
        return response
    return render(request, "verify/bulk.html", {})


@login_required
def bulk_template(request):
    """A CSV template for the bulk check (UTF-8 with BOM so Excel opens it in Chinese)."""
    response = HttpResponse(
        "\ufeff姓名,身份证号,证书编号\n张三,500235199001011234,T500235199001011234\n",
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="certificate-check-template.csv"'
    return response


@login_required
def certificate_pdf(request):
    """The printable certificate with its signed QR; the whole ID number only for "pii" roles (audited)."""
    from .pdf import certificate_pdf as render_pdf

    number = request.GET.get("number", "").strip()
    if not number:
        return render(request, "verify/certificate_pdf.html", {})
    cert = (
        restrict(Certificate.objects.select_related("division"), request.user).filter(number=number).first()
    )
    if cert is None:
        return render(
            request,
            "verify/certificate_pdf.html",
            {"number": number, "error": gettext("未找到该证书，或不在您的管辖范围内")},
        )
    full_id = user_scope(request.user).can_in("pii", cert.division)
    try:
        data = render_pdf(certificate=cert, full_id=full_id)
    except ValidationError as exc:
        return render(
            request, "verify/certificate_pdf.html", {"number": number, "error": "；".join(exc.messages)}
        )
    if full_id:
        disclose(cert, user=request.user, note="certificate PDF with full ID number")
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{cert.pk}.pdf"'
    return response
