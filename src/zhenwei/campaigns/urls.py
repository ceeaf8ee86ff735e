from django.urls import include, path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("assignments/<int:pk>/", views.assignment_update, name="assignment-update"),
    path("overdue/", views.overdue, name="overdue"),
    path("checks/", include("zhenwei.campaigns.checks_urls")),  # self-checks, certificate checks
]
