from django.urls import path

from . import public_views

app_name = "inspections_public"

urlpatterns = [
    path("inspections/plans/", public_views.plan_list, name="plan-list"),
    path("inspections/plans/<int:pk>/", public_views.plan_detail, name="plan-detail"),
]
