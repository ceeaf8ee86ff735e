from django.db import connection
from django.test.utils import CaptureQueriesContext


def test_healthz_answers_without_touching_the_database(client, db):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert len(ctx.captured_queries) == 0


def test_api_requires_authentication_with_json_detail(api_client, db):
    response = api_client.get("/api/v1/departments/")
    assert response.status_code in (401, 403)
    assert "detail" in response.json()


def test_department_list_is_restricted_to_scope(org, as_user):
    codes = {
        d["division_code"]
        for d in as_user(org.officer_b).get("/api/v1/departments/?page_size=500").json()["results"]
    }
    assert codes == {org.b.code}


def test_department_of_sibling_county_is_404(org, as_user):
    other = org.dept(org.a, "market")
    assert as_user(org.officer_b).get(f"/api/v1/departments/{other.pk}/").status_code == 404


def test_unknown_api_path_is_json_404(api_client, db):
    response = api_client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_token_authentication(org, api_client):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("token", "create", "officer_a", stdout=out)
    token = out.getvalue().strip()
    assert len(token) == 40 and "\n" not in token
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api_client.get("/api/v1/me/").json()
    assert me["username"] == "officer_a" and "pii" in me["capabilities"]


def test_openapi_schema_builds(api_client, db):
    response = api_client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    assert "/api/v1/departments/" in response.json()["paths"]


def test_openapi_schema_is_built_once_per_language_and_equals_drf_spectacular(api_client, db, monkeypatch):
    from drf_spectacular.generators import SchemaGenerator

    from zhenwei.core.api import schema

    schema._document.cache_clear()
    built = []
    real = SchemaGenerator.get_schema

    def counting(self, *args, **kwargs):
        built.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(SchemaGenerator, "get_schema", counting)
    first = api_client.get("/api/v1/schema/?format=json").json()
    again = api_client.get("/api/v1/schema/?format=json", HTTP_AUTHORIZATION="Token nothing").json()
    english = api_client.get("/api/v1/schema/?format=json&lang=en").json()
    assert len(built) == 2  # one per language, whoever asks
    assert first == again
    # What drf-spectacular's own view answers, and the language is the document's.
    from drf_spectacular.views import SpectacularAPIView
    from rest_framework.test import APIRequestFactory

    request = APIRequestFactory().get("/api/v1/schema/?format=json&lang=en")
    direct = SpectacularAPIView.as_view()(request)
    direct.render()
    import json

    assert json.loads(direct.content) == english
    assert english != first


def test_audit_endpoint_needs_audit_capability(org, as_user):
    assert as_user(org.officer_a).get("/api/v1/audit/").status_code == 403
    assert as_user(org.office_p).get("/api/v1/audit/").status_code == 200


def test_security_headers_everywhere(client, db):
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Request-ID"]
