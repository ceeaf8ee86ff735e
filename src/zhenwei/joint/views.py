"""Staff pages of joint work: meetings and decisions, actions, destruction, publicity, urgent reports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from zhenwei.campaigns.models import Campaign
from zhenwei.core.access import allowed, restrict
from zhenwei.core.audit import audit_record
from zhenwei.core.choices import AuditAction
from zhenwei.core.feedback import show_errors
from zhenwei.core.models import EvidenceFile

from . import forms, selectors, services
from .choices import DECISION_TRANSITIONS, DecisionStatus, PublicityKind
from .filtersets import ActionFilter, DecisionFilter, MeetingFilter, PublicityFilter
from .minutes import minutes_docx
from .models import ActionRecord, DestructionEvent, Meeting
from .tables import ActionTable, DecisionTable, MeetingTable, PublicityTable, UrgentReportTable


def _table(request, table_class, qs):
    table = table_class(qs)
    RequestConfig(request, paginate={"per_page": 30}).configure(table)
    return table


def _attachments(obj):
    ct = ContentType.objects.get_for_model(obj)
    return EvidenceFile.objects.filter(content_type=ct, object_id=obj.pk)


@login_required
def index(request):
    user = request.user
    return render(
        request,
        "joint/index.html",
        {
            "meetings": selectors.meeting_list(user=user)[:5],
            "overdue": selectors.decision_list(user=user, overdue=True)[:10],
            "actions": selectors.action_list(user=user)[:5],
            "urgent": selectors.urgent_awaiting_for(user=user)[:10],
        },
    )


# ----------------------------------------------------------------------- meetings and decisions


@login_required
def meeting_list(request):
    f = MeetingFilter(request.GET, queryset=selectors.meeting_list(user=request.user))
    return render(
        request,
        "joint/list.html",
        {
            "title": gettext("联席会议"),
            "filter": f,
            "table": _table(request, MeetingTable, f.qs),
            "new_url": "joint:meeting-new",
        },
    )


@login_required
def meeting_new(request):
    form = forms.MeetingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(actor=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            show_errors(request, exc)
        else:
            return redirect("joint:meeting-detail", meeting.pk)
    return render(request, "joint/form.html", {"title": gettext("登记会议"), "form": form})


def _meeting(request, pk) -> Meeting:
    return get_object_or_404(selectors.meeting_list(user=request.user), pk=pk)


@login_required
def meeting_detail(request, pk: int):
    meeting = _meeting(request, pk)
    form = forms.DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_add(meeting=meeting, actor=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            show_errors(request, exc)
        else:
            messages.success(request, gettext("议定事项已添加，并已通知责任单位"))
            return redirect("joint:meeting-detail", meeting.pk)
    decisions = meeting.decisions.select_related("owner_department").prefetch_related(
        "cooperating_departments"
    )
    return render(
        request,
        "joint/meeting_detail.html",
        {
            "meeting": meeting,
            "decisions": decisions,
            "form": form,
            "can_change": allowed(request.user, "change", meeting),
            "outstanding_count": selectors.decisions_outstanding_before(
                meeting=meeting, user=request.user
            ).count(),
        },
    )


@login_required
def meeting_prepare(request, pk: int):
    """Preparation page (会前准备): decisions of earlier meetings still open, overdue ones first."""
    meeting = _meeting(request, pk)
    outstanding = list(selectors.decisions_outstanding_before(meeting=meeting, user=request.user))
    return render(
        request,
        "joint/meeting_prepare.html",
        {
            "meeting": meeting,
            "overdue": [d for d in outstanding if d.is_overdue],
            "pending": [d for d in outstanding if not d.is_overdue],
        },
    )


@login_required
def meeting_minutes(request, pk: int):
    meeting = _meeting(request, pk)
    data = minutes_docx(meeting)
    audit_record(actor=request.user, action=AuditAction.EXPORT, obj=meeting, note=gettext("会议纪要 DOCX"))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    filename = f"meeting-{meeting.pk}-minutes.docx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def decision_list(request):
    f = DecisionFilter(request.GET, queryset=selectors.decision_list(user=request.user))
    return render(
        request,
        "joint/list.html",
        {"title": gettext("会议议定事项"), "filter": f, "table": _table(request, DecisionTable, f.qs)},
    )


@login_required
def decision_detail(request, pk: int):
    decision = get_object_or_404(selectors.decision_list(user=request.user), pk=pk)
    choices = [
        (s, DecisionStatus(s).label)
        for s in [decision.status, *sorted(DECISION_TRANSITIONS[decision.status])]
    ]
    form = forms.DecisionProgressForm(request.POST or None)
    form.fields["to"].choices = choices
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_transition(decision=decision, actor=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            show_errors(request, exc)
        else:
            messages.success(request, gettext("已更新"))
            return redirect("joint:decision-detail", decision.pk)
    return render(
        request,
        "joint/decision_detail.html",
        {"d": decision, "form": form, "can_change": allowed(request.user, "change", decision)},
    )


# ----------------------------------------------------------------------- actions


@login_required
def action_list(request):
    f = ActionFilter(request.GET, queryset=selectors.action_list(user=request.user))
    return render(
        request,
        "joint/list.html",
        {
            "title": gettext("集中行动/联合执法"),
            "filter": f,
            "table": _table(request, ActionTable, f.qs),
            "new_url": "joint:action-new",
        },
    )


@login_required
def action_new(request):
    form = forms.ActionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create(actor=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            show_errors(request, exc)
        else:
            return redirect("joint:action-detail", action.pk)
    return render(request, "joint/form.html", {"title": gettext("登记集中行动/联合执法"), "form": form})


@login_required
def action_detail(request, pk: int):
    action = get_object_or_404(selectors.action_list(user=request.user), pk=pk)
    form = forms.LinkForm(request.POST or None)
    if request.method == "POST":
        try:
            if "collect" in request.POST:
                made = services.action_collect(action=action, actor=request.user)
                messages.success(request, gettext("已自动归集 %(made)s 条记录") % {"made": made})
            elif form.is_valid():
                app_label, model = form.cleaned_data["record_type"].split(".")
                model_class = ContentType.objects.get(app_label=app_label, model=model).model_class()
                record = model_class.objects.filter(pk=form.cleaned_data["record_id"]).first()
                if record is None:
                    raise ValidationError(gettext("找不到该记录"))
                services.action_link(action=action, record=record, actor=request.user)
                messages.success(request, gettext("已关联"))
        except (ValidationError, PermissionDenied) as exc:
            show_errors(request, exc)
        return redirect("joint:action-detail", action.pk)
    records = list(action.records.select_related("content_type"))
    for r in records:
        r.resolved = r.record
    return render(
        request,
        "joint/action_detail.html",
        {
            "action": action,
            "totals": services.action_totals(action),
            "records": records,
            "form": form,
            "destructions": action.destructions.prefetch_related("items"),
            "can_change": allowed(request.user, "change", action),
        },
    )


@login_required
@require_POST
def action_unlink(request, pk: int, link_pk: int):
    action = get_object_or_404(selectors.action_list(user=request.user), pk=pk)
    link = get_object_or_404(ActionRecord, pk=link_pk, action=action)
    try:
        services.action_unlink(link=link, actor=request.user)
    except PermissionDenied as exc:
        show_errors(request, exc)
    return redirect("joint:action-detail", action.pk)


@login_required
def destruction_detail(request, pk: int):
    event = get_object_or_404(restrict(DestructionEvent.objects.all(), request.user), pk=pk)
    form = forms.PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.destruction_add_photo(
                event=event,
                fileobj=upload,
                name=upload.name,
                actor=request.user,
                description=form.cleaned_data["description"],
            )
        except (ValidationError, PermissionDenied) as exc:
            show_errors(request, exc)
        return redirect("joint:destruction-detail", event.pk)
    return render(
        request,
        "joint/destruction_detail.html",
        {
            "event": event,
            "items": event.items.select_related("case"),
            "photos": _attachments(event),
            "form": form,
        },
    )


@login_required
def destruction_list(request):
    events = restrict(
        DestructionEvent.objects.select_related("organiser").prefetch_related("items"), request.user
    )
    can_change = allowed(request.user, "change")
    return render(request, "joint/destruction_list.html", {"events": events[:200], "can_change": can_change})


# ----------------------------------------------------------------------- publicity


@login_required
def publicity_list(request):
    f = PublicityFilter(request.GET, queryset=selectors.publicity_list(user=request.user))
    monthly = (
        f.qs.annotate(month=TruncMonth("held_on"))
        .values("month")
        .annotate(n=Count("pk"), audience=Sum("audience"), views=Sum("views"))
        .order_by("month")
    )
    return render(
        request,
        "joint/list.html",
        {
            "title": gettext("宣传活动台账"),
            "filter": f,
            "table": _table(request, PublicityTable, f.qs),
            "new_url": "joint:publicity-new",
            "monthly": monthly,
        },
    )


@login_required
def publicity_new(request):
    form = forms.PublicityForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        material = data.pop("material", None)
        for key in ("audience", "views", "materials_distributed"):
            data[key] = data.get(key) or 0
        try:
            activity = services.publicity_create(actor=request.user, **data)
            if material:
                services.publicity_attach(
                    activity=activity, fileobj=material, name=material.name, actor=request.user
                )
        except (ValidationError, PermissionDenied) as exc:
            show_errors(request, exc)
        else:
            return redirect("joint:publicity-detail", activity.pk)
    return render(
        request, "joint/form.html", {"title": gettext("登记宣传活动"), "form": form, "multipart": True}
    )


@login_required
def publicity_detail(request, pk: int):
    activity = get_object_or_404(selectors.publicity_list(user=request.user), pk=pk)
    form = forms.PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.publicity_attach(activity=activity, fileobj=upload, name=upload.name, actor=request.user)
        except (ValidationError, PermissionDenied) as exc:
            show_errors(request, exc)
        return redirect("joint:publicity-detail", activity.pk)
    return render(
        request, "joint/publicity_detail.html", {"a": activity, "files": _attachments(activity), "form": form}
    )


# ----------------------------------------------------------------------- urgent reports


@login_required
def urgent_list(request):
    qs = selectors.urgent_report_list(user=request.user)
    return render(
        request,
        "joint/list.html",
        {
            "title": gettext("重要情况报送"),
            "table": _table(request, UrgentReportTable, qs),
            "new_url": "joint:urgent-new",
        },
    )


@login_required
def urgent_new(request):
    form = forms.UrgentReportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.urgent_report_submit(actor=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            show_errors(request, exc)
        else:
            messages.success(
                request,
                gettext("已报送 %(report_recipients_count)s 个单位，等待签收")
                % {"report_recipients_count": report.recipients.count()},
            )
            return redirect("joint:urgent-detail", report.pk)
    return render(request, "joint/form.html", {"title": gettext("重要情况报送"), "form": form})


@login_required
def urgent_detail(request, pk: int):
    report = get_object_or_404(selectors.urgent_report_list(user=request.user), pk=pk)
    recipients = list(report.recipients.select_related("department", "acknowledged_by"))
    my_depts = set(request.user.memberships.filter(is_active=True).values_list("department_id", flat=True))
    if request.method == "POST":
        form = forms.AcknowledgeForm(request.POST)
        mine = [r for r in recipients if r.department_id in my_depts and r.acknowledged_at is None]
        if not mine:
            raise Http404(gettext("没有待本单位签收的报送"))
        if form.is_valid():
            try:
                for r in mine:
                    services.urgent_report_acknowledge(
                        recipient=r, actor=request.user, note=form.cleaned_data["note"]
                    )
            except PermissionDenied as exc:
                show_errors(request, exc)
            else:
                messages.success(request, gettext("已签收"))
        return redirect("joint:urgent-detail", report.pk)
    return render(
        request,
        "joint/urgent_detail.html",
        {
            "report": report,
            "recipients": recipients,
            "can_ack": any(r.department_id in my_depts and r.acknowledged_at is None for r in recipients),
            "form": forms.AcknowledgeForm(),
        },
    )


# ----------------------------------------------------------------------- a campaign's joint work


@login_required
def campaign_progress(request, pk: int):
    """A campaign's meetings, decisions (with their state), actions and publicity, for its progress page."""
    campaign = get_object_or_404(restrict(Campaign.objects.all(), request.user), pk=pk)
    user = request.user
    decisions = list(selectors.decision_list(user=user, campaign=campaign))
    actions = list(selectors.action_list(user=user, campaign=campaign))
    publicity = selectors.publicity_list(user=user, campaign=campaign)
    return render(
        request,
        "joint/campaign_progress.html",
        {
            "campaign": campaign,
            "meetings": selectors.meeting_list(user=user, campaign=campaign),
            "decisions": decisions,
            "decisions_open": sum(1 for d in decisions if d.is_open),
            "decisions_overdue": sum(1 for d in decisions if d.is_overdue),
            "actions": [(a, services.action_totals(a)) for a in actions],
            "publicity": [
                {**row, "label": PublicityKind(row["kind"]).label}
                for row in publicity.values("kind").annotate(
                    n=Count("pk"), audience=Sum("audience"), views=Sum("views")
                )
            ],
        },
    )
