"""Staff pages of campaigns: list, detail (document, phases, leading group, liaisons, task matrix
and progress, reporting duties, notices), the campaign office's forms (the campaign, and inline
HTMX add/edit of phases, leading group, liaisons, tasks and duties), the liaison list export, the
duty page (versioned submissions, accept / return), notices of criticism and the overdue list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhenwei.core.access import restrict, user_scope
from zhenwei.core.masking import disclose
from zhenwei.core.models import Division

from . import forms, selectors, services
from .choices import CampaignKind, DutyKind, SubmissionStatus, TaskStatus
from .models import (
    Campaign,
    CampaignPhase,
    CampaignTask,
    DutySubmission,
    LeadingGroupMember,
    Liaison,
    ReportingDuty,
    TaskAssignment,
)


@login_required
@require_GET
def campaign_list(request):
    if not user_scope(request.user).can("view"):
        raise PermissionDenied(gettext("无权查看专项行动"))
    campaigns = selectors.campaign_list(user=request.user, filters=request.GET)
    scope = user_scope(request.user)
    return render(
        request,
        "campaigns/list.html",
        {"campaigns": campaigns, "kinds": CampaignKind.choices, "may_create": scope.can("approve")},
    )


@login_required
@require_GET
def campaign_detail(request, pk: int):
    campaign = get_object_or_404(selectors.campaign_list(user=request.user), pk=pk)
    liaisons = selectors.liaison_rows(campaign=campaign, user=request.user)
    for row in liaisons:
        if not row.masked:
            # One view_pii row per answer (zhenwei.core.masking), naming the campaign.
            disclose(campaign, user=request.user, kinds=["phone"], values=[row.phone, row.mobile])
    context = {
        "campaign": campaign,
        "liaisons": liaisons,
        "notices": selectors.notice_list(user=request.user, campaign=campaign),
        **_sections_context(request, campaign),
    }
    return render(request, "campaigns/detail.html", context)


def _sections_context(request, campaign: Campaign) -> dict:
    """What the editable sections of the campaign page show (each also re-rendered alone by HTMX)."""
    today = timezone.localdate()
    all_duties = selectors.campaign_duty_table(campaign=campaign, today=today)
    # Open items, and what was done in the last 40 days; older history stays in the reports list.
    duties = [i for i in all_duties if not i.done or (today - i.due).days <= 40]
    month = today.replace(day=1)
    last_month = (month - timezone.timedelta(days=1)).replace(day=1)
    return {
        "campaign": campaign,
        "manage": services.can_manage(request.user, campaign),
        "phases": campaign.phases.all(),
        "group": campaign.group_members.select_related("department"),
        "tm": selectors.task_matrix(campaign=campaign, user=request.user),
        "duties": duties,
        "duty_counts": selectors.status_counts(all_duties, today),
        "duties_hidden": len(all_duties) - len(duties),
        "today": today,
        "report_month": f"{min(last_month, campaign.ends_on.replace(day=1)):%Y-%m}",
        "statuses": TaskStatus.choices,
    }


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


# ---- the campaign office: the campaign itself ------------------------------------------------------


def _form_errors(form, exc: ValidationError | PermissionDenied) -> None:
    if isinstance(exc, PermissionDenied):
        form.add_error(None, str(exc))
    elif hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _managed_campaign(request, pk: int) -> Campaign:
    """A campaign the user may change; 404 for one out of reach, 403 for one they only see."""
    campaign = get_object_or_404(restrict(Campaign.objects.select_related("division"), request.user), pk=pk)
    if not services.can_manage(request.user, campaign):
        raise PermissionDenied("只有专项行动办公室可以修改专项行动 (campaign office only)")
    return campaign


@login_required
@require_http_methods(["GET", "POST"])
def campaign_new(request):
    if not user_scope(request.user).can("approve"):
        raise PermissionDenied("只有专项行动办公室可以新建专项行动 (campaign office only)")
    form = forms.CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_save(campaign=form.save(commit=False), actor=request.user)
        except (ValidationError, PermissionDenied) as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, "专项行动已创建")
            return redirect("campaigns:detail", campaign.pk)
    return render(request, "campaigns/form.html", {"form": form, "title": gettext("新建专项行动")})


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request, pk: int):
    campaign = _managed_campaign(request, pk)
    form = forms.CampaignForm(request.POST or None, instance=campaign, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_save(campaign=form.save(commit=False), actor=request.user)
        except (ValidationError, PermissionDenied) as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, "已保存")
            return redirect("campaigns:detail", campaign.pk)
    return render(
        request,
        "campaigns/form.html",
        {
            "form": form,
            "title": gettext("修改专项行动：%(title)s") % {"title": campaign.title},
            "campaign": campaign,
        },
    )


# ---- the campaign office: inline parts (phases, leading group, liaisons, tasks, duties) -------------

# kind → (model, form class, service, section title)
PARTS = {
    "phase": (CampaignPhase, forms.PhaseForm, "phase_save", gettext_lazy("工作阶段")),
    "member": (
        LeadingGroupMember,
        forms.GroupMemberForm,
        "group_member_save",
        gettext_lazy("领导小组及办公室"),
    ),
    "liaison": (Liaison, forms.LiaisonForm, "liaison_save", gettext_lazy("联络员")),
    "task": (CampaignTask, forms.TaskForm, "task_save", gettext_lazy("重点任务")),
    "duty": (ReportingDuty, forms.DutyForm, "duty_save", gettext_lazy("报送任务")),
}


def _part_form(kind: str, campaign: Campaign, data=None, instance=None):
    model, form_class, _service, _title = PARTS[kind]
    kwargs = {"instance": instance} if instance is not None else {}
    if form_class is forms.PhaseForm:
        return form_class(data, **kwargs)
    return form_class(data, campaign=campaign, **kwargs)


def _part_save(kind: str, form, campaign: Campaign, actor):
    obj = form.save(commit=False)
    obj.campaign = campaign
    service = getattr(services, PARTS[kind][2])
    if kind == "phase":
        return service(phase=obj, actor=actor)
    if kind == "member":
        return service(member=obj, actor=actor)
    if kind == "task":
        return service(
            task=obj,
            actor=actor,
            cooperating_departments=form.cleaned_data.get("cooperating_departments") or [],
            divisions=form.cleaned_data.get("divisions") or [],
        )
    return service(**{kind: obj, "actor": actor})


def _section(request, campaign: Campaign, kind: str):
    """The section of the campaign page a part belongs to, re-rendered after a change."""
    context = {**_sections_context(request, campaign)}
    if kind == "liaison":
        context["liaisons"] = selectors.liaison_rows(campaign=campaign, user=request.user)
        for row in context["liaisons"]:
            if not row.masked:
                disclose(campaign, user=request.user, kinds=["phone"], values=[row.phone, row.mobile])
    response = render(request, f"campaigns/_section_{kind}.html", context)
    response["HX-Retarget"] = f"#section-{kind}"
    response["HX-Reswap"] = "outerHTML"
    return response


def _part_page(request, campaign: Campaign, kind: str, instance=None):
    form = _part_form(kind, campaign, request.POST or None, instance)
    if request.method == "POST" and form.is_valid():
        try:
            _part_save(kind, form, campaign, request.user)
        except (ValidationError, PermissionDenied) as exc:
            _form_errors(form, exc)
        else:
            if request.htmx:
                return _section(request, campaign, kind)
            messages.success(request, "已保存")
            return redirect(reverse("campaigns:detail", args=[campaign.pk]) + f"#section-{kind}")
    context = {
        "form": form,
        "campaign": campaign,
        "kind": kind,
        "obj": instance,
        "title": (gettext("%(part)s：修改") if instance else gettext("%(part)s：新增"))
        % {"part": PARTS[kind][3]},
        "action": request.path,
    }
    if request.htmx:
        return render(request, "campaigns/_part_form.html", context, status=200)
    return render(request, "campaigns/form.html", context)


def _part_new(kind: str):
    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request, pk: int):
        return _part_page(request, _managed_campaign(request, pk), kind)

    view.__name__ = f"{kind}_new"
    view.__doc__ = f"Add a {kind} to a campaign (campaign office; HTMX fragment or whole page)."
    return view


def _part_object(request, kind: str, pk: int):
    model = PARTS[kind][0]
    obj = get_object_or_404(restrict(model.objects.select_related("campaign__division"), request.user), pk=pk)
    if not services.can_manage(request.user, obj.campaign):
        raise PermissionDenied("只有专项行动办公室可以修改 (campaign office only)")
    return obj


def _part_edit(kind: str):
    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request, pk: int):
        obj = _part_object(request, kind, pk)
        return _part_page(request, obj.campaign, kind, obj)

    view.__name__ = f"{kind}_edit"
    view.__doc__ = f"Edit a campaign's {kind} (campaign office; HTMX fragment or whole page)."
    return view


def _part_delete(kind: str):
    @login_required
    @require_POST
    def view(request, pk: int):
        obj = _part_object(request, kind, pk)
        campaign = obj.campaign
        try:
            services.campaign_part_delete(obj=obj, actor=request.user)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
        if request.htmx:
            return _section(request, campaign, kind)
        return redirect(reverse("campaigns:detail", args=[campaign.pk]) + f"#section-{kind}")

    view.__name__ = f"{kind}_delete"
    return view


phase_new, phase_edit, phase_delete = _part_new("phase"), _part_edit("phase"), _part_delete("phase")
member_new, member_edit, member_delete = _part_new("member"), _part_edit("member"), _part_delete("member")
liaison_new, liaison_edit, liaison_delete = (
    _part_new("liaison"),
    _part_edit("liaison"),
    _part_delete("liaison"),
)
task_new, task_edit, task_delete = _part_new("task"), _part_edit("task"), _part_delete("task")
duty_new, duty_edit = _part_new("duty"), _part_edit("duty")


# ---- the liaison list export (seed 002, annex 2) ----------------------------------------------------


@login_required
@require_GET
def liaison_export(request, pk: int, fmt: str):
    from .exports import EXPORTERS

    campaign = get_object_or_404(selectors.campaign_list(user=request.user), pk=pk)
    if fmt not in EXPORTERS:
        raise Http404("格式应为 xlsx 或 docx")
    func, mime = EXPORTERS[fmt]
    response = HttpResponse(func(campaign=campaign, user=request.user), content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="liaisons-{campaign.pk}.{fmt}"'
    return response


# ---- one-off duties: submit a version, accept or return it ------------------------------------------


def _visible_duty(request, pk: int) -> ReportingDuty:
    return get_object_or_404(
        restrict(
            ReportingDuty.objects.select_related("campaign__division", "division", "department"), request.user
        ),
        pk=pk,
    )


def _duty_page(request, duty: ReportingDuty, submit_form=None, review_form=None, status=200):
    versions = selectors.duty_versions(duty=duty)
    latest = versions[0] if versions else None
    today = timezone.localdate()
    done = bool(latest and latest.status in (SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED))
    return render(
        request,
        "campaigns/duty_detail.html",
        {
            "duty": duty,
            "versions": versions,
            "latest": latest,
            "overdue": duty.kind != DutyKind.MONTHLY_REPORT
            and not done
            and duty.due_on
            and duty.due_on < today,
            "done": done,
            "may_submit": duty.kind != DutyKind.MONTHLY_REPORT
            and user_scope(request.user).can_in("change", duty.division)
            and not (latest and latest.status == SubmissionStatus.ACCEPTED),
            "may_review": services.can_manage(request.user, duty.campaign)
            and latest is not None
            and latest.status == SubmissionStatus.SUBMITTED,
            "submit_form": submit_form or forms.DutySubmitForm(),
            "review_form": review_form or forms.ReviewForm(),
        },
        status=status,
    )


@login_required
@require_GET
def duty_detail(request, pk: int):
    return _duty_page(request, _visible_duty(request, pk))


@login_required
@require_POST
def duty_submit(request, pk: int):
    duty = _visible_duty(request, pk)
    form = forms.DutySubmitForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            submission = services.duty_submit(
                duty=duty,
                actor=request.user,
                note=form.cleaned_data["note"],
                fileobj=upload,
                file_name=upload.name,
                declared_type=upload.content_type,
            )
        except (ValidationError, PermissionDenied) as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, f"已报送第{submission.version}版")
            return redirect("campaigns:duty-detail", duty.pk)
    return _duty_page(request, duty, submit_form=form, status=400)


@login_required
@require_POST
def submission_review(request, pk: int):
    submission = get_object_or_404(
        restrict(DutySubmission.objects.select_related("duty__campaign__division"), request.user), pk=pk
    )
    form = forms.ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.submission_review(
                submission=submission,
                to=form.cleaned_data["to"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except (ValidationError, PermissionDenied) as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, "已审核")
            return redirect("campaigns:duty-detail", submission.duty_id)
    return _duty_page(request, submission.duty, review_form=form, status=400)


# ---- notices of criticism (通报) -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def notice_new(request, pk: int):
    """Proposes the units with overdue duties; the office picks one and issues the notice."""
    campaign = _managed_campaign(request, pk)
    units = selectors.overdue_units(campaign=campaign)
    form = forms.NoticeForm(request.POST or None)
    picked = request.POST.get("unit", "")
    if request.method == "POST" and form.is_valid():
        unit = next((u for u in units if u.key == picked), None)
        if unit is None:
            form.add_error(None, "请选择一个有逾期未报事项的单位 (pick a unit with overdue duties)")
        else:
            try:
                notice = services.notice_issue(
                    campaign=campaign,
                    target_division=unit.division,
                    target_department=unit.department,
                    duties=unit.duties,
                    actor=request.user,
                    **form.cleaned_data,
                )
            except (ValidationError, PermissionDenied) as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, f"已印发通报 {notice.number}，并通知被通报单位")
                return redirect("campaigns:notice-detail", notice.pk)
    return render(
        request,
        "campaigns/notice_new.html",
        {
            "campaign": campaign,
            "units": units,
            "form": form,
            "picked": picked,
            "next_number": services.notice_next_number(campaign, timezone.localdate().year),
        },
    )


@login_required
@require_GET
def notice_detail(request, pk: int):
    notice = get_object_or_404(selectors.notice_list(user=request.user), pk=pk)
    return render(
        request,
        "campaigns/notice_detail.html",
        {"notice": notice, "duties": notice.duties.select_related("division", "department")},
    )
