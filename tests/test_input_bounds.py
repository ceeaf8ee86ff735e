"""The defects of issue 14's "zero 5xx" item, one test each, and the registry checks that keep the
guards in the single places every input passes through (docs/security.md, T55–T59).

The walk over every route is tests/test_no_server_errors.py; schemathesis is fuzz/test_schemathesis.py (make fuzz).
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil

import django_filters
import pytest
from django.test import Client
from rest_framework.test import APIClient

import zhenwei
from zhenwei.core.api.parsers import MAX_JSON_DEPTH
from zhenwei.core.params import InvalidParameter, parse_id, parse_month, parse_year

from .matrix_support import api_endpoints

DEEP = 5000


def _api(user=None) -> APIClient:
    client = APIClient(raise_request_exception=False)
    if user is not None:
        client.force_authenticate(user=user)
    return client


def _staff(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


# The defects as filed --------------------------------------------------------------------------


def test_credit_export_format_csv_gives_the_csv(org):
    client = _api(org.officer_a)
    response = client.get("/api/v1/credit/export/?format=csv")
    assert response.status_code == 200, response.content[:200]
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="credit-list.csv"' in response["Content-Disposition"]
    response = client.get("/api/v1/credit/export/?format=json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    response = client.get("/api/v1/credit/export/?format=xml")
    assert response.status_code == 400 and "format" in response.json()["detail"]


def test_the_schema_documents_format_as_the_exports_own_parameter():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/v1/credit/export/"]["get"]
    (param,) = [p for p in operation["parameters"] if p["name"] == "format"]
    assert param["schema"]["enum"] == ["csv", "json"]
    assert set(operation["responses"]["200"]["content"]) == {"application/json", "text/csv"}


@pytest.mark.parametrize("url", ["/api/v1/credit/public/disclosures/", "/api/v1/credit/disclosures/"])
def test_year_zero_on_the_disclosure_lists_is_400(org, url):
    response = _api(org.officer_a).get(url, {"year": 0})
    assert response.status_code == 400, response.content[:300]
    assert "year" in response.json()["detail"]


@pytest.mark.parametrize("year", ["0", "10000", "abc", "99999999999999999999"])
def test_dashboard_year_out_of_range_is_400(org, year):
    response = _api(org.officer_a).get("/api/v1/reports/dashboard/", {"year": year})
    assert response.status_code == 400, response.content[:300]
    assert "year" in response.json()["detail"]
    response = _staff(org.officer_a).get("/staff/reports/dashboard.json", {"year": year})
    assert response.status_code == 400


@pytest.mark.parametrize("pk", ["null,null", "abc", "99999999999999999999", "1.5"])
def test_a_detail_route_given_no_integer_id_is_404(org, pk):
    client = _api(org.officer_a)
    assert client.post(f"/api/v1/credit/entries/{pk}/publish/", {}, format="json").status_code == 404
    assert client.get(f"/api/v1/credit/entries/{pk}/").status_code == 404
    assert client.post(f"/api/v1/case-shares/{pk}/acknowledge/", {}, format="json").status_code == 404


def test_the_schema_says_integer_ids_are_digits():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    (param,) = schema["paths"]["/api/v1/credit/entries/{id}/publish/"]["post"]["parameters"]
    assert param["schema"]["type"] == "integer"


def test_a_staff_page_given_an_id_beyond_the_database_is_404(org):
    client = _staff(org.officer_a)
    assert client.get("/staff/cases/99999999999999999999/").status_code == 404
    assert client.get("/staff/inspections/new/?target=abc").status_code == 400


def test_options_on_notification_preferences_answers(org):
    response = _api(org.officer_a).options("/api/v1/notifications/preferences/")
    assert response.status_code == 200, response.content[:300]


@pytest.mark.parametrize("url", ["/api/v1/verify/certificate", "/api/v1/verify/qr", "/api/v1/tips/public/"])
@pytest.mark.parametrize("body", ['{"a":' * DEEP + "1" + "}" * DEEP, "[" * DEEP + "]" * DEEP])
def test_json_nested_5000_deep_is_400_on_the_anonymous_posts(url, body, db):
    response = _api().post(url, data=body, content_type="application/json")
    assert response.status_code == 400, response.content[:300]
    assert "JSON" in response.json()["detail"]


def test_json_just_within_the_bound_still_parses(org):
    nested = '{"a":' * (MAX_JSON_DEPTH - 1) + "1" + "}" * (MAX_JSON_DEPTH - 1)
    body = '{"number": "x", "holder": "y", "extra": ' + nested + "}"
    response = _api().post("/api/v1/verify/certificate", data=body, content_type="application/json")
    assert response.status_code < 500 and "JSON" not in str(response.content[:300])


@pytest.mark.parametrize("month", ["9999-99", "0000-01", "2026-13", "abc", "2026-00"])
def test_a_report_url_with_an_impossible_month_is_404(org, month):
    slug = "cert-campaign-monthly"  # a template every database has (a data migration adds it)
    response = _staff(org.officer_a).get(f"/staff/reports/form/{slug}/{org.a.code}/{month}/")
    assert response.status_code == 404
    response = _api(org.officer_a).get(f"/api/v1/reports/forms/{slug}/{org.a.code}/{month}/")
    assert response.status_code == 400 and "month" in response.json()["detail"]


@pytest.mark.parametrize("month", ["abc", "9999-99", "2026"])
def test_staff_reports_month_filter_that_is_no_month_is_400(org, month):
    response = _staff(org.officer_a).get("/staff/reports/", {"month": month})
    assert response.status_code == 400
    assert "month" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/staff/cases/?department=99999999999999999999",
        "/staff/tips/?lead_department=99999999999999999999",
        "/staff/registry/codes/?product=99999999999999999999",
        "/staff/joint/decisions/?campaign=-99999999999999999999",
    ],
)
def test_staff_list_filters_beyond_the_database_range_are_refused_not_500(org, url):
    response = _staff(org.officer_a).get(url)
    assert response.status_code == 200  # the list, with the filter's error on the form


@pytest.mark.parametrize(
    "url", ["/staff/reports/?division=a%00b", "/api/v1/notifications/?kind=%00", "/staff/cases/clues/%00/"]
)
def test_a_nul_character_in_the_path_or_query_is_400(org, url):
    """PostgreSQL cannot compare text with NUL: the driver's ValueError was a 500 on a dozen routes."""
    staff = url.startswith("/staff/")
    response = (_staff if staff else _api)(org.officer_a).get(url)
    assert response.status_code == 400, response.content[:200]


def test_api_list_filter_beyond_the_database_range_is_400(org):
    response = _api(org.officer_a).get("/api/v1/cases/", {"department": "99999999999999999999"})
    assert response.status_code == 400 and "department" in response.json()["detail"]


# The one parser of months, years and ids -------------------------------------------------------


def test_parse_month_year_id():
    assert parse_month("2026-02") == dt.date(2026, 2, 1)
    assert parse_month("2026-2-17") == dt.date(2026, 2, 1)
    assert parse_month(dt.date(2026, 12, 31)) == dt.date(2026, 12, 1)
    for bad in ("9999-99", "0000-01", "abc", "", None, "2026", "2026-13"):
        with pytest.raises(InvalidParameter):
            parse_month(bad)
    assert parse_year("2026") == 2026 and parse_year("", default=2025) == 2025
    for bad in ("0", "10000", "abc", "-1"):
        with pytest.raises(InvalidParameter):
            parse_year(bad)
    assert parse_id("7") == 7
    for bad in ("0", "-1", "abc", "null,null", "9" * 20):
        with pytest.raises(InvalidParameter):
            parse_id(bad)


# Registry checks: the guards stay where every input passes through ----------------------------


def _project_modules():
    for info in pkgutil.walk_packages(zhenwei.__path__, "zhenwei."):
        if ".tests" in info.name or ".migrations" in info.name or info.name.startswith("zhenwei.settings"):
            continue
        yield importlib.import_module(info.name)


def test_every_filterset_of_the_platform_bounds_its_numbers():
    from zhenwei.core.filters import BoundedFilterSetMixin

    found = []
    for module in _project_modules():
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, django_filters.FilterSet) and cls.__module__ == module.__name__:
                found.append(cls)
                assert issubclass(cls, BoundedFilterSetMixin), (
                    f"{cls.__module__}.{cls.__name__} must derive from zhenwei.core.filters.FilterSet"
                )
                for name, f in cls.base_filters.items():
                    if isinstance(f, django_filters.NumberFilter):
                        assert {"min_value", "max_value"} <= set(f.extra), f"{cls.__name__}.{name}"
    assert len(found) >= 10


def test_every_api_view_parses_json_with_the_bounded_parser():
    from rest_framework.parsers import JSONParser as DRFJSONParser

    from zhenwei.core.api.parsers import JSONParser

    checked = 0
    for ep in api_endpoints():
        cls = ep.view_class
        if cls is None:
            continue
        holders = [cls] + [getattr(cls, a, None) for a in ep.actions.values()]
        for holder in holders:
            classes = list(getattr(holder, "parser_classes", None) or [])
            if holder is not cls:
                classes = list((getattr(holder, "kwargs", None) or {}).get("parser_classes", []))
            for parser in classes:
                if issubclass(parser, DRFJSONParser):
                    checked += 1
                    assert issubclass(parser, JSONParser), f"{ep}: {parser} does not bound JSON nesting"
    assert checked > 50


def test_every_model_has_an_integer_primary_key():
    """The API router gives viewsets that build their queryset per request the integer lookup
    pattern (zhenwei.core.api.routers.lookup_is_integer): true while every model's key is an integer."""
    from django.apps import apps
    from django.db import models

    # Models no route serves, each with its reason.
    unrouted = {
        "RateCounter": "rate-limit counters keyed by their cache key (security.cache); no API or page"
    }
    for model in apps.get_models():
        if not model.__module__.startswith("zhenwei.") or model.__name__ in unrouted:
            continue
        pk = model._meta.pk
        if isinstance(pk, models.OneToOneField | models.ForeignKey):
            pk = pk.target_field
        assert isinstance(pk, models.IntegerField | models.AutoField), f"{model.__name__}: {pk!r}"


def test_every_api_route_with_an_integer_lookup_takes_digits_only():
    from zhenwei.core.api.routers import lookup_is_integer

    checked = 0
    for ep in api_endpoints():
        cls = ep.view_class
        if cls is None or not ep.actions or not lookup_is_integer(cls):
            continue
        kwarg = getattr(cls, "lookup_url_kwarg", None) or getattr(cls, "lookup_field", "pk")
        if kwarg in ep.params:
            checked += 1
            assert f"(?P<{kwarg}>[0-9]{{1,18}})" in ep.route, ep.route
    assert checked > 50


def test_a_nul_character_in_a_json_string_is_400(db):
    """Found by schemathesis on PostgreSQL (POST /api/v1/tips/, /inspections/, /webwatch/sites/): text
    or jsonb with NUL is a driver DataError, a 500."""
    body = '{"content": "a\\u0000b", "extra": {"k\\u0000": 1}}'
    response = _api().post("/api/v1/tips/public/", data=body, content_type="application/json")
    assert response.status_code == 400 and "NUL" in response.json()["detail"]


def test_a_nul_that_slips_past_the_parsers_is_400_not_500():
    from django.db import DataError

    from zhenwei.security.api_errors import exception_handler

    response = exception_handler(DataError("PostgreSQL text fields cannot contain NUL (0x00) bytes"), {})
    assert response.status_code == 400
