"""Zero 5xx from hostile input, generated from the URL resolver (tests/matrix_support.py).

Every route under /api/v1/ and /staff/ is walked with:
- hostile path parameters (non-integer, ``null,null``, beyond 64 bits, a month ``9999-99``), on every
  method the route answers, as an officer (and as a platform administrator, who reaches past the
  scope filters, in `make fuzz`);
- hostile query parameters on every list and page (integers beyond the database range, ``year=0``,
  months ``9999-99`` and ``abc``, malformed dates), named after the route's FilterSet, the query
  parameters its view reads and the usual date/number names: in `make test` every name at once, one
  request per hostile value (≈1,000 requests); in `make fuzz` (CI runs it) each name on its own as
  well (≈14,000 requests), since one name's 400 can stop a view before it reads another;
- ``OPTIONS`` on every route, as an officer and anonymously (and as the administrator in `make fuzz`);
- JSON nested 5,000 deep on every API route that takes a POST, anonymously and as an officer.

Any answer >= 500 fails, with the request that caused it. No list of endpoints is kept by hand: a
route added tomorrow is walked tomorrow.
"""

from __future__ import annotations

import inspect
import os
import re
from collections import Counter

import pytest
from django.test import Client
from rest_framework.test import APIClient

from .matrix_support import Endpoint, api_endpoints, staff_pages

HOSTILE_PATH = ["abc", "null,null", "99999999999999999999", "9999-99", "0", "a%00b"]
HOSTILE_QUERY = [
    "99999999999999999999",
    "-99999999999999999999",
    "0",
    "abc",
    "9999-99",
    "2026-13-45",
    "a\x00b",
]
# Names every list may be asked about even when its view does not declare them.
COMMON_QUERY = ["year", "month", "page", "page_size", "date", "since", "until", "start", "end", "id", "pk"]
DEEP = 5000
# "smoke" (make test): the officer only, and all of a route's query names in one request per hostile
# value; "full" (make fuzz-pages, ZHENWEI_HOSTILE=full): the administrator too, and each query name
# alone with each value as well.
FULL = os.environ.get("ZHENWEI_HOSTILE", "smoke") == "full"
PRINCIPALS = ("officer", "admin") if FULL else ("officer",)
STATS: Counter = Counter()


def _routes():
    return [*api_endpoints(), *staff_pages()]


def _id(ep: Endpoint) -> str:
    return str(ep)


def _view_query_names(ep: Endpoint) -> set[str]:
    """Query parameter names the route understands: its FilterSet's, and those its view reads."""
    names: set[str] = set(COMMON_QUERY)
    cls = ep.view_class
    filterset = getattr(cls, "filterset_class", None) if cls else None
    if filterset is not None:
        names.update(filterset.base_filters)
    for field in getattr(cls, "filterset_fields", None) or []:
        names.add(field)
    targets = [cls] if cls is not None else [ep.callback]
    for target in targets:
        try:
            source = inspect.getsource(inspect.unwrap(target))
        except (OSError, TypeError):
            continue
        names.update(re.findall(r"(?:GET|query_params)(?:\.get(?:list)?\(|\[)\s*[\"'](\w+)[\"']", source))
        for m in re.finditer(r"(\w+)\s*\(\s*request\.GET", source):  # a FilterSet built by the view
            module = inspect.getmodule(inspect.unwrap(target))
            found = getattr(module, m.group(1), None)
            if hasattr(found, "base_filters"):
                names.update(found.base_filters)
    return names


def _methods(ep: Endpoint) -> list[str]:
    if ep.actions:
        return [m.upper() for m in ep.actions]
    cls = ep.view_class
    if cls is not None:
        return [m.upper() for m in ("get", "post", "put", "patch", "delete") if hasattr(cls, m)]
    return ["GET", "POST"]


@pytest.fixture
def clients(org):
    """(API client, staff-site client) per principal of the walk."""
    users = {"officer": org.officer_a, "admin": org.admin}
    out = {}
    for principal in PRINCIPALS:
        api = APIClient(raise_request_exception=False)
        api.force_authenticate(user=users[principal])
        staff = Client(raise_request_exception=False)
        staff.force_login(users[principal])
        out[principal] = (api, staff)
    return out


def _send(client, method: str, url: str, **extra):
    STATS["requests"] += 1
    call = getattr(client, method.lower())
    if method in ("GET", "HEAD", "OPTIONS", "DELETE"):
        return call(url, HTTP_ACCEPT="application/json", **extra)
    return call(url, data={}, content_type="application/json", HTTP_ACCEPT="application/json", **extra)


def _client_for(ep: Endpoint, pair):
    api, staff = pair
    return api if str(ep).startswith("/api/") else staff


def _resolves(url: str) -> bool:
    from urllib.parse import unquote, urlsplit

    from django.urls import Resolver404, resolve

    try:
        resolve(unquote(urlsplit(url).path))
    except Resolver404:
        return False
    return True


def _check(failures, method, url, response):
    if response.status_code >= 500:
        failures.append(f"{method} {url} → {response.status_code}")


ROUTES = _routes()
WITH_PARAMS = [ep for ep in ROUTES if ep.params]
WITHOUT_PARAMS = [ep for ep in ROUTES if not ep.params and ep.name not in ("docs", "schema")]


@pytest.mark.parametrize("ep", WITH_PARAMS, ids=_id)
def test_hostile_path_parameters_are_never_a_server_error(ep, clients):
    failures: list[str] = []
    base = ep.sample_values()
    # A value the route's pattern refuses (``abc`` for an integer id) never reaches the view: the
    # resolver answers 404 whatever the value and the method, so one such URL per route is sent, with
    # GET; the values the pattern accepts go to the view with every method.
    urls: dict[str, list[str]] = {}
    refused_sent = False
    for param in ep.params:
        for value in HOSTILE_PATH:
            url = ep.url(**{**base, param: value})
            if _resolves(url):
                urls[url] = _methods(ep)
            elif not refused_sent:
                urls[url], refused_sent = ["GET"], True
    for principal in PRINCIPALS:
        client = _client_for(ep, clients[principal])
        for url, methods in urls.items():
            for method in methods:
                _check(failures, f"{principal} {method}", url, _send(client, method, url))
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("ep", [ep for ep in ROUTES if ep.name not in ("docs", "schema")], ids=_id)
def test_options_answers_on_every_route(ep, clients):
    url = ep.url(**ep.sample_values())
    failures: list[str] = []
    for principal in PRINCIPALS:
        _check(
            failures, f"{principal} OPTIONS", url, _send(_client_for(ep, clients[principal]), "OPTIONS", url)
        )
    anonymous = (APIClient if str(ep).startswith("/api/") else Client)(raise_request_exception=False)
    _check(failures, "anonymous OPTIONS", url, _send(anonymous, "OPTIONS", url))
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("ep", WITHOUT_PARAMS, ids=_id)
def test_hostile_query_parameters_are_never_a_server_error(ep, clients):
    if "GET" not in _methods(ep):
        pytest.skip("no GET")
    failures: list[str] = []
    names = sorted(_view_query_names(ep))
    client = _client_for(ep, clients["officer"])
    url = ep.url()
    for value in HOSTILE_QUERY:
        STATS["query_probes"] += 1
        response = client.get(url, dict.fromkeys(names, value), HTTP_ACCEPT="application/json")
        _check(failures, "officer GET", f"{url}?{'&'.join(f'{n}={value}' for n in names)}", response)
    if FULL:
        for name in names:
            for value in HOSTILE_QUERY:
                STATS["query_probes"] += 1
                response = client.get(url, {name: value}, HTTP_ACCEPT="application/json")
                _check(failures, "officer GET", f"{url}?{name}={value}", response)
    assert not failures, "\n".join(failures)


def _deep(n: int = DEEP) -> str:
    return '{"a":' * n + "1" + "}" * n


@pytest.mark.parametrize(
    "ep", [ep for ep in api_endpoints() if "POST" in _methods(ep) or "PUT" in _methods(ep)], ids=_id
)
def test_deeply_nested_json_is_refused_not_a_server_error(ep, clients):
    url = ep.url(**ep.sample_values())
    failures: list[str] = []
    anonymous = APIClient(raise_request_exception=False)
    for label, client in (("anonymous", anonymous), ("officer", clients["officer"][0])):
        for method in [m for m in _methods(ep) if m in ("POST", "PUT", "PATCH")]:
            for body in (_deep(), "[" * DEEP + "]" * DEEP):
                STATS["deep_json"] += 1
                response = getattr(client, method.lower())(url, data=body, content_type="application/json")
                _check(failures, f"{label} {method}", url, response)
    assert not failures, "\n".join(failures)
