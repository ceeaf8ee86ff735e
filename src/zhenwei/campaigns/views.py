"""Staff pages of campaigns: list, detail (document, phases, leading group, liaisons, task matrix
and progress, reporting duties) and the overdue list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from zhenwei.core.access import restrict, user_scope
from zhenwei.core.masking import disclose
from zhenwei.core.models import Division

from . import selectors, services
from .choices import CampaignKind, TaskStatus
from .models import TaskAssignment


@login_required
@require_GET
def campaign_list(request):
    if not user_scope(request.user).can("view"):
        raise PermissionDenied(gettext("无权查看专项行动"))
    campaigns = selectors.campaign_list(user=request.user, filters=request.GET)
    return render(request, "campaigns/list.html", {"campaigns": campaigns, "kinds": CampaignKind.choices})


@login_required
@require_GET
def campaign_detail(request, pk: int):
    campaign = get_object_or_404(selectors.campaign_list(user=request.user), pk=pk)
    liaisons = selectors.liaison_rows(campaign=campaign, user=request.user)
    for row in liaisons:
        if not row.masked:
            # One view_pii row per answer (zhenwei.core.masking), naming the campaign.
            disclose(campaign, user=request.user, kinds=["phone"], values=[row.phone, row.mobile])
    today = timezone.localdate()
    all_duties = selectors.campaign_duty_table(campaign=campaign, today=today)
    # Open items, and what was done in the last 40 days; older history stays in the reports list.
    duties = [i for i in all_duties if not i.done or (today - i.due).days <= 40]
    month = today.replace(day=1)
    last_month = (month - timezone.timedelta(days=1)).replace(day=1)
    return render(
        request,
        "campaigns/detail.html",
        {
            "campaign": campaign,
            "phases": campaign.phases.all(),
            "group": campaign.group_members.select_related("department"),
            "liaisons": liaisons,
            "tm": selectors.task_matrix(campaign=campaign, user=request.user),
            "duties": duties,
            "duty_counts": selectors.status_counts(all_duties, today),
            "duties_hidden": len(all_duties) - len(duties),
            "today": today,
            "report_month": f"{min(last_month, campaign.ends_on.replace(day=1)):%Y-%m}",
            "statuses": TaskStatus.choices,
        },
    )


@login_required
@require_POST
def assignment_update(request, pk: int):
    assignment = get_object_or_404(
        restrict(TaskAssignment.objects.select_related("task"), request.user), pk=pk
    )
    try:
        services.assignment_transition(
            assignment=assignment,
            to=request.POST.get("status", ""),
            actor=request.user,
            progress=request.POST.get("progress", ""),
            evidence=request.POST.get("evidence", ""),
        )
        messages.success(request, gettext("已更新任务状态"))
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
    return redirect(reverse("campaigns:detail", args=[assignment.task.campaign_id]) + "#tasks")


@login_required
@require_GET
def overdue(request):
    """Reporting duties past due and tasks past their deadline, for a division and below."""
    code = request.GET.get("division")
    scope = user_scope(request.user)
    if code:
        from zhenwei.core.access import visible_divisions

        division = visible_divisions(request.user).filter(code=code).first()
        if division is None:
            raise Http404(gettext("区划不存在或无权查看"))
    elif scope.division_paths:
        division = Division.objects.get(path=min(scope.division_paths, key=len))
    elif scope.is_global:
        division = Division.objects.filter(parent__isnull=True).order_by("code").first()
    else:
        raise PermissionDenied(gettext("无可查看的区划"))
    return render(
        request,
        "campaigns/overdue.html",
        {
            "division": division,
            "duties": selectors.overdue_duties(division=division),
            "tasks": selectors.overdue_tasks(division=division),
            "today": timezone.localdate(),
        },
    )
