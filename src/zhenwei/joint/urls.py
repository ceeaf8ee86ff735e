from django.urls import path

from . import destruction_views, views

app_name = "joint"

urlpatterns = [
    path("", views.index, name="index"),
    path("meetings/", views.meeting_list, name="meeting-list"),
    path("meetings/new/", views.meeting_new, name="meeting-new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/prepare/", views.meeting_prepare, name="meeting-prepare"),
    path("meetings/<int:pk>/minutes.docx", views.meeting_minutes, name="meeting-minutes"),
    path("decisions/", views.decision_list, name="decision-list"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision-detail"),
    path("actions/", views.action_list, name="action-list"),
    path("actions/new/", views.action_new, name="action-new"),
    path("actions/<int:pk>/", views.action_detail, name="action-detail"),
    path("actions/<int:pk>/unlink/<int:link_pk>/", views.action_unlink, name="action-unlink"),
    path("destructions/", views.destruction_list, name="destruction-list"),
    path("destructions/<int:pk>/", views.destruction_detail, name="destruction-detail"),
    path("destructions/new/", destruction_views.destruction_new, name="destruction-new"),
    path("destructions/new/item-row/", destruction_views.destruction_item_row, name="destruction-item-row"),
    path(
        "destructions/new/item-remove/",
        destruction_views.destruction_item_remove,
        name="destruction-item-remove",
    ),
    path("publicity/", views.publicity_list, name="publicity-list"),
    path("publicity/new/", views.publicity_new, name="publicity-new"),
    path("publicity/<int:pk>/", views.publicity_detail, name="publicity-detail"),
    path("urgent/", views.urgent_list, name="urgent-list"),
    path("urgent/new/", views.urgent_new, name="urgent-new"),
    path("urgent/<int:pk>/", views.urgent_detail, name="urgent-detail"),
    path("campaigns/<int:pk>/", views.campaign_progress, name="campaign-progress"),
]
