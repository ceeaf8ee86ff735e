from django.urls import path

from . import public_views

app_name = "tips_public"

urlpatterns = [
    path("tips/new/", public_views.tip_new, name="new"),
    path("tips/status/", public_views.tip_status, name="status"),
    path("tips/divisions/", public_views.divisions, name="divisions"),
]
