"""The one upload guard: every place a file enters is found, registered, and refuses the hostile set.

Generated, not listed by hand:
- file-taking views are discovered from the URL resolver (a view whose code reads ``request.FILES``
  or uses a form or serializer with a file field), file fields from every form and serializer class
  of the project, importers from every app's ``importers.IMPORTERS``; each must be in
  ``uploads.ENTRY_POINTS`` (and nothing registered may be stale);
- every registered profile is tried with the whole hostile set (``hostile_files.py``);
- every registered URL is tried over HTTP with the hostile set, or named in ``REACHED_BY_SERVICE``
  with the guarded service it calls (tried here with the same set); a new URL must be put in one.
"""

from __future__ import annotations

import importlib
import inspect
import io
import re
import tracemalloc
from importlib.util import find_spec

import pytest
from django import forms as djforms
from django.apps import apps
from django.conf import settings as dj_settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLResolver, get_resolver
from rest_framework import serializers as drf

from zhenwei.security import uploads
from zhenwei.security.tests import hostile_files as hostile

HOSTILE = hostile.HOSTILE_NAMES  # the files themselves are built on first use (hostile.hostile)
# Peak Python allocations allowed while one hostile file is refused (the request body itself is
# up to 15 MB and is copied by the test client; the old report upload took gigabytes on the bomb).
MEMORY_BOUND = 120 * 1024 * 1024

# Hostile files a profile accepts on purpose (anything else must be refused):
# - imports exist to stream large files: 300k rows of a well-formed table are a normal import;
# - evidence is stored, never parsed: a well-formed 300k-row workbook is a legitimate attachment.
ACCEPTED = {
    ("import", "300k rows (xlsx)"),
    ("import", "300k rows (csv)"),
    ("evidence", "300k rows (xlsx)"),
}


# ---- discovery ------------------------------------------------------------------------------------


def _url_views():
    def walk(resolver, namespace=""):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern, namespace + (f"{pattern.namespace}:" if pattern.namespace else ""))
            else:
                yield namespace + (pattern.name or ""), pattern.callback

    return list(walk(get_resolver()))


def _project_classes(base):
    for app in dj_settings.ZHENWEI_APPS:
        for module in ("forms", "api", "views", "public_views", "serializers"):
            if find_spec(app) and _has_module(f"{app}.{module}"):
                importlib.import_module(f"{app}.{module}")
    seen, stack = set(), [base]
    while stack:
        for cls in stack.pop().__subclasses__():
            if cls not in seen:
                seen.add(cls)
                stack.append(cls)
    return [c for c in seen if c.__module__.startswith("zhenwei.")]


def _has_module(name: str) -> bool:
    try:
        return find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def _file_fields(cls) -> list[str]:
    if issubclass(cls, djforms.BaseForm):
        fields = getattr(cls, "base_fields", {})
        return [n for n, f in fields.items() if isinstance(f, djforms.FileField)]
    try:
        fields = cls._declared_fields
    except AttributeError:
        return []
    return [n for n, f in fields.items() if isinstance(f, (drf.FileField, drf.ListField)) and _is_file(f)]


def _is_file(field) -> bool:
    return isinstance(field, drf.FileField) or isinstance(getattr(field, "child", None), drf.FileField)


def _registered_fields() -> set[str]:
    return {f for e in uploads.ENTRY_POINTS for f in e.fields}


def _field_is_registered(cls, name: str) -> bool:
    registered = _registered_fields()
    return any(f"{k.__module__}.{k.__qualname__}.{name}" in registered for k in cls.__mro__)


def _file_classes() -> dict[str, type]:
    found = {}
    for base in (djforms.BaseForm, drf.BaseSerializer):
        for cls in _project_classes(base):
            if _file_fields(cls):
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return found


def _view_sources(callback) -> list[str]:
    cls = getattr(callback, "cls", None)
    targets = []
    if cls is None:
        targets.append(inspect.unwrap(callback))
    else:
        names = set((getattr(callback, "actions", None) or {}).values()) or {
            m for m in ("get", "post", "put", "patch") if hasattr(cls, m)
        }
        targets += [getattr(cls, m) for m in names if hasattr(cls, m)]
        for attr in ("serializer_class",):
            if getattr(cls, attr, None) is not None:
                targets.append(getattr(cls, attr))
    sources = []
    for target in targets:
        try:
            sources.append(inspect.getsource(inspect.unwrap(target)))
        except (OSError, TypeError):
            continue
    return sources


def discovered_upload_urls() -> set[str]:
    """URL names whose view reads request.FILES, or (DRF) validates request.data with a serializer
    that has a file field. A Django form only sees files passed from request.FILES."""
    serializers_with_files = [
        c.__name__ for c in _file_classes().values() if issubclass(c, drf.BaseSerializer)
    ]
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, serializers_with_files)) + r")\b")
    found = set()
    for name, callback in _url_views():
        if name.startswith("admin:"):
            continue  # the admin: checked through the models below
        is_drf = getattr(callback, "cls", None) is not None
        for source in _view_sources(callback):
            if ".FILES" in source or (is_drf and serializers_with_files and pattern.search(source)):
                found.add(name)
    return found


def test_every_file_taking_view_is_registered_with_the_guard():
    registered = {u for e in uploads.ENTRY_POINTS for u in e.urls}
    discovered = discovered_upload_urls()
    assert discovered, "discovery found nothing: the walk is broken"
    assert discovered <= registered, (
        f"file-taking views outside the upload guard's registry: {discovered - registered}"
    )
    names = {name for name, _ in _url_views()}
    assert registered <= names, f"registered upload URLs that no longer exist: {registered - names}"


def test_every_form_and_serializer_file_field_is_registered():
    missing = [
        f"{cls.__module__}.{cls.__qualname__}.{name}"
        for cls in _file_classes().values()
        for name in _file_fields(cls)
        if not _field_is_registered(cls, name)
    ]
    assert not missing, f"file fields outside the upload guard's registry: {missing}"
    assert len(_file_classes()) >= 10, "discovery found too few file fields: the walk is broken"


def test_no_model_stores_a_file_outside_evidence_store():
    from django.db import models

    found = [
        f"{m._meta.label}.{f.name}"
        for m in apps.get_models()
        for f in m._meta.get_fields()
        if isinstance(f, models.FileField)
    ]
    assert not found, f"model file fields (the admin would take uploads) not guarded: {found}"


def _all_importers() -> set[str]:
    found = set()
    for app in dj_settings.ZHENWEI_APPS:
        if _has_module(f"{app}.importers"):
            found |= set(getattr(importlib.import_module(f"{app}.importers"), "IMPORTERS", {}))
    return found


def test_every_importer_kind_is_registered_with_the_guard():
    registered = {k for e in uploads.ENTRY_POINTS for k in e.importers}
    assert _all_importers() == registered


def test_every_registered_profile_exists():
    for entry in uploads.ENTRY_POINTS:
        assert uploads.limits_for(entry.profile).name == entry.profile


# ---- the hostile set at the guard, per profile ----------------------------------------------------


def _words(problem: str) -> tuple[str, ...]:
    return hostile.hostile(problem)[3]


def _feed(profile: str, problem: str):
    name, data, content_type, _ = hostile.hostile(problem)
    source = io.BytesIO(data)
    if profile == "evidence":
        return uploads.check_upload(source, profile=profile, name=name, declared_type=content_type)
    return sum(1 for _ in uploads.table_rows(source, profile=profile, name=name))


PROFILES = sorted({e.profile for e in uploads.ENTRY_POINTS})


@pytest.mark.parametrize("problem", HOSTILE)
@pytest.mark.parametrize("profile", PROFILES)
def test_every_profile_refuses_the_hostile_set_naming_the_problem(profile, problem, settings):
    settings.VERIFY_BULK_MAX_ROWS = 5000  # the cap, not its size, is under test; keeps the run short
    if (profile, problem) in ACCEPTED:
        if problem.startswith("300k") and profile == "import":
            settings.ZHENWEI_IMPORT_MAX_ROWS = 1000  # streams, and stops at a configured cap
            with pytest.raises(ValidationError, match="行上限"):
                _feed(profile, problem)
        else:
            _feed(profile, problem)
        return
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as caught:
            _feed(profile, problem)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    message = " ".join(caught.value.messages)
    assert any(w in message for w in _words(problem)), message
    assert all(e.code and e.code.startswith("upload_") for e in caught.value.error_list), caught.value
    assert len(message) < 300
    assert peak < MEMORY_BOUND, f"{peak / 2**20:.0f} MB"


def test_the_zip_bomb_is_refused_from_the_directory_without_inflating(settings):
    tracemalloc.start()
    try:
        for profile in PROFILES:
            with pytest.raises(ValidationError, match="压缩炸弹"):
                _feed(profile, "zip bomb")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024, f"{peak / 2**20:.1f} MB"  # the bomb inflates to 384 MB


def test_a_sheet_without_a_dimension_stops_at_the_row_cap_while_streaming():
    data = hostile.xlsx_rows([["a", "b"]] * 500)
    limits = uploads.limits_for("report_form", max_rows=100)
    with pytest.raises(ValidationError, match="100 行上限"):
        list(uploads.table_rows(io.BytesIO(data), profile=limits))
    wide = hostile.xlsx_rows([["x"] * 40])
    with pytest.raises(ValidationError, match="30 列上限"):
        list(uploads.table_rows(io.BytesIO(wide), profile="report_form"))


def test_the_first_row_comes_without_reading_the_whole_sheet():
    # openpyxl's read-only workbook scans a sheet without <dimension> whole at open; the guard's
    # reader does not: the first row of the 300k-row workbook costs almost nothing.
    tracemalloc.start()
    try:
        rows = uploads.table_rows(io.BytesIO(hostile.rows_300k_xlsx()), profile="import")
        assert next(rows) == (1, ["姓名", "身份证号", "证书编号"])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 * 1024 * 1024, f"{peak / 2**20:.1f} MB"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("姓名,号码\n张三,1\n".encode(), "utf-8-sig"),
        (b"\xef\xbb\xbf" + "姓名,号码\n张三,1\n".encode(), "utf-8-sig"),
        ("姓名,号码\n张三,1\n".encode("gb18030"), "gb18030"),
    ],
)
def test_csv_in_the_accepted_encodings_reads(data, encoding):
    assert uploads.check_upload(io.BytesIO(data), profile="bulk_check").encoding == encoding
    rows = list(uploads.table_rows(io.BytesIO(data), profile="bulk_check"))
    assert rows == [(1, ["姓名", "号码"]), (2, ["张三", "1"])]


def test_quoted_content_is_short_and_without_control_characters():
    text = uploads.shown("<script>" + "x" * 10_000 + "\u202e\x00")
    assert len(text) <= 41 and "\x00" not in text and text.endswith("…")
    assert "\u202e" not in uploads.shown("a\u202eb")


# ---- the hostile set over HTTP, every registered URL ----------------------------------------------


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _stored():
    from zhenwei.core.models import EvidenceFile
    from zhenwei.registry.jobs import imports_dir
    from zhenwei.registry.models import ImportJob
    from zhenwei.reports.models import MonthlyReport

    return (
        EvidenceFile.objects.count(),
        ImportJob.objects.count(),
        MonthlyReport.objects.count(),
        sorted(p.name for p in imports_dir().iterdir()),
    )


def _post_reports_upload(org, upload):
    return _client(org.office_p).post(
        "/staff/reports/upload/",
        {"template": "cert-campaign-monthly", "division": org.b.code, "month": "2026-10", "file": upload},
    )


def _post_verify_bulk(org, upload):
    return _client(org.officer_a).post("/staff/verify/bulk/", {"file": upload})


def _post_api_verify_bulk(org, upload):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(org.officer_a)
    return api.post("/api/v1/verify/bulk", {"file": upload}, format="multipart")


def _post_registry_import(org, upload):
    return _client(org.officer_a).post("/staff/registry/imports/", {"kind": "certificates", "file": upload})


def _case(org):
    from zhenwei.cases.services import case_open

    return case_open(
        title="测试案件",
        kind="other",
        source="other",
        division=org.a,
        department=org.dept(org.a, "market"),
        actor=org.officer_a,
    )


def _post_api_case_evidence(org, upload):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(org.officer_a)
    return api.post(f"/api/v1/cases/{_case(org).pk}/evidence/", {"file": upload}, format="multipart")


def _post_case_evidence(org, upload):
    return _client(org.officer_a).post(
        f"/staff/cases/{_case(org).pk}/evidence/", {"file": upload}, follow=True
    )


def _certificate_check_fields(org) -> dict:
    from zhenwei.registry.models import Enterprise

    enterprise, _ = Enterprise.objects.get_or_create(name="上传测试化工有限公司", division=org.a)
    return {
        "enterprise": enterprise.pk,
        "department": org.dept(org.a, "emergency").pk,
        "checked_on": "2026-10-12",
        "persons_reported": 0,
    }


def _post_certificate_check_upload(org, upload):
    return _client(org.officer_a).post(
        "/staff/campaigns/checks/certificatechecks/upload/",
        {**_certificate_check_fields(org), "file": upload},
    )


def _post_api_certificate_check_upload(org, upload):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(org.officer_a)
    return api.post(
        "/api/v1/campaigns/certificate-checks/upload/",
        {**_certificate_check_fields(org), "file": upload},
        format="multipart",
    )


HTTP = {
    "campaigns:certcheck-upload": _post_certificate_check_upload,
    "api:campaign-certificate-check-upload": _post_api_certificate_check_upload,
    "reports:upload": _post_reports_upload,
    "verify:bulk": _post_verify_bulk,
    "api:verify-bulk": _post_api_verify_bulk,
    "registry:import-list": _post_registry_import,
    "api:case-evidence": _post_api_case_evidence,
    "cases:case-evidence": _post_case_evidence,
}
# URLs whose file goes to a service that stores it through core.files.evidence_store (checked
# below from the code: the view calls the service, the service calls evidence_store); the evidence
# profile is tried with the whole hostile set above and through evidence_store below.
REACHED_BY_SERVICE = {
    "inspections:inspection-create": "zhenwei.inspections.services.inspection_evidence_add",
    "inspections:inspection-evidence": "zhenwei.inspections.services.inspection_evidence_add",
    "api:inspection-evidence": "zhenwei.inspections.services.inspection_evidence_add",
    "tips:new": "zhenwei.tips.services.tip_submit",
    "tips_public:new": "zhenwei.tips.services.tip_submit",
    "api:tip-list": "zhenwei.tips.services.tip_submit",
    "api:tips-public-create": "zhenwei.tips.services.tip_submit",
    "joint:destruction-detail": "zhenwei.joint.services.destruction_add_photo",
    "joint:publicity-new": "zhenwei.joint.services.publicity_attach",
    "joint:publicity-detail": "zhenwei.joint.services.publicity_attach",
    "webwatch:site-detail": "zhenwei.webwatch.services.site_evidence_add",
    "api:webwatch-site-evidence": "zhenwei.webwatch.services.site_evidence_add",
    "campaigns:duty-submit": "zhenwei.campaigns.services.duty_submit",
    "api:campaign-duty-submit": "zhenwei.campaigns.services.duty_submit",
    "joint:destruction-new": "zhenwei.joint.destruction.destruction_record",
    "api:joint-destruction-evidence": "zhenwei.joint.services.destruction_add_photo",
    "tips:monitor-report": "zhenwei.tips.monitors.monitor_report_submit",
    "api:tip-monitor-report": "zhenwei.tips.monitors.monitor_report_submit",
}


@pytest.mark.parametrize("url_name", sorted(REACHED_BY_SERVICE))
def test_each_service_reached_url_calls_a_service_that_stores_through_evidence_store(url_name):
    dotted = REACHED_BY_SERVICE[url_name]
    module, function = dotted.rsplit(".", 1)
    service = getattr(importlib.import_module(module), function)
    assert re.search(r"\bevidence_store\(", inspect.getsource(service)), (
        f"{dotted} does not call evidence_store"
    )
    callbacks = [cb for name, cb in _url_views() if name == url_name]
    assert any(re.search(rf"\b{function}\(", src) for cb in callbacks for src in _view_sources(cb)), (
        f"{url_name} does not call {dotted}"
    )


def test_every_registered_url_is_tried_over_http_or_through_its_service():
    registered = {u for e in uploads.ENTRY_POINTS for u in e.urls}
    assert registered == set(HTTP) | set(REACHED_BY_SERVICE)
    evidence_urls = {u for e in uploads.ENTRY_POINTS if e.profile == "evidence" for u in e.urls}
    assert set(REACHED_BY_SERVICE) <= evidence_urls


def _refused(response, words) -> bool:
    body = response.content.decode("utf-8", "replace")
    return any(w in body for w in words)


@pytest.mark.django_db
@pytest.mark.parametrize("problem", HOSTILE)
@pytest.mark.parametrize("url_name", sorted(HTTP))
def test_every_upload_url_refuses_the_hostile_set(url_name, problem, org, settings):
    settings.VERIFY_BULK_MAX_ROWS = 5000
    profile = next(e.profile for e in uploads.ENTRY_POINTS if url_name in e.urls)
    name, data, content_type, words = hostile.hostile(problem)
    if (profile, problem) in ACCEPTED:
        pytest.skip(f"{profile} accepts {problem} on purpose (see ACCEPTED)")
    before = _stored()
    upload = SimpleUploadedFile(name, data, content_type)
    tracemalloc.start()
    try:
        response = HTTP[url_name](org, upload)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    final = bool(getattr(response, "redirect_chain", None)) and response.status_code == 200  # PRG pages
    assert response.status_code == 400 or final, response.status_code
    assert _refused(response, words), response.content[:500]
    assert _stored() == before, "a refused upload left something stored"
    assert len(response.content) < 200_000
    assert peak < MEMORY_BOUND, f"{peak / 2**20:.0f} MB"


@pytest.mark.django_db
@pytest.mark.parametrize("problem", HOSTILE)
def test_evidence_store_refuses_the_hostile_set_and_stores_nothing(problem, org):
    from zhenwei.core.files import evidence_store

    name, data, content_type, words = hostile.hostile(problem)
    before = _stored()
    if ("evidence", problem) in ACCEPTED:
        evidence_store(fileobj=io.BytesIO(data), name=name, declared_type=content_type)
        return
    with pytest.raises(ValidationError) as caught:
        evidence_store(fileobj=io.BytesIO(data), name=name, declared_type=content_type, actor=org.officer_a)
    assert any(w in " ".join(caught.value.messages) for w in words)
    assert _stored() == before


@pytest.mark.django_db
def test_report_upload_quotes_a_huge_cell_short():
    from zhenwei.reports.models import ReportTemplate
    from zhenwei.reports.uploads import parse_upload

    template = ReportTemplate.objects.get(slug="cert-campaign-monthly")
    data = hostile.xlsx_rows([["<script>" + "表" * 30_000]])
    with pytest.raises(ValidationError) as caught:
        parse_upload(fileobj=io.BytesIO(data), template=template)
    message = caught.value.messages[0]
    assert "模板不符" in message and len(message) < 200 and "表表表…" in message
