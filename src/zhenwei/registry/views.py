"""Staff pages of the registry: enterprises, products and codes, certificates, training
institutions with their problem lists, and uploads of import files."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from zhenwei.core.access import restrict, user_scope
from zhenwei.core.masking import can_see_pii

from . import forms, jobs, selectors, services
from .choices import (
    CERTIFICATE_TRANSITIONS,
    CODE_TRANSITIONS,
    FINDING_TRANSITIONS,
    CertificateStatus,
    CodeStatus,
    FindingStatus,
    ImportKind,
)
from .filtersets import (
    CertificateFilter,
    EnterpriseFilter,
    IdentityCodeFilter,
    InstitutionFilter,
    ProductFilter,
)
from .imports.templates import template_xlsx
from .models import (
    Certificate,
    Enterprise,
    IdentityCode,
    ImportJob,
    InstitutionFinding,
    Product,
    ProductSale,
    Trainer,
    TrainingCourse,
    TrainingEvent,
    TrainingInstitution,
)
from .tables import (
    CertificateTable,
    EnterpriseTable,
    IdentityCodeTable,
    ImportJobTable,
    InstitutionTable,
    ProductTable,
)


def _error(request, exc: ValidationError | PermissionDenied) -> None:
    messages.error(request, "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))


def _table(request, table_class, qs, **kwargs):
    table = table_class(qs, **kwargs)
    RequestConfig(request, paginate={"per_page": 30}).configure(table)
    return table


def _list(request, *, title, filterset, qs, table_class, new_url=None, extra=None):
    f = filterset(request.GET, queryset=qs)
    context = {"title": title, "filter": f, "table": _table(request, table_class, f.qs), "new_url": new_url}
    context.update(extra or {})
    return render(request, "registry/list.html", context)


def _visible(user, model, pk, action="view"):
    return get_object_or_404(restrict(model.objects.all(), user, action), pk=pk)


def _form_page(request, *, form, title, save, success):
    """Render a form; on a valid POST call save(cleaned_data) (a service) and redirect."""
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                _error(request, exc)
        else:
            messages.success(request, gettext("已保存"))
            return redirect(success(obj))
    return render(request, "registry/form.html", {"form": form, "title": title})


@login_required
def index(request):
    user = request.user
    return render(
        request,
        "registry/index.html",
        {
            "counts": [
                (
                    gettext("生产经营单位"),
                    selectors.enterprise_list(user=user).count(),
                    "registry:enterprise-list",
                ),
                (gettext("产品"), selectors.product_list(user=user).count(), "registry:product-list"),
                (
                    gettext("安全生产证书"),
                    selectors.certificate_list(user=user).count(),
                    "registry:certificate-list",
                ),
                (
                    gettext("培训机构"),
                    restrict(TrainingInstitution.objects.all(), user).count(),
                    "registry:institution-list",
                ),
            ],
            "jobs": selectors.import_job_list(user=user)[:5],
        },
    )


# -- enterprises ---------------------------------------------------------------------------------


@login_required
def enterprise_list(request):
    return _list(
        request,
        title=gettext("生产经营单位台账"),
        filterset=EnterpriseFilter,
        qs=selectors.enterprise_list(user=request.user),
        table_class=EnterpriseTable,
        new_url="registry:enterprise-new",
    )


@login_required
def enterprise_detail(request, pk):
    enterprise = _visible(request.user, Enterprise, pk)
    products = restrict(enterprise.products.select_related("category"), request.user)
    return render(request, "registry/enterprise_detail.html", {"obj": enterprise, "products": products})


@login_required
def enterprise_edit(request, pk=None):
    enterprise = _visible(request.user, Enterprise, pk, "change") if pk else None
    form = forms.EnterpriseForm(request.POST or None, instance=enterprise)
    return _form_page(
        request,
        form=form,
        title=gettext("编辑单位") if enterprise else gettext("新增单位"),
        save=lambda data: services.enterprise_save(actor=request.user, data=data, enterprise=enterprise),
        success=lambda obj: reverse("registry:enterprise-detail", args=[obj.pk]),
    )


# -- products and codes --------------------------------------------------------------------------


@login_required
def product_list(request):
    return _list(
        request,
        title=gettext("产品台账"),
        filterset=ProductFilter,
        qs=selectors.product_list(user=request.user),
        table_class=ProductTable,
        new_url="registry:product-new",
    )


@login_required
def product_detail(request, pk):
    product = _visible(request.user, Product, pk)
    codes = IdentityCodeTable(product.codes.select_related("batch", "product").order_by("code"))
    RequestConfig(request, paginate={"per_page": 30}).configure(codes)
    form = forms.IdentityCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.identity_code_create(actor=request.user, product=product, code=form.cleaned_data["code"])
            messages.success(request, gettext("标识码已登记"))
            return redirect("registry:product-detail", pk=pk)
        except (ValidationError, PermissionDenied) as exc:
            _error(request, exc)
    return render(
        request,
        "registry/product_detail.html",
        {"obj": product, "codes": codes, "form": form, "batches": product.batches.all()},
    )


@login_required
def product_edit(request, pk=None):
    product = _visible(request.user, Product, pk, "change") if pk else None
    form = forms.ProductForm(request.POST or None, instance=product)
    return _form_page(
        request,
        form=form,
        title=gettext("编辑产品") if product else gettext("新增产品"),
        save=lambda data: services.product_save(actor=request.user, data=data, product=product),
        success=lambda obj: reverse("registry:product-detail", args=[obj.pk]),
    )


@login_required
def code_list(request):
    qs = selectors.identity_code_list(user=request.user)
    if not request.GET.get("code") and not request.GET.get("product"):
        qs = qs.order_by("-status_changed_at", "code")
    return _list(
        request,
        title=gettext("身份标识码"),
        filterset=IdentityCodeFilter,
        qs=qs,
        table_class=IdentityCodeTable,
    )


@login_required
def code_detail(request, pk):
    code = _visible(request.user, IdentityCode, pk)
    if request.method == "POST":
        try:
            services.identity_code_transition(
                actor=request.user,
                code=code,
                to=request.POST.get("to", ""),
                note=request.POST.get("note", ""),
            )
            messages.success(request, gettext("状态已变更"))
            return redirect("registry:code-detail", pk=pk)
        except (ValidationError, PermissionDenied) as exc:
            _error(request, exc)
    targets = [(s, CodeStatus(s).label) for s in CODE_TRANSITIONS[code.status]]
    return render(request, "registry/code_detail.html", {"obj": code, "targets": targets})


# -- certificates --------------------------------------------------------------------------------


@login_required
def certificate_list(request):
    f = CertificateFilter(request.GET, queryset=selectors.certificate_list(user=request.user))
    table = CertificateTable(f.qs)
    RequestConfig(request, paginate={"per_page": 30}).configure(table)
    page = list(table.page.object_list.data) if table.page else []
    table.shown_ids = services.certificate_holder_ids(user=request.user, certificates=page)
    return render(
        request,
        "registry/list.html",
        {
            "title": gettext("安全生产证书"),
            "filter": f,
            "table": table,
            "new_url": "registry:certificate-new",
        },
    )


@login_required
def certificate_detail(request, pk):
    cert = _visible(request.user, Certificate, pk)
    if request.method == "POST":
        try:
            services.certificate_transition(
                actor=request.user,
                certificate=cert,
                to=request.POST.get("to", ""),
                note=request.POST.get("note", ""),
            )
            messages.success(request, gettext("状态已变更"))
            return redirect("registry:certificate-detail", pk=pk)
        except (ValidationError, PermissionDenied) as exc:
            _error(request, exc)
    shown = services.certificate_holder_ids(user=request.user, certificates=[cert])[cert.pk]
    targets = [(s, CertificateStatus(s).label) for s in CERTIFICATE_TRANSITIONS[cert.status]]
    return render(
        request,
        "registry/certificate_detail.html",
        {
            "obj": cert,
            "holder_id": shown,
            "effective": CertificateStatus(cert.effective_status()).label,
            "targets": targets,
        },
    )


@login_required
def certificate_edit(request, pk=None):
    cert = _visible(request.user, Certificate, pk, "change") if pk else None
    if cert is not None and not can_see_pii(request.user, cert):
        raise PermissionDenied(gettext("修改证书需要查看个人信息的权限"))
    form = forms.CertificateForm(request.POST or None, instance=cert)
    return _form_page(
        request,
        form=form,
        title=gettext("编辑证书") if cert else gettext("新增证书"),
        save=lambda data: services.certificate_save(actor=request.user, data=data, certificate=cert),
        success=lambda obj: reverse("registry:certificate-detail", args=[obj.pk]),
    )


# -- training institutions -----------------------------------------------------------------------


@login_required
def institution_list(request):
    return _list(
        request,
        title=gettext("培训机构台账"),
        filterset=InstitutionFilter,
        qs=selectors.institution_list(user=request.user),
        table_class=InstitutionTable,
        new_url="registry:institution-new",
    )


CHILD_FORMS = {
    "trainer": (Trainer, forms.TrainerForm, gettext_lazy("培训人员")),
    "course": (TrainingCourse, forms.CourseForm, gettext_lazy("课程")),
    "event": (TrainingEvent, forms.EventForm, gettext_lazy("培训活动")),
    "sale": (ProductSale, forms.SaleForm, gettext_lazy("兜售产品")),
    "finding": (InstitutionFinding, forms.FindingForm, gettext_lazy("问题")),
}


@login_required
def institution_detail(request, pk):
    inst = _visible(request.user, TrainingInstitution, pk)
    findings = list(inst.findings.select_related("responsible"))
    for finding in findings:
        finding.targets = [(s, FindingStatus(s).label) for s in FINDING_TRANSITIONS[finding.status]]
    return render(
        request,
        "registry/institution_detail.html",
        {
            "obj": inst,
            "trainers": inst.trainers.all(),
            "courses": inst.courses.all(),
            "events": inst.events.select_related("host_enterprise", "course").prefetch_related("trainers"),
            "sales": inst.sales.select_related("category"),
            "findings": findings,
            "children": [(key, label) for key, (_m, _f, label) in CHILD_FORMS.items()],
        },
    )


@login_required
def institution_edit(request, pk=None):
    inst = _visible(request.user, TrainingInstitution, pk, "change") if pk else None
    form = forms.InstitutionForm(request.POST or None, instance=inst)
    return _form_page(
        request,
        form=form,
        title=gettext("编辑培训机构") if inst else gettext("新增培训机构"),
        save=lambda data: services.institution_save(actor=request.user, data=data, institution=inst),
        success=lambda obj: reverse("registry:institution-detail", args=[obj.pk]),
    )


@login_required
def institution_child_new(request, pk, child):
    inst = _visible(request.user, TrainingInstitution, pk, "change")
    if child not in CHILD_FORMS:
        raise Http404
    model, form_class, label = CHILD_FORMS[child]
    form = form_class(request.POST or None)
    return _form_page(
        request,
        form=form,
        title=gettext("%(institution)s：新增%(what)s") % {"institution": inst.name, "what": label},
        save=lambda data: services.institution_child_add(
            actor=request.user, institution=inst, model=model, data=data
        ),
        success=lambda obj: reverse("registry:institution-detail", args=[inst.pk]),
    )


@login_required
@require_POST
def finding_transition(request, pk):
    finding = _visible(request.user, InstitutionFinding, pk, "change")
    try:
        services.finding_transition(
            actor=request.user,
            finding=finding,
            to=request.POST.get("to", ""),
            resolution=request.POST.get("resolution", ""),
        )
        messages.success(request, gettext("问题状态已变更"))
    except (ValidationError, PermissionDenied) as exc:
        _error(request, exc)
    return redirect("registry:institution-detail", pk=finding.institution_id)


# -- imports -------------------------------------------------------------------------------------


@login_required
def import_list(request):
    form = forms.ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = jobs.import_job_create(
                actor=request.user, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
            )
        except (ValidationError, PermissionDenied) as exc:
            _error(request, exc)
        else:
            return redirect("registry:import-detail", pk=job.pk)
    table = _table(request, ImportJobTable, selectors.import_job_list(user=request.user))
    return render(
        request,
        "registry/imports.html",
        {
            "form": form,
            "table": table,
            "kinds": ImportKind.choices,
            "can_import": user_scope(request.user).can("change"),
        },
        # a refused upload (form error or the upload guard) answers 400, the page says why
        status=400 if request.method == "POST" else 200,
    )


@login_required
def import_detail(request, pk):
    job = _visible(request.user, ImportJob, pk)
    template = (
        "registry/_import_progress.html"
        if request.headers.get("HX-Request")
        else "registry/import_detail.html"
    )
    return render(request, template, {"job": job})


@login_required
def import_rejected(request, pk):
    job = _visible(request.user, ImportJob, pk)
    if not job.errors_path or not Path(job.errors_path).exists():
        raise Http404
    return FileResponse(open(job.errors_path, "rb"), as_attachment=True, filename=f"rejected-{job.pk}.csv")


@login_required
def import_template(request, kind):
    if kind not in ImportKind.values:
        raise Http404
    response = HttpResponse(
        template_xlsx(kind), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="zhenwei-{kind}-template.xlsx"'
    return response
