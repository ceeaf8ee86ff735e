"""The URL conf of the public check (settings.PUBLIC_CHECK_URLCONF, zhenwei.verify.middleware): the product check only, the same
pattern object the API's URL list holds."""

from django.urls import include, path

from .api import get_urlpatterns

urlpatterns = [
    path("api/v1/", include([p for p in get_urlpatterns() if p.name == "verify-product"])),
]
