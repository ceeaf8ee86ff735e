"""/api/v1/: every app's ``api`` module contributes ``register(router)`` and ``get_urlpatterns()``.

Apps add endpoints without touching this file; the permission-matrix test walks the result.
"""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerSplitView

from zhenwei.core.api.routers import Router
from zhenwei.core.api.schema import SchemaView

app_name = "api"

router = Router(trailing_slash=True)  # integer lookups take digits only (core/api/routers.py)
extra = []
for app in settings.ZHENWEI_APPS:
    module_name = f"{app}.api"
    if find_spec(module_name) is None:
        continue
    module = import_module(module_name)
    if hasattr(module, "register"):
        module.register(router)
    if hasattr(module, "get_urlpatterns"):
        extra.extend(module.get_urlpatterns())

urlpatterns = [
    path("schema/", SchemaView.as_view(), name="schema"),  # built once per process and language
    # The split view serves Swagger UI's start-up script as a file (?script=), not inline: the CSP
    # allows no inline scripts (docs/security.md, T8a).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    *extra,
    path("", include(router.urls)),
]
