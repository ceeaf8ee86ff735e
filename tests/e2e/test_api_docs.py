"""The API documentation page (Swagger UI) draws every section in Chromium."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_api_docs_draw_every_tag_section(live_server, page, shot):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    tags = {tag for operation in _operations(schema) for tag in operation.get("tags", [])}
    assert len(tags) > 10
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.locator(".opblock-tag-section").first.wait_for()
    page.wait_for_function(
        "n => document.querySelectorAll('.opblock-tag-section').length >= n", arg=len(tags), timeout=30000
    )
    drawn = page.locator(".opblock-tag-section h3").all_inner_texts()
    shot("docs")
    assert not errors, errors
    assert sorted(text.split("\n")[0].strip() for text in drawn) == sorted(tags)
    # A section opens on click and draws its operations; its link opens it directly (deepLinking).
    page.locator("#operations-tag-cases").click()
    page.locator(".opblock-tag-section.is-open .opblock").first.wait_for()
    assert page.locator(".opblock-tag-section.is-open .opblock").count() > 3
    page.goto(f"{live_server.url}/api/v1/docs/#/audit")
    page.locator(".opblock-tag-section.is-open .opblock").first.wait_for()
    shot("docs-section")


def _operations(schema):
    for item in schema["paths"].values():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield operation
