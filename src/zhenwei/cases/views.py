"""Staff pages of clues and cases: list, detail with the whole timeline, actions, transfers, my work."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from zhenwei.core.access import allowed, restrict, visible_divisions
from zhenwei.core.deadlines import is_overdue
from zhenwei.core.feedback import show_errors
from zhenwei.core.models import Department, Division, Share
from zhenwei.registry.models import Enterprise

from . import services
from .choices import ActionKind, ActionStatus
from .filtersets import CaseFilterSet
from .forms import (
    ActionAddForm,
    ActionCompleteForm,
    CaseCreateForm,
    EvidenceForm,
    FlowTraceForm,
    PoliceProgressForm,
    ShareForm,
    TransitionForm,
    TriageForm,
)
from .models import Case, CaseAction
from .selectors import case_queryset, clue_list, my_actions, my_cases, share_inbox, shares_of
from .workflow import allowed_targets


def _case(request, pk: int, action: str = "view") -> Case:
    return get_object_or_404(case_queryset(user=request.user, action=action), pk=pk)


@login_required
def case_list(request):
    f = CaseFilterSet(request.GET or None, queryset=case_queryset(user=request.user))
    page = Paginator(f.qs, 30).get_page(request.GET.get("page"))
    return render(request, "cases/case_list.html", {"filter": f, "page": page})


@login_required
def case_create(request):
    if not allowed(request.user, "change"):
        raise PermissionDenied(gettext("当前角色不能立案"))
    form = CaseCreateForm(request.POST or None)
    form.fields["division"].queryset = visible_divisions(request.user).order_by("path")
    form.fields["department"].queryset = restrict(Department.objects.filter(is_active=True), request.user)
    form.fields["enterprise"].queryset = restrict(Enterprise.objects.filter(is_active=True), request.user)
    if request.method == "POST" and form.is_valid():
        v = form.cleaned_data
        try:
            case = services.case_open(
                title=v["title"],
                kind=v["kind"],
                source=v["source"],
                division=v["division"],
                department=v["department"],
                category=v["category"],
                domain=v["domain"] or "",
                enterprise=v["enterprise"],
                party_name=v["party_name"],
                summary=v["summary"],
                owner=request.user,
                actor=request.user,
            )
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(request, gettext("已立案：%(case_number)s") % {"case_number": case.number})
            return redirect("cases:case-detail", pk=case.pk)
    return render(request, "cases/case_form.html", {"form": form})


@login_required
def case_detail(request, pk: int):
    case = _case(request, pk)
    can_change = allowed(request.user, "change", case)
    actions = list(case.actions.select_related("owner", "department", "division", "police_department"))
    transition_form = TransitionForm()
    transition_form.fields["to"].choices = [
        (s, label) for s, label in transition_form.fields["to"].choices if s in allowed_targets(case.status)
    ]
    from django.contrib.contenttypes.models import ContentType

    from zhenwei.core.models import EvidenceFile

    evidence = EvidenceFile.objects.filter(
        content_type=ContentType.objects.get_for_model(Case), object_id=case.pk
    ) | EvidenceFile.objects.filter(
        content_type=ContentType.objects.get_for_model(CaseAction), object_id__in=[a.pk for a in actions]
    )
    source_url = ""
    if case.source_type_id and case.source_type.model == "inspection":
        source_url = reverse("inspections:inspection-detail", args=[case.source_id])
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "actions": actions,
            "events": _labelled(case.events.select_related("action").all()),
            "shares": shares_of(case),
            "blocking": services.case_blocking_actions(case=case),
            "can_change": can_change,
            "transition_form": transition_form,
            "action_form": ActionAddForm(),
            "complete_form": ActionCompleteForm(),
            "police_form": PoliceProgressForm(),
            "share_form": ShareForm(case=case),
            "flow_form": FlowTraceForm(),
            "evidence_form": EvidenceForm(),
            "evidence": evidence.order_by("created_at"),
            "source_url": source_url,
            "today": timezone.localdate(),
        },
    )


def _labelled(events):
    from .choices import CaseStatus

    labels = dict(CaseStatus.choices)
    out = []
    for e in events:
        e.from_label = labels.get(e.from_status, "")
        e.to_label = labels.get(e.to_status, "")
        out.append(e)
    return out


def _back(case: Case, anchor: str = ""):
    return redirect(reverse("cases:case-detail", args=[case.pk]) + anchor)


@login_required
@require_POST
def case_transition_view(request, pk: int):
    case = _case(request, pk, "change")
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            services.case_transition(
                case=case, to=form.cleaned_data["to"], note=form.cleaned_data["note"], actor=request.user
            )
            messages.success(request, gettext("状态已变更"))
        except services.CaseCloseBlocked as exc:
            messages.error(request, exc.detail)
        except ValidationError as exc:
            show_errors(request, exc)
    return _back(case)


@login_required
@require_POST
def action_add(request, pk: int):
    case = _case(request, pk, "change")
    form = ActionAddForm(request.POST)
    if form.is_valid():
        v = form.cleaned_data
        try:
            a = services.case_action_add(case=case, actor=request.user, owner=request.user, **v)
            messages.success(request, gettext("已新增措施：%(a)s") % {"a": a})
            return _back(case, f"#action-{a.pk}")
        except ValidationError as exc:
            show_errors(request, exc)
    else:
        messages.error(request, form.errors.as_text())
    return _back(case)


def _action(request, pk: int) -> CaseAction:
    action = get_object_or_404(CaseAction.objects.select_related("case"), pk=pk)
    _case(request, action.case_id, "change")
    return action


@login_required
@require_POST
def action_complete(request, pk: int):
    action = _action(request, pk)
    form = ActionCompleteForm(request.POST)
    if form.is_valid():
        v = {k: val for k, val in form.cleaned_data.items() if val not in (None, "")}
        try:
            services.case_action_complete(
                action=action,
                actor=request.user,
                outcome=v.pop("outcome", ""),
                done_on=v.pop("done_on", None),
                recheck_passed=form.cleaned_data.get("recheck_passed"),
                **{k: val for k, val in v.items() if k != "recheck_passed"},
            )
            messages.success(request, gettext("措施已完成：%(action)s") % {"action": action})
        except ValidationError as exc:
            show_errors(request, exc)
    else:
        messages.error(request, form.errors.as_text())
    return _back(action.case, f"#action-{action.pk}")


@login_required
@require_POST
def action_police(request, pk: int):
    action = _action(request, pk)
    form = PoliceProgressForm(request.POST)
    if form.is_valid():
        v = {k: val for k, val in form.cleaned_data.items() if val not in (None, "")}
        try:
            services.case_action_update(action=action, actor=request.user, **v)
            messages.success(request, gettext("已登记公安机关回执/决定"))
        except ValidationError as exc:
            show_errors(request, exc)
    return _back(action.case, f"#action-{action.pk}")


@login_required
@require_POST
def action_cancel(request, pk: int):
    action = _action(request, pk)
    try:
        services.case_action_cancel(action=action, actor=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, gettext("措施已取消"))
    except ValidationError as exc:
        show_errors(request, exc)
    return _back(action.case)


@login_required
@require_POST
def action_flow(request, pk: int):
    action = _action(request, pk)
    form = FlowTraceForm(request.POST)
    if form.is_valid():
        places = []
        try:
            for line_no, line in enumerate(form.cleaned_data["places"].splitlines(), start=1):
                if not line.strip():
                    continue
                parts = [p.strip() for p in line.split("|")]
                if len(parts) < 2:
                    raise ValidationError(
                        gettext("第 %(line_no)s 行应为“单位/地点 | 区划代码 | 数量”") % {"line_no": line_no}
                    )
                division = Division.objects.filter(code=parts[1]).first()
                if division is None:
                    raise ValidationError(
                        gettext("第 %(line_no)s 行：区划代码 %(parts_1)s 不存在")
                        % {"line_no": line_no, "parts_1": parts[1]}
                    )
                qty = Decimal(parts[2]) if len(parts) > 2 and parts[2] else None
                places.append(services.FlowPlace(place=parts[0], division=division, quantity=qty))
            services.case_flow_trace(action=action, places=places, actor=request.user)
            messages.success(
                request, gettext("已登记 %(len_places)s 个流向地并生成核查事项") % {"len_places": len(places)}
            )
        except ValidationError as exc:
            show_errors(request, exc)
        except ArithmeticError:
            messages.error(request, gettext("数量应为数字"))
    return _back(action.case, f"#action-{action.pk}")


@login_required
@require_POST
def case_share(request, pk: int):
    case = _case(request, pk, "change")
    form = ShareForm(request.POST, case=case)
    if form.is_valid():
        try:
            services.share_create(
                target=case, from_department=case.department, actor=request.user, **form.cleaned_data
            )
            messages.success(request, gettext("已发出，等待对方签收"))
        except ValidationError as exc:
            show_errors(request, exc)
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}：{error}" if label else error)
    return _back(case)


@login_required
@require_POST
def case_evidence(request, pk: int):
    case = _case(request, pk, "change")
    form = EvidenceForm(request.POST, request.FILES)
    action = None
    if request.POST.get("action"):
        action = get_object_or_404(case.actions, pk=request.POST["action"])
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.case_evidence_add(
                case=case,
                action=action,
                fileobj=upload,
                name=upload.name,
                declared_type=upload.content_type,
                description=form.cleaned_data["description"],
                actor=request.user,
            )
            messages.success(request, gettext("证据已上传"))
        except ValidationError as exc:
            show_errors(request, exc)
    else:  # an empty or missing file: say so instead of redirecting silently
        show_errors(request, ValidationError([e for errors in form.errors.values() for e in errors]))
    return _back(case)


@login_required
@require_POST
def case_note_view(request, pk: int):
    case = _case(request, pk, "change")
    try:
        services.case_note(case=case, actor=request.user, note=request.POST.get("note", ""))
    except ValidationError as exc:
        show_errors(request, exc)
    return _back(case)


@login_required
def clue_list_view(request):
    clues = clue_list(user=request.user, status=request.GET.get("status", "new") or None)
    page = Paginator(clues, 30).get_page(request.GET.get("page"))
    return render(request, "cases/clue_list.html", {"page": page, "triage_form": TriageForm()})


@login_required
@require_POST
def clue_triage_view(request, pk: int):
    clue = get_object_or_404(clue_list(user=request.user, status=None), pk=pk)
    if not allowed(request.user, "change", clue):
        raise PermissionDenied(gettext("无权研判该线索"))
    form = TriageForm(request.POST)
    if form.is_valid():
        try:
            case = services.clue_triage(
                clue=clue, actor=request.user, owner=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            if case is not None:
                messages.success(request, gettext("已立案：%(case_number)s") % {"case_number": case.number})
                return redirect("cases:case-detail", pk=case.pk)
            messages.success(request, gettext("线索已了结"))
    return redirect("cases:clue-list")


@login_required
def inbox(request):
    shares = share_inbox(user=request.user, include_acknowledged=request.GET.get("all") == "1")[:200]
    rows = []
    for s in shares:
        target = s.target
        url = services.target_url(target) if target is not None else ""
        model = s.content_type.model_class()
        label = model._meta.verbose_name if model is not None else ""
        rows.append({"share": s, "target": target, "url": url, "label": label})
    return render(request, "cases/inbox.html", {"rows": rows, "today": timezone.localdate()})


@login_required
@require_POST
def share_ack(request, pk: int):
    share = get_object_or_404(share_inbox(user=request.user, include_acknowledged=True), pk=pk)
    try:
        services.share_acknowledge(share=share, actor=request.user)
        messages.success(request, gettext("已签收"))
    except ValidationError as exc:
        show_errors(request, exc)
    return redirect(request.POST.get("next") or "cases:inbox")


@login_required
def my_work(request):
    today = timezone.localdate()
    actions = list(my_actions(user=request.user))
    shares = list(share_inbox(user=request.user)[:100])
    cases = list(my_cases(user=request.user))
    # What apps above cases registered for this page (inspections: judgments to serve, samples to send).
    from .contracts import my_work_sections

    inspections = list(my_work_sections(user=request.user).get("inspections", []))
    return render(
        request,
        "cases/my_work.html",
        {
            "today": today,
            "actions": actions,
            "overdue_count": (
                # The same rule (core.deadlines) as the red rows of the template: one count per red row.
                sum(1 for a in actions if a.overdue)
                + sum(1 for i in inspections if is_overdue(i.due, today))
                + sum(1 for s in shares if is_overdue(s.due_at))
                + sum(1 for c in cases if c.overdue)
            ),
            "cases": cases,
            "shares": shares,
            "inspections": inspections,
        },
    )


__all__ = ["ActionKind", "ActionStatus", "Share"]
