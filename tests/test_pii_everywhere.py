"""Personal data in identifiers and free text: no whole ID number or mobile number reaches a role
without the "pii" right, anywhere; whole values for the right, each answer audited once.

Nothing is listed by hand. On the demo data, every record of every scoped model in one county
gets an ID number, a mobile number and a ``T`` + ID certificate number (特种作业操作证) written
into each of its free-text fields, and every certificate there gets a ``T`` + ID number. Then
every API route (URL resolver: lists, and details of the planted records) and every staff page
(pages without parameters, record pages of the planted records, the export/download links they
offer — XLSX, CSV, DOCX — and report forms with their drill-down cells) is read, in that county,
as every role that holds neither "pii" nor "tipster" (viewer, inspector) and as the public, and
each answer body (JSON, HTML, CSV, the XML inside an XLSX or DOCX) is searched with ``zhenwei.core.masking.find_pii``.
As an officer of the county (who holds "pii"), the same walk must show whole values, and every
answer that shows any writes exactly one ``view_pii`` audit row.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.db import models, transaction
from django.test import Client
from rest_framework.test import APIClient

from zhenwei.core.access import restrict
from zhenwei.core.choices import Role
from zhenwei.core.masking import find_pii
from zhenwei.core.roles import ROLE_CAPABILITIES
from zhenwei.core.validators import id_number_check_char

from .matrix_support import api_endpoints, staff_pages, walk

COUNTY = "500235"  # 云阳县 in the demo data
PHONE = "13987654321"
STATS: Counter = Counter()
ARTIFACT = Path(__file__).resolve().parent.parent / "test-artifacts" / "pii_walk.json"


def _id(seq: int) -> str:
    first17 = f"{COUNTY}1988{(seq % 12) + 1:02d}{(seq % 28) + 1:02d}{seq % 1000:03d}"
    return first17 + id_number_check_char(first17)


QUOTE_ID = _id(777)
QUOTE = f"举报人称持证人身份证{QUOTE_ID}，电话{PHONE}，证书编号T{QUOTE_ID}"
# Every role that holds neither "pii" nor "tipster" (which shows a tipster's own phone whole on purpose).
WITHOUT_PII = [r for r, caps in ROLE_CAPABILITIES.items() if not {"pii", "tipster", "admin"} & caps]
SKIP_NAME = re.compile(r"(hash|digest|normalized|sha|path|file|url|mime|token|key|slug|email|receipt)", re.I)
DRILL_DOWN = re.compile(r"^/staff/reports/form/[\w-]+/\w+/[\d-]+/(cell/|$)")
EXPORT_LINK = re.compile(r"export|\.csv|\.xlsx|download|format=|fmt=", re.I)


def _text_fields(model) -> list[models.Field]:
    constrained = {name for group in model._meta.unique_together for name in group}
    for c in model._meta.constraints:
        constrained.update(getattr(c, "fields", ()) or ())
    fields = []
    for f in model._meta.concrete_fields:
        if not isinstance(f, models.CharField | models.TextField) or f.choices or f.unique or f.primary_key:
            continue
        if f.name in constrained:
            continue
        if isinstance(f, models.EmailField | models.URLField | models.SlugField) or SKIP_NAME.search(f.name):
            continue
        if isinstance(f, models.CharField) and (f.max_length or 0) < 19:
            continue
        fields.append(f)
    return fields


def _quote_for(field) -> str:
    limit = getattr(field, "max_length", None) or 10_000
    return QUOTE if limit >= len(QUOTE) else f"T{QUOTE_ID}"


@pytest.fixture(scope="module")
def world(demo_data, django_db_blocker):
    """Demo data, planted personal data in county 500235, and a viewer, an inspector and an officer
    there; rolled back after the module."""
    from zhenwei.core.models import DepartmentKind, Division
    from zhenwei.core.tests.factories import DepartmentFactory, user_with_role
    from zhenwei.registry.models import Certificate

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            county = Division.objects.get(code=COUNTY)
            dept = DepartmentFactory(
                name="个人信息测试部门", kind=DepartmentKind.objects.get(code="market"), division=county
            )
            users = {role: user_with_role(f"pii_{role}", dept, role) for role in (*WITHOUT_PII, Role.OFFICER)}
            viewer = users[Role.VIEWER]
            planted: dict[type, list[int]] = {}
            for model in apps.get_models():
                if not getattr(model, "visibility_division_field", None):
                    continue
                fields = _text_fields(model)
                visible = restrict(model._default_manager.all(), viewer, "view")
                pks = list(visible.order_by("pk").values_list("pk", flat=True)[:200])
                if not pks:
                    continue
                planted[model] = pks
                if fields:
                    model._default_manager.filter(pk__in=pks).update(
                        **{f.name: _quote_for(f) for f in fields}
                    )
            certs = list(restrict(Certificate.objects.all(), viewer, "view").order_by("pk"))
            for cert in certs:
                cert.holder_id_number = _id(cert.pk)
                cert.number = f"T{cert.holder_id_number}"
            Certificate.objects.bulk_update(certs, ["holder_id_number", "number"])
            yield {"users": users, "planted": planted}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            ARTIFACT.parent.mkdir(exist_ok=True)
            ARTIFACT.write_text(json.dumps(dict(STATS), indent=1))


def _body_text(response) -> str:
    """Everything a reader of the answer can see, as text (an XLSX is a zip of XML parts)."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as z:
                return "\n".join(
                    z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml")
                )
        except zipfile.BadZipFile:
            pass
    if content[:5] == b"%PDF-":
        # A PDF's bytes are compressed streams whose digits (offsets, font data) change from run to run
        # and can look like a phone number: read the text a reader sees, as pdfium extracts it.
        import pypdfium2

        pdf = pypdfium2.PdfDocument(content)
        try:
            return "\n".join(page.get_textpage().get_text_range() for page in pdf)
        finally:
            pdf.close()
    return content.decode("utf-8", "replace")


def _model_of_view(endpoint):
    cls = endpoint.view_class
    qs = getattr(cls, "queryset", None) if cls else None
    return qs.model if qs is not None else None


def _urls(planted) -> list[tuple[str, str]]:
    """(kind, url) for every readable answer: API lists and planted details, staff pages without
    parameters and the planted records' pages."""
    found = []
    for ep in api_endpoints():
        actions = ep.actions
        if actions and "get" not in actions:
            continue
        if not ep.params:
            found.append(("api", ep.url() + ("?page_size=500" if actions.get("get") == "list" else "")))
            continue
        model = _model_of_view(ep)
        if model in planted and ep.params == ["pk"]:
            found.append(("api", ep.url(pk=planted[model][0])))
    for page in staff_pages():
        if not page.params:
            found.append(("page", page.url()))
            continue
        keys = [p for p in page.params if p in ("pk", "id") or p.endswith(("_pk", "_id"))]
        if len(page.params) != 1 or not keys:
            continue
        model = page.model_for(keys[0])
        if model in planted:
            found.append(("page", page.url(**{keys[0]: planted[model][0]})))
    return found


def _public_urls() -> list[tuple[str, str]]:
    """Every page and API route without parameters outside /staff/, /admin/ and /accounts/."""
    found = []
    for ep in walk():
        route = ep.route.lstrip("^/")
        if ep.params or route.startswith(("staff/", "admin/", "accounts/")):
            continue
        if ep.actions and "get" not in ep.actions:
            continue
        found.append(("api" if route.startswith("api/") else "page", ep.url()))
    return found


def _walk(user, planted, urls=None):
    """Yield (url, response) for every answer ``user`` can read, export links included; each
    response carries ``pii_rows``, the view_pii audit rows its request wrote."""
    from django.db.models import Max

    from zhenwei.core.models import AuditEntry

    api = APIClient()
    client = Client()
    if user is not None:
        api.force_authenticate(user=user)
        client.force_login(user)
    seen: set[str] = set()
    followed = 0
    shapes: Counter = Counter()
    queue = list(urls) if urls is not None else _urls(planted)
    while queue:
        kind, url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        last = AuditEntry.objects.aggregate(m=Max("seq"))["m"] or 0
        if kind == "api":
            response = api.get(url, HTTP_ACCEPT="application/json")
        else:
            response = client.get(url)
        STATS["requests"] += 1
        response.pii_rows = AuditEntry.objects.filter(seq__gt=last, action="view_pii").count()
        yield url, response
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            for href in re.findall(r'href="([^"#]+)"', response.content.decode("utf-8", "replace")):
                parts = urlsplit(urljoin(url, href.replace("&amp;", "&")))
                target = parts.path + (f"?{parts.query}" if parts.query else "")
                if parts.netloc not in ("", "testserver") or target in seen:
                    continue
                # Two links of each shape (digits aside) are enough: the same view with other ids.
                shape = re.sub(r"[0-9]+", "N", target)
                if shapes[shape] >= 2:
                    continue
                if EXPORT_LINK.search(target):
                    shapes[shape] += 1
                    STATS["export_links"] += 1
                    queue.append(("page", target))
                elif DRILL_DOWN.match(parts.path) and followed < 20:
                    shapes[shape] += 1
                    # Report forms and their cells (drill-downs listing the records behind a figure).
                    followed += 1
                    STATS["drill_down_links"] += 1
                    queue.append(("page", target))


@pytest.mark.parametrize("role", WITHOUT_PII)
def test_no_whole_id_or_phone_reaches_a_role_without_the_pii_right(role, world, db):
    user = world["users"][role]
    leaks: list[str] = []
    answered = 0
    for url, response in _walk(user, world["planted"]):
        if response.status_code != 200:
            continue
        answered += 1
        whole = {value for _, value in find_pii(_body_text(response))}
        if whole:
            leaks.append(f"{url}: {sorted(whole)[:4]}")
    STATS[f"{role}_answers_200"] = answered
    STATS[f"{role}_answers_with_whole_pii"] = len(leaks)
    assert answered > 100, f"only {answered} answers read: the walk found too little"
    assert not leaks, f"whole ID/phone numbers shown to {role}:\n" + "\n".join(leaks)


def test_public_answers_never_carry_a_whole_id_or_phone(world, db):
    leaks: list[str] = []
    answered = 0
    for url, response in _walk(None, world["planted"], urls=_public_urls()):
        if response.status_code != 200:
            continue
        answered += 1
        whole = {value for _, value in find_pii(_body_text(response))}
        if whole:
            leaks.append(f"{url}: {sorted(whole)[:4]}")
    STATS["public_answers_200"] = answered
    STATS["public_answers_with_whole_pii"] = len(leaks)
    assert answered > 10, f"only {answered} public answers read"
    assert not leaks, "whole ID/phone numbers in public answers:\n" + "\n".join(leaks)


def test_officer_sees_whole_values_and_each_answer_is_audited_once(world, db):
    user = world["users"][Role.OFFICER]
    problems: list[str] = []
    shown_whole = []
    for url, response in _walk(user, world["planted"]):
        if response.status_code != 200:
            continue
        whole = find_pii(_body_text(response))
        if whole:
            shown_whole.append(url)
        expected = 1 if whole else 0
        if response.pii_rows != expected:
            problems.append(f"{url}: {len(whole)} whole values, {response.pii_rows} view_pii rows")
    STATS["officer_answers_with_whole_pii"] = len(shown_whole)
    STATS["officer_answers_audit_mismatch"] = len(problems)
    assert any("/registry/certificates/" in u for u in shown_whole), shown_whole
    assert any("/tips/" in u for u in shown_whole), shown_whole
    assert not problems, "answers with whole personal data must write one audit row:\n" + "\n".join(problems)
