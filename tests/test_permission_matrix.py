"""The permission matrix: every API endpoint and every staff page, for every role in two sibling
counties and their parent, on the demo data. Fails on any read or write that crosses the visibility
rule (zhenwei.core.access.restrict).

Endpoints come from the URL resolver (tests/matrix_support.py), so new endpoints are covered
without anyone remembering to add them. The only hand-written list is PUBLIC_API: endpoints that
answer anonymous visitors on purpose, each with its reason. The figures (endpoints × principals,
requests sent) are written to test-artifacts/permission_matrix.json and printed at the end of the run.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest
from django.apps import apps
from django.db import transaction
from django.forms.models import model_to_dict
from django.test import Client
from rest_framework.test import APIClient

from zhenwei.core.access import restrict
from zhenwei.core.choices import Role

from .matrix_support import api_endpoints, matrix_figures, staff_pages

ARTIFACT = Path(__file__).resolve().parent.parent / "test-artifacts" / "permission_matrix.json"

# Endpoints that answer anonymous visitors on purpose (route as printed by the walker → reason).
# Public endpoints must also set AllowAny explicitly and mask personal data (docs/architecture.md).
PUBLIC_API: dict[str, str] = {
    "/api/v1/schema/": "the OpenAPI description of the API: structure only, no records",
    "/api/v1/docs/": "Swagger UI for the schema: structure only, no records",
    "/api/v1/verify/product/<str:code>": "public product check by the code on the label (rate-limited, masked)",
    "/api/v1/verify/certificate": "public certificate check by number and holder (rate-limited, masked)",
    "/api/v1/verify/qr": "public check of a signed QR payload (rate-limited)",
    "/api/v1/tips/public/": "citizens report anonymously; the answer is only a receipt code",
    "/api/v1/tips/public/<str:receipt>/": "progress of one tip by its secret receipt code",
    "/api/v1/credit/public/disclosures/": "credit disclosures published to the public (信用公示), masked fields only",
    "/api/v1/credit/public/disclosures/(?P<pk>[0-9]{1,18})/": "one published credit disclosure, masked",
    "/api/v1/credit/public/entries/": "the published credit list (失信名单) as of today, names masked",
    "/api/v1/credit/public/entries/(?P<pk>[0-9]{1,18})/": "one published credit-list entry, names masked",
}

# Records issued from above that apply below: a user may also read those of the divisions above
# their own (never a sibling's). Model label → why.
INHERITED_FROM_ABOVE: dict[str, str] = {
    "campaigns.campaign": "a county takes part in the campaigns of its city and province (campaigns.selectors)",
}

# Records every staff member may read whatever their division (published rules). Model → why.
READABLE_BY_ALL_STAFF: dict[str, str] = {
    "tips.rewardscheme": "reward schemes (举报奖励办法) are published rules; tips serves them as reference data",
}

# Records a user may create in another division on purpose. Model → why.
CREATED_ELSEWHERE: dict[str, str] = {
    "tips.tip": "a hotline takes calls about any place; the tip is routed to the division of the matter",
}

COUNTY_A, COUNTY_B = "500235", "500101"  # 云阳县 and 万州区, both under 重庆市 in the demo data
# A town officer of 农坝镇 (under COUNTY_A) is probed against records of a sibling town of the same
# county, of the county itself and of another province (上海市黄浦区 310101), one of each per route.
TOWN, SIBLING_TOWN, OTHER_PROVINCE = "500235116", "500235001", "310101"
TOWN_PRINCIPAL = "officer@town"
TOWN_TARGETS: dict[int, dict[str, str]] = {}  # town officer's pk → target kind → division path
ROLES = [Role.CAMPAIGN_OFFICE, Role.OFFICER, Role.INSPECTOR, Role.HOTLINE_OPERATOR, Role.VIEWER]
DENIED = {401, 403, 404, 405}
# A staff page without parameters (a list, a form, a dashboard) is checked for its status only: refused
# to the public, never a server error. The records it lists are scoped by the same restrict() the API
# lists use, and those are checked id by id for every principal (test_api_endpoint_respects_visibility).
# So each role once, in county A and the town, is enough here: the other county's and the parent's
# principals would render the same page's code again.
LIST_PAGE_PRINCIPALS = {"anonymous", "admin", TOWN_PRINCIPAL, *(f"{role}@a" for role in ROLES)}
STATS: Counter = Counter()
PAIRS: set[tuple[str, str]] = set()


@pytest.fixture(scope="module")
def world(demo_data, django_db_blocker):
    """The demo data plus one user per role in each county and in the common parent, inside one
    transaction rolled back after the module (so other test modules see a clean database)."""
    from zhenwei.core.models import DepartmentKind, Division
    from zhenwei.core.tests.factories import DepartmentFactory, UserFactory, user_with_role

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            a = Division.objects.get(code=COUNTY_A)
            b = Division.objects.get(code=COUNTY_B)
            common = [seg for seg in a.path.strip("/").split("/") if seg in b.path.strip("/").split("/")]
            parent = Division.objects.get(path="/" + "/".join(common) + "/")
            kind = DepartmentKind.objects.get(code="market")
            principals = {"anonymous": None, "admin": UserFactory(username="matrix_admin", is_superuser=True)}
            for tag, division in (("a", a), ("b", b), ("parent", parent)):
                dept = DepartmentFactory(name=f"权限矩阵{tag}部门", kind=kind, division=division)
                for role in ROLES:
                    principals[f"{role}@{tag}"] = user_with_role(f"matrix_{role}_{tag}", dept, role)
            town = Division.objects.get(code=TOWN)
            dept = DepartmentFactory(name="权限矩阵镇部门", kind=kind, division=town)
            officer = principals[TOWN_PRINCIPAL] = user_with_role("matrix_officer_town", dept, Role.OFFICER)
            sibling, province = (Division.objects.get(code=c) for c in (SIBLING_TOWN, OTHER_PROVINCE))
            _registry_records_in(sibling, province)
            TOWN_TARGETS[officer.pk] = {
                "sibling_town": sibling.path,
                "parent_county": a.path,
                "other_province": province.path,
            }
            _FOREIGN.clear()
            yield principals
        finally:
            _FOREIGN.clear()
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            _write_figures()


@pytest.fixture(scope="module")
def staff_clients(world, django_db_blocker):
    """One logged-in client per principal for the module: the sessions are written in the world's
    transaction, outside every test's own (which would roll them back), so a login is not repeated for
    each page (2,000 logins). Every answer is checked to come from the principal's session (_same_user)."""
    clients = {}
    with django_db_blocker.unblock():
        for principal, user in world.items():
            clients[principal] = Client()
            if user is not None:
                clients[principal].force_login(user)
    return clients


def _same_user(response, user) -> bool:
    """The request was served to ``user`` (not to an anonymous visitor whose session was lost)."""
    served = response.wsgi_request.user
    return (
        served.is_authenticated and served.pk == user.pk if user is not None else not served.is_authenticated
    )


def _write_figures() -> None:
    """The figures of the run; under xdist each worker writes its part (the API half and the
    staff-page half run on different workers, conftest.DEMO_GROUPS) and tests/conftest.py adds the
    parts up at the end of the run."""
    ARTIFACT.parent.mkdir(exist_ok=True)
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        part = ARTIFACT.with_name(f"{ARTIFACT.stem}.{worker}.json")
        part.write_text(json.dumps({"stats": dict(STATS), "pairs": sorted(PAIRS)}))
    ARTIFACT.write_text(json.dumps(matrix_figures(STATS, PAIRS), indent=1))


def _request(client, method: str, url: str, data=None):
    STATS["requests"] += 1
    call = getattr(client, method.lower())
    if method in ("GET", "HEAD", "OPTIONS"):
        return call(url, HTTP_ACCEPT="application/json")
    return call(url, data=data if data is not None else {}, format="json", HTTP_ACCEPT="application/json")


def _api_client(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user=user)
    return client


def _model_of(view_class):
    queryset = getattr(view_class, "queryset", None)
    if queryset is not None:
        return queryset.model
    return getattr(view_class, "model", None)


def _lookup(view_class) -> tuple[str, str]:
    field = getattr(view_class, "lookup_field", "pk") or "pk"
    return field, getattr(view_class, "lookup_url_kwarg", None) or field


def _same_code_as_put(view_class, actions, method: str) -> bool:
    """PATCH on a route whose PUT is DRF's ``update`` and whose ``partial_update`` is the mixin's own
    (which only calls ``update(partial=True)``): the same code, the same scope check, as PUT, which
    is probed. A viewset that writes its own ``partial_update`` is probed with PATCH too."""
    from rest_framework.mixins import UpdateModelMixin

    return (
        method == "patch"
        and actions.get("put") == "update"
        and actions.get("patch") == "partial_update"
        and getattr(view_class, "partial_update", None) is UpdateModelMixin.partial_update
    )


def _items(payload):
    if isinstance(payload, list):
        return payload
    if isinstance(payload, dict) and isinstance(payload.get("results"), list):
        return payload["results"]
    return None


def _allowed(model, user, action: str):
    """What the visibility rule lets ``user`` reach: restrict(), plus, for reading the records that
    INHERITED_FROM_ABOVE names, those of the divisions above the user's own."""
    from django.db.models import Q

    from zhenwei.core.access import user_scope

    qs = restrict(model._default_manager.all(), user, action)
    label = model._meta.label_lower
    if (
        action == "view"
        and label in READABLE_BY_ALL_STAFF
        and user is not None
        and user_scope(user).can("view")
    ):
        return model._default_manager.all()
    if action == "view" and label in INHERITED_FROM_ABOVE and user is not None:
        field = model.visibility_division_field
        ancestors = {
            "/" + "/".join(path.strip("/").split("/")[:depth]) + "/"
            for path in user_scope(user).division_paths
            for depth in range(1, len(path.strip("/").split("/")))
        }
        if ancestors and user_scope(user).can("view"):
            qs = model._default_manager.filter(
                Q(pk__in=qs.values("pk")) | Q(**{f"{field}__path__in": ancestors})
            )
    return qs


def _registry_records_in(*divisions) -> None:
    """Records of the registry (what the public check answers from) in divisions the demo data
    leaves empty: an enterprise, a product with an identity code, a certificate, an institution."""
    from zhenwei.registry.tests.factories import (
        CertificateFactory,
        EnterpriseFactory,
        IdentityCodeFactory,
        ProductFactory,
        make_fire_mark,
        make_id_number,
        make_uscc,
    )

    for i, division in enumerate(divisions):
        EnterpriseFactory(uscc=make_uscc(880 + i, division.code[:6]), name=f"矩阵单位{i}", division=division)
        product = ProductFactory(division=division, name=f"矩阵产品{i}")
        IdentityCodeFactory(code=make_fire_mark(777_000 + i), product=product)
        CertificateFactory(number=f"T{make_id_number(880 + i, division.code[:6])}", division=division)


# What the module reads of its world once (foreign records, visible values): the world does not change,
# every test's writes are rolled back. Cleared with the world.
_FOREIGN: dict[tuple, list | set] = {}


def _once(key: tuple, compute):
    if key not in _FOREIGN:
        _FOREIGN[key] = compute()
    return _FOREIGN[key]


def _foreign(model, user, action: str, limit: int = 2):
    """Records of ``model`` outside what ``user`` may see (or change), spread over the table; for
    the town officer, also one of a sibling town, one of its county and one of another province.
    Chosen once per model, principal and action for the module (every test's writes are rolled back)."""
    key = ("foreign", model, getattr(user, "pk", None), action, limit)
    return _once(key, lambda: _choose_foreign(model, user, action, limit))


def _visible_values(model, user, field: str) -> set[str]:
    """The ``field`` values of the records ``user`` may see, once per model and principal for the module."""
    key = ("visible", model, getattr(user, "pk", None), field)
    return _once(key, lambda: {str(v) for v in _allowed(model, user, "view").values_list(field, flat=True)})


def _choose_foreign(model, user, action: str, limit: int):
    allowed = _allowed(model, user, action).values("pk")
    outside = model._default_manager.exclude(pk__in=allowed).order_by("pk")
    picked = list(outside[: limit - 1]) + list(outside.reverse()[:1])
    field = getattr(model, "visibility_division_field", None)
    if user is not None and user.pk in TOWN_TARGETS and field:
        for kind, path in TOWN_TARGETS[user.pk].items():
            where = (
                {f"{field}__path": path} if kind == "parent_county" else {f"{field}__path__startswith": path}
            )
            picked += list(outside.filter(**where)[:1])
    return list({obj.pk: obj for obj in picked}.values())


def _snapshot(obj):
    return _state(type(obj), obj.pk)


def _state(model, pk):
    """The record as its fields and many-to-many relations hold it now (None once it is gone)."""
    fresh = model._default_manager.filter(pk=pk).first()
    return None if fresh is None else model_to_dict(fresh)


API = api_endpoints()


@pytest.mark.parametrize("endpoint", API, ids=[str(e) for e in API])
def test_api_endpoint_respects_visibility(endpoint, world, db):
    STATS["api_endpoints"] += 1
    view_class = endpoint.view_class
    model = _model_of(view_class) if view_class else None
    field, kwarg = _lookup(view_class) if view_class else ("pk", "pk")
    actions = endpoint.actions
    methods = [m.upper() for m in actions if not _same_code_as_put(view_class, actions, m)] or ["GET"]
    is_object_route = kwarg in endpoint.params
    route = str(endpoint)
    public = route in PUBLIC_API
    violations: list[str] = []
    admin_client = _api_client(world["admin"])
    as_admin_sees = {}  # url → the body the administrator reads there (the write probes send it back)

    def admin_body(url):
        if url not in as_admin_sees:
            fetched = admin_client.get(url, HTTP_ACCEPT="application/json")
            body = fetched.json() if fetched.status_code == 200 else {}
            as_admin_sees[url] = body if isinstance(body, dict) else {}
        return as_admin_sees[url]

    # Parameters that are not the viewset's lookup (a public code, a receipt number) get a dummy value:
    # such routes are still checked for anonymous access and server errors.
    dummy = endpoint.sample_values()
    sample = None
    if is_object_route and model is not None:
        sample = model._default_manager.order_by("pk").first()
    probe_objects = sample is not None
    if endpoint.params and not probe_objects:
        STATS["routes_without_records"] += 1

    for principal, user in world.items():
        client = _api_client(user)
        PAIRS.add((route, principal))
        if user is None:
            # Anonymous visitors: nothing but the declared public endpoints.
            url = endpoint.url(**{**dummy, **({kwarg: getattr(sample, field)} if probe_objects else {})})
            for method in methods:
                response = _request(client, method, url, {})
                if not public and response.status_code not in (401, 403, 405):
                    violations.append(f"anonymous {method} {url} → {response.status_code}")
            continue
        if public or (endpoint.params and not probe_objects):
            response = _request(client, "GET", endpoint.url(**dummy))
            if response.status_code >= 500:
                violations.append(f"{principal} GET {route} → {response.status_code}")
            continue

        if not is_object_route:
            for method in methods:
                url = endpoint.url()
                if method == "GET":
                    response = _request(
                        client, "GET", url + ("?page_size=500" if actions.get("get") == "list" else "")
                    )
                    if response.status_code >= 500:
                        violations.append(f"{principal} GET {url} → {response.status_code}")
                        continue
                    items = _items(response.json()) if response.status_code == 200 else None
                    if actions.get("get") != "list" or items is None or model is None:
                        continue
                    key = field if field != "pk" else "id"
                    allowed = _visible_values(model, user, field)
                    for item in items:
                        if not isinstance(item, dict) or key not in item:
                            STATS["unchecked_lists"] += 1
                            break
                        STATS["list_ids"] += 1
                        if str(item[key]) not in allowed:
                            violations.append(
                                f"{principal} list {url} shows {model.__name__} {item[key]} outside scope"
                            )
                elif (
                    method == "POST"
                    and model is not None
                    and actions.get("post") == "create"
                    and model._meta.label_lower not in CREATED_ELSEWHERE
                ):
                    # Creating a record in another county, with a body copied from one that exists there.
                    for obj in _foreign(model, user, "change", limit=1):
                        data = admin_body(endpoint.url() + f"{getattr(obj, field)}/")
                        outside = model._default_manager.exclude(
                            pk__in=restrict(model._default_manager.all(), user, "change").values("pk")
                        )
                        before = outside.count()
                        response = _request(client, "POST", url, data)
                        STATS["foreign_probes"] += 1
                        if response.status_code >= 500:
                            violations.append(f"{principal} POST {url} → {response.status_code}")
                        elif outside.count() > before:
                            violations.append(
                                f"{principal} POST {url} created a {model.__name__} outside its scope"
                            )
                        else:
                            STATS["writes_refused"] += 1
            continue

        # Object routes: records of other divisions must be neither readable nor writable.
        for method in methods:
            action = "view" if method in ("GET", "HEAD", "OPTIONS") else "change"
            for obj in _foreign(model, user, action):
                url = endpoint.url(**{**dummy, kwarg: getattr(obj, field)})
                STATS["foreign_probes"] += 1
                if action == "view":
                    response = _request(client, method, url)
                    if response.status_code not in DENIED:
                        violations.append(
                            f"{principal} {method} {url} ({model.__name__} outside scope) → {response.status_code}"
                        )
                    continue
                before = _snapshot(obj)
                response = _request(client, method, url, admin_body(url))
                after = _snapshot(obj)
                if 200 <= response.status_code < 300 or response.status_code >= 500 or after != before:
                    violations.append(
                        f"{principal} {method} {url} ({model.__name__} outside scope) → {response.status_code}"
                        f"{' and the record changed' if after != before else ''}"
                    )
                else:
                    STATS["writes_refused"] += 1

    assert not violations, "visibility crossed:\n" + "\n".join(violations)


PAGES = staff_pages()


@pytest.mark.parametrize("page", PAGES, ids=[str(p) for p in PAGES])
def test_staff_page_respects_visibility(page, world, staff_clients, db):
    STATS["staff_pages"] += 1
    route = str(page)
    violations: list[str] = []
    label = page.namespace
    try:
        app_models = list(apps.get_app_config(label).get_models()) if label else []
    except LookupError:
        app_models = []
    scoped_models = [m for m in app_models if getattr(m, "visibility_division_field", None)]
    keys = [p for p in page.params if p in ("pk", "id") or p.endswith(("_pk", "_id"))]
    named = page.model_for(keys[0]) if len(keys) == 1 else None
    if named is not None and getattr(named, "visibility_division_field", None):
        scoped_models = scoped_models or [named]
    if page.params and (len(page.params) != 1 or not keys or not scoped_models):
        pytest.skip(f"parameters {page.params} of {route} do not name a record of app {label!r}")

    for principal, user in world.items():
        if not page.params and principal not in LIST_PAGE_PRINCIPALS:
            continue
        client = staff_clients[principal]
        PAIRS.add((route, principal))
        if not page.params:
            STATS["requests"] += 1
            response = client.get(page.url())
            if not _same_user(response, user):
                violations.append(f"{principal} GET {route} was not served to {principal}")
            if user is None and response.status_code == 200:
                violations.append(f"anonymous GET {route} → 200")
            elif response.status_code >= 500:
                violations.append(f"{principal} GET {route} → {response.status_code}")
            continue
        key = keys[0]
        named = page.model_for(key)
        models = (
            [named]
            if named is not None and getattr(named, "visibility_division_field", None)
            else scoped_models
        )
        # Primary keys that are no record this user may see in the model(s) the page can be about.
        candidates: set[int] = set()
        for model in models:
            candidates.update(o.pk for o in _foreign(model, user, "view") if isinstance(o.pk, int))
        for model in models if named is not None else app_models:
            visible = _allowed(model, user, "view").filter(pk__in=candidates)
            candidates -= set(visible.values_list("pk", flat=True))
        if user is None:
            candidates = {
                m._default_manager.order_by("pk").values_list("pk", flat=True).first() for m in models
            }
            candidates.discard(None)
        wanted = 8 if user is not None and user.pk in TOWN_TARGETS else 3
        for pk in sorted(candidates)[:wanted]:
            url = page.url(**{key: pk})
            STATS["foreign_probes"] += 1
            STATS["requests"] += 1
            response = client.get(url)
            if not _same_user(response, user):
                violations.append(f"{principal} GET {url} was not served to {principal}")
            if response.status_code == 200:
                violations.append(f"{principal} GET {url} → 200 for a record outside scope")
            elif response.status_code >= 500:
                violations.append(f"{principal} GET {url} → {response.status_code}")
            before = {m: _state(m, pk) for m in models}
            STATS["requests"] += 1
            response = client.post(url, {})
            after = {m: _state(m, pk) for m in models}
            # A page may answer a refused POST with its form again (200) or a redirect: what counts
            # is that nothing changed.
            if response.status_code >= 500 or before != after:
                violations.append(
                    f"{principal} POST {url} → {response.status_code}{' changed the record' if before != after else ''}"
                )
            else:
                STATS["writes_refused"] += 1

    assert not violations, "visibility crossed:\n" + "\n".join(violations)
