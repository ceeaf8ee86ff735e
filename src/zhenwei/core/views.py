"""Staff home, audit log page, evidence downloads, health check and error pages."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .access import require, restrict
from .files import evidence_open
from .models import AuditEntry, EvidenceFile
from .waiting import waiting_items


@require_GET
@never_cache
def healthz(request):
    """Liveness: answers without touching the database (the ceiling for verification benchmarks)."""
    return JsonResponse({"status": "ok"})


_FAVICONS = {"favicon.ico": "image/x-icon", "favicon.svg": "image/svg+xml"}
_STATIC = Path(__file__).resolve().parent / "static" / "zhenwei"


@require_GET
def favicon(request, name: str = "favicon.ico"):
    """/favicon.ico (browsers ask for it whatever the page links): the site icon, cached for a day."""
    if name not in _FAVICONS:
        raise Http404
    response = HttpResponse((_STATIC / name).read_bytes(), content_type=_FAVICONS[name])
    response["Cache-Control"] = "public, max-age=86400"
    return response


@login_required
def home(request):
    items = waiting_items(request.user)
    return render(
        request,
        "core/home.html",
        {"items": items, "overdue_count": sum(1 for i in items if i.overdue)},
    )


@login_required
def audit_list(request):
    require(request.user, "audit")
    qs = restrict(AuditEntry.objects.select_related("actor"), request.user)
    for key in ("model", "action", "object_id", "request_id"):
        if value := request.GET.get(key):
            qs = qs.filter(**{key: value})
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_list.html", {"page": page})


@login_required
def evidence_download(request, pk: int):
    """Evidence is always a download (never rendered inline from our origin), after an access check."""
    evidence = get_object_or_404(restrict(EvidenceFile.objects.all(), request.user), pk=pk)
    try:
        handle = evidence_open(evidence)
    except FileNotFoundError:
        raise Http404(gettext("文件不存在")) from None
    response = FileResponse(
        handle, as_attachment=True, filename=evidence.original_name, content_type=evidence.mime_type
    )
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _wants_json(request) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def error_400(request, exception=None):
    """A parameter that cannot be what it names (zhenwei.core.params.InvalidParameter) and Django's
    own BadRequest: the message says which parameter and why (escaped by the template)."""
    message = str(exception) if exception else ""
    if _wants_json(request):
        return JsonResponse({"detail": message or gettext("请求无效 (bad request)")}, status=400)
    return render(
        request, "core/error.html", {"code": 400, "message": message or gettext("请求无效")}, status=400
    )


def error_404(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"detail": gettext("未找到 (not found)")}, status=404)
    return render(request, "core/error.html", {"code": 404, "message": gettext("页面不存在")}, status=404)


def error_403(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"detail": str(exception) or gettext("无权访问 (forbidden)")}, status=403)
    return render(
        request,
        "core/error.html",
        {"code": 403, "message": str(exception) or gettext("无权访问")},
        status=403,
    )


def error_500(request):
    if _wants_json(request):
        return JsonResponse({"detail": gettext("服务器内部错误 (server error)")}, status=500)
    return HttpResponse(gettext("<h1>500</h1><p>服务器内部错误，请稍后再试。</p>"), status=500)
