from django.urls import path

from . import views

app_name = "webwatch_public"

urlpatterns = [
    path("webwatch/official-sites/", views.official_sites_view, name="official-sites"),
]
