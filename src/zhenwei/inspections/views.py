"""Staff pages: plans and the draw, the mobile inspection form, judgment, samples and custody."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from zhenwei.catalog.models import ProductCategory
from zhenwei.core.access import allowed, restrict, visible_divisions
from zhenwei.core.feedback import show_errors
from zhenwei.core.models import Department, EvidenceFile
from zhenwei.core.params import parse_id

from . import services
from .choices import CheckResult, Judgment, ReasonCode
from .forms import (
    CustodyForm,
    DateForm,
    DrawForm,
    EvidenceForm,
    InspectionForm,
    JudgeForm,
    PlanForm,
    ResultForm,
    SampleForm,
)
from .models import ChecklistItem, Inspection, PlanTarget, Sample
from .selectors import inspection_deadlines, inspection_queryset, plan_queryset


@login_required
def plan_list(request):
    page = Paginator(plan_queryset(user=request.user), 30).get_page(request.GET.get("page"))
    return render(request, "inspections/plan_list.html", {"page": page})


@login_required
def plan_create(request):
    if not allowed(request.user, "change"):
        raise PermissionDenied(gettext("当前角色不能制定计划"))
    form = PlanForm(request.POST or None)
    divisions = visible_divisions(request.user).order_by("path")
    form.fields["division"].queryset = divisions
    form.fields["divisions"].queryset = divisions
    form.fields["department"].queryset = restrict(Department.objects.filter(is_active=True), request.user)
    if request.method == "POST" and form.is_valid():
        v = form.cleaned_data
        try:
            plan = services.plan_create(
                actor=request.user,
                title=v["title"],
                campaign=v["campaign"],
                domain=v["domain"],
                categories=v["categories"],
                division=v["division"],
                divisions=v["divisions"],
                department=v["department"],
                target_count=v["target_count"],
                target_percent=v["target_percent"],
                inspectors_per_target=v["inspectors_per_target"],
                starts_on=v["starts_on"],
                ends_on=v["ends_on"],
            )
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(request, gettext("计划已创建，可以抽取"))
            return redirect("inspections:plan-detail", pk=plan.pk)
    return render(request, "inspections/plan_form.html", {"form": form})


@login_required
def plan_detail(request, pk: int):
    plan = get_object_or_404(plan_queryset(user=request.user), pk=pk)
    redraw = None
    if plan.draw_inputs and request.GET.get("check"):
        redraw = services.plan_redraw(plan)
    targets = plan.targets.select_related("enterprise", "division").prefetch_related(
        "inspectors", "inspections"
    )
    return render(
        request,
        "inspections/plan_detail.html",
        {
            "plan": plan,
            "targets": targets,
            "draw_form": DrawForm(),
            "redraw": redraw,
            "can_change": plan_queryset(user=request.user, action="change").filter(pk=pk).exists(),
        },
    )


@login_required
@require_POST
def plan_draw(request, pk: int):
    plan = get_object_or_404(plan_queryset(user=request.user, action="change"), pk=pk)
    form = DrawForm(request.POST)
    if form.is_valid():
        try:
            services.plan_draw(plan=plan, actor=request.user, seed=form.cleaned_data["seed"] or None)
            messages.success(request, gettext("已抽取检查对象和检查人员；种子与输入已记录"))
        except ValidationError as exc:
            show_errors(request, exc)
    return redirect("inspections:plan-detail", pk=pk)


@login_required
@require_POST
def plan_publish(request, pk: int):
    plan = get_object_or_404(plan_queryset(user=request.user, action="change"), pk=pk)
    try:
        services.plan_publish(plan=plan, actor=request.user, results=request.POST.get("results") == "1")
        messages.success(request, gettext("已公示"))
    except ValidationError as exc:
        show_errors(request, exc)
    return redirect("inspections:plan-detail", pk=pk)


@login_required
def inspection_list(request):
    qs = inspection_queryset(user=request.user)
    if request.GET.get("judgment"):
        qs = qs.filter(judgment=request.GET["judgment"])
    today_only = request.GET.get("today") == "1"
    if today_only:  # the field-work link of the sidebar: today's inspections in the user's scope
        qs = qs.filter(inspected_on=timezone.localdate())
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "inspections/inspection_list.html", {"page": page, "today_only": today_only})


def _checklist(category):
    if category is None:
        return []
    return list(
        ChecklistItem.objects.filter(category_id__in=category.lineage_ids(), is_active=True).order_by(
            "sort", "code"
        )
    )


@login_required
def inspection_create(request):
    if not allowed(request.user, "inspect"):
        raise PermissionDenied(gettext("需要检查权限（检查员或部门工作人员）"))
    target = None
    if request.GET.get("target"):
        target = get_object_or_404(
            restrict(PlanTarget.objects.select_related("plan", "enterprise"), request.user),
            pk=parse_id(request.GET["target"], name="target"),
        )
    initial = {"inspected_on": timezone.localdate(), "unit": gettext("个")}
    if target is not None:
        e = target.enterprise
        initial.update(
            subject_name=e.name,
            place=e.address,
            division=e.division_id,
            domain=target.plan.domain,
            department=target.plan.department_id,
        )
        first_category = target.plan.categories.first()
        if first_category:
            initial["category"] = first_category.pk
    if request.GET.get("category"):
        c = ProductCategory.objects.filter(code=request.GET["category"]).first()
        if c:
            initial["category"] = c.pk
    form = InspectionForm(request.POST or None, request.FILES or None, initial=initial)
    form.fields["division"].queryset = visible_divisions(request.user).order_by("path")
    form.fields["department"].queryset = restrict(Department.objects.filter(is_active=True), request.user)
    category = None
    if request.method == "POST" and form.data.get("category"):
        category = ProductCategory.objects.filter(pk=form.data.get("category")).first()
    elif initial.get("category"):
        category = ProductCategory.objects.filter(pk=initial["category"]).first()
    items = _checklist(category)
    if request.method == "POST" and form.is_valid():
        v = form.cleaned_data
        checks = {}
        for item in _checklist(v["category"]):
            result = request.POST.get(f"check_{item.pk}")
            if result in CheckResult.values:
                checks[item.pk] = (result, request.POST.get(f"note_{item.pk}", ""))
        if not allowed(request.user, "inspect", v["division"]):
            raise PermissionDenied(gettext("无权在该区划记录检查"))
        try:
            inspection = services.inspection_record(
                actor=request.user,
                target=target,
                enterprise=target.enterprise if target else None,
                division=v["division"],
                department=v["department"],
                category=v["category"],
                domain=v["domain"],
                subject_name=v["subject_name"],
                place=v["place"],
                product_name=v["product_name"],
                brand=v["brand"],
                model=v["model"],
                batch_no=v["batch_no"],
                origin=v["origin"],
                quantity=v["quantity"],
                unit=v["unit"],
                identity_code=v["identity_code"],
                inspected_on=v["inspected_on"],
                checks=checks,
                note=v["note"],
            )
            if v.get("photo"):
                services.inspection_evidence_add(
                    inspection=inspection,
                    fileobj=v["photo"],
                    name=v["photo"].name,
                    declared_type=v["photo"].content_type,
                    actor=request.user,
                    description=gettext("现场照片"),
                )
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(request, gettext("检查已记录，请作出判定"))
            if inspection.eliminated_matches:
                messages.warning(
                    request,
                    gettext("该产品命中国家明令淘汰/禁售产品：")
                    + "、".join(services.eliminated_notice(m) for m in inspection.eliminated_matches)
                    + gettext("。判定理由已预选 R09"),
                )
            return redirect("inspections:inspection-detail", pk=inspection.pk)
    return render(
        request,
        "inspections/inspection_form.html",
        {
            "form": form,
            "items": items,
            "target": target,
            "category": category,
            "posted": request.POST,
        },
    )


def _inspection(request, pk: int, action: str = "view") -> Inspection:
    return get_object_or_404(inspection_queryset(user=request.user, action=action), pk=pk)


@login_required
def inspection_detail(request, pk: int):
    inspection = _inspection(request, pk)
    samples = inspection.samples.prefetch_related("custody")
    judge_form = JudgeForm(initial={"reason_codes": services.suggested_reasons(inspection)})
    evidence = EvidenceFile.objects.filter(
        content_type=ContentType.objects.get_for_model(Inspection), object_id=pk
    )
    from zhenwei.cases.contracts import shares_of

    return render(
        request,
        "inspections/inspection_detail.html",
        {
            "inspection": inspection,
            "checks": inspection.checks.select_related("item"),
            "samples": samples,
            "deadlines": inspection_deadlines(inspection),
            "judge_form": judge_form,
            "all_checks_pass": inspection.judgment == Judgment.PENDING
            and services.all_checks_pass(inspection),
            "date_form": DateForm(),
            "sample_form": SampleForm(),
            "custody_form": CustodyForm(),
            "result_form": ResultForm(),
            "evidence_form": EvidenceForm(),
            "evidence": evidence,
            "shares": shares_of(inspection),
            "reasons": [(r, ReasonCode(r).label) for r in inspection.reason_codes],
            "eliminated": [
                {**m, "notice": services.eliminated_notice(m)} for m in inspection.eliminated_matches or []
            ],
            "can_change": inspection_queryset(user=request.user, action="change").filter(pk=pk).exists(),
        },
    )


@login_required
@require_POST
def inspection_judge(request, pk: int):
    inspection = _inspection(request, pk, "change")
    form = JudgeForm(request.POST)
    if form.is_valid():
        try:
            inspection = services.inspection_judge(
                inspection=inspection,
                actor=request.user,
                judgment=form.cleaned_data["judgment"],
                reason_codes=form.cleaned_data["reason_codes"],
                note=form.cleaned_data["note"],
            )
            if inspection.case_id:
                messages.success(
                    request,
                    gettext(
                        "判定不合格，已立案 %(inspection_case_number)s；请在 %(inspection_serve_due_on)s 前送达"
                    )
                    % {
                        "inspection_case_number": inspection.case.number,
                        "inspection_serve_due_on": inspection.serve_due_on,
                    },
                )
            else:
                messages.success(request, gettext("已判定"))
        except ValidationError as exc:
            show_errors(request, exc)
    return redirect("inspections:inspection-detail", pk=pk)


@login_required
@require_POST
def inspection_step(request, pk: int, step: str):
    inspection = _inspection(request, pk, "change")
    form = DateForm(request.POST)
    if form.is_valid():
        try:
            if step == "serve":
                services.inspection_serve(
                    inspection=inspection, actor=request.user, served_on=form.cleaned_data["on"]
                )
                messages.success(request, gettext("已登记送达"))
            elif step == "objection":
                services.inspection_objection(
                    inspection=inspection,
                    actor=request.user,
                    on=form.cleaned_data["on"],
                    note=form.cleaned_data["note"],
                )
                messages.success(request, gettext("已登记异议，请按期送检"))
        except ValidationError as exc:
            show_errors(request, exc)
    return redirect("inspections:inspection-detail", pk=pk)


@login_required
@require_POST
def sample_add(request, pk: int):
    inspection = _inspection(request, pk, "change")
    form = SampleForm(request.POST)
    if form.is_valid():
        try:
            s = services.sample_take(inspection=inspection, actor=request.user, **form.cleaned_data)
            messages.success(request, gettext("已封样：%(s_number)s") % {"s_number": s.number})
        except ValidationError as exc:
            show_errors(request, exc)
    else:
        messages.error(request, form.errors.as_text())
    return redirect("inspections:inspection-detail", pk=pk)


def _sample(request, pk: int) -> Sample:
    sample = get_object_or_404(Sample.objects.select_related("inspection"), pk=pk)
    _inspection(request, sample.inspection_id, "change")
    return sample


@login_required
@require_POST
def sample_custody(request, pk: int):
    sample = _sample(request, pk)
    form = CustodyForm(request.POST)
    if form.is_valid():
        v = form.cleaned_data
        try:
            services.custody_record(
                sample=sample,
                actor=request.user,
                action=v["action"],
                holder=v["holder"],
                at=v["at"],
                seal_number=v["seal_number"],
                seal_intact=v["seal_intact"],
                note=v["note"],
                lab_name=v["lab_name"],
            )
            messages.success(request, gettext("已登记样品流转"))
        except ValidationError as exc:
            show_errors(request, exc)
    else:
        messages.error(request, form.errors.as_text())
    return redirect("inspections:inspection-detail", pk=sample.inspection_id)


@login_required
@require_POST
def sample_result_view(request, pk: int):
    sample = _sample(request, pk)
    form = ResultForm(request.POST)
    if form.is_valid():
        try:
            services.sample_result(sample=sample, actor=request.user, **form.cleaned_data)
            messages.success(request, gettext("已录入检验结论"))
        except ValidationError as exc:
            show_errors(request, exc)
    return redirect("inspections:inspection-detail", pk=sample.inspection_id)


@login_required
@require_POST
def inspection_evidence(request, pk: int):
    inspection = _inspection(request, pk, "change")
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        f = form.cleaned_data["file"]
        try:
            services.inspection_evidence_add(
                inspection=inspection,
                fileobj=f,
                name=f.name,
                declared_type=f.content_type,
                actor=request.user,
                description=form.cleaned_data["description"],
            )
            messages.success(request, gettext("已上传"))
        except ValidationError as exc:
            show_errors(request, exc)
    else:  # an empty or missing file: say so instead of redirecting silently
        show_errors(request, ValidationError([e for errors in form.errors.values() for e in errors]))
    return redirect("inspections:inspection-detail", pk=pk)


@login_required
def pool_list(request):
    """The inspector pool in scope, with declared conflicts; any staff member may declare one."""
    from zhenwei.registry.models import Enterprise

    from .models import ConflictDeclaration, PoolInspector

    pool = restrict(
        PoolInspector.objects.select_related("division", "department", "employer", "user"), request.user
    )
    if request.method == "POST":
        inspector = get_object_or_404(
            restrict(PoolInspector.objects.all(), request.user, "change"), pk=request.POST.get("inspector")
        )
        enterprise = get_object_or_404(
            restrict(Enterprise.objects.all(), request.user), pk=request.POST.get("enterprise")
        )
        try:
            services.conflict_declare(
                inspector=inspector,
                enterprise=enterprise,
                reason=request.POST.get("reason", ""),
                actor=request.user,
            )
            messages.success(
                request,
                gettext("已登记回避：%(inspector)s ↔ %(enterprise)s")
                % {"inspector": inspector, "enterprise": enterprise},
            )
        except ValidationError as exc:
            show_errors(request, exc)
        return redirect("inspections:pool")
    conflicts = restrict(ConflictDeclaration.objects.select_related("inspector", "enterprise"), request.user)
    enterprises = restrict(Enterprise.objects.filter(is_active=True), request.user).order_by("name")[:500]
    return render(
        request, "inspections/pool.html", {"pool": pool, "conflicts": conflicts, "enterprises": enterprises}
    )
