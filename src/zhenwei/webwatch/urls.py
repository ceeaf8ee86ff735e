from django.urls import path

from . import views

app_name = "webwatch"

urlpatterns = [
    path("", views.site_list_view, name="site-list"),
    path("new/", views.site_register_view, name="site-new"),
    path("<int:pk>/", views.site_detail_view, name="site-detail"),
    path("check/", views.check_view, name="check"),
]
