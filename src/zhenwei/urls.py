"""Root URLs. Each app contributes ``urls.py`` (staff pages under /staff/<app>/) and
``public_urls.py`` (public pages, mounted at the site root, paths chosen by the app)."""

from importlib.util import find_spec

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from zhenwei.core import views as core_views
from zhenwei.core.params import bound_int_converters
from zhenwei.security import views as security_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("zhenwei.api_urls")),
    # Password step (throttled by django-axes), then the two-factor step (zhenwei.security).
    path("accounts/login/", security_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/2fa/", include("zhenwei.security.urls")),
]

for app in settings.ZHENWEI_APPS:
    label = app.rsplit(".", 1)[1]
    if find_spec(f"{app}.urls") is not None:
        urlpatterns.append(path("staff/" if label == "core" else f"staff/{label}/", include(f"{app}.urls")))
    if find_spec(f"{app}.public_urls") is not None:
        urlpatterns.append(path("", include(f"{app}.public_urls")))

# Path ids the database cannot hold are 404 on every page and API route (zhenwei.core.params).
bound_int_converters(urlpatterns)

handler400 = "zhenwei.core.views.error_400"
handler404 = "zhenwei.core.views.error_404"
handler500 = "zhenwei.core.views.error_500"
handler403 = "zhenwei.core.views.error_403"
