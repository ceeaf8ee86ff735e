from django.urls import path

from . import monitor_views, views

app_name = "tips"

urlpatterns = [
    path("", views.tip_list_view, name="list"),
    path("new/", views.tip_entry, name="new"),
    path("<int:pk>/", views.tip_detail, name="detail"),
    path("<int:pk>/identity/", views.tip_identity_view, name="identity"),
    path("<int:pk>/action/<slug:name>/", views.tip_action, name="action"),
    path("rewards/", views.reward_list_view, name="rewards"),
    path("rewards/<int:pk>/", views.reward_detail, name="reward-detail"),
    path("monitors/", monitor_views.monitor_list, name="monitors"),
    path("monitors/new/", monitor_views.monitor_new, name="monitor-new"),
    path("monitors/<int:pk>/", monitor_views.monitor_detail, name="monitor-detail"),
    path("monitors/<int:pk>/report/", monitor_views.monitor_report, name="monitor-report"),
]
