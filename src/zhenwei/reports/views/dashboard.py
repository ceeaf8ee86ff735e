"""The dashboard: its page and the figures it draws (the API serves the same as JSON)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from zhenwei.core.params import parse_year

from .. import dashboard as dash
from ..selectors import default_division
from .common import _division


@login_required
@require_GET
def dashboard_page(request):
    division = (
        _division(request, request.GET["division"])
        if request.GET.get("division")
        else default_division(user=request.user)
    )
    if division is None:
        raise PermissionDenied(gettext("无可查看的区划"))
    return render(
        request, "reports/dashboard.html", {"division": division, "year": timezone.localdate().year}
    )


@login_required
@require_GET
def dashboard_data(request):
    if request.GET.get("division"):
        division = _division(request, request.GET["division"])
    else:
        division = default_division(user=request.user)
    if division is None:
        raise PermissionDenied(gettext("无可查看的区划"))
    year = parse_year(request.GET.get("year"), default=timezone.localdate().year)
    return JsonResponse(dash.dashboard(division=division, year=year, user=request.user))
