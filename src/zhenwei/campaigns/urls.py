from django.urls import include, path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_new, name="new"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="edit"),
    path("<int:pk>/liaisons.xlsx", views.liaison_export, {"fmt": "xlsx"}, name="liaisons-xlsx"),
    path("<int:pk>/liaisons.docx", views.liaison_export, {"fmt": "docx"}, name="liaisons-docx"),
    path("<int:pk>/phases/new/", views.phase_new, name="phase-new"),
    path("phases/<int:pk>/edit/", views.phase_edit, name="phase-edit"),
    path("phases/<int:pk>/delete/", views.phase_delete, name="phase-delete"),
    path("<int:pk>/members/new/", views.member_new, name="member-new"),
    path("members/<int:pk>/edit/", views.member_edit, name="member-edit"),
    path("members/<int:pk>/delete/", views.member_delete, name="member-delete"),
    path("<int:pk>/liaisons/new/", views.liaison_new, name="liaison-new"),
    path("liaisons/<int:pk>/edit/", views.liaison_edit, name="liaison-edit"),
    path("liaisons/<int:pk>/delete/", views.liaison_delete, name="liaison-delete"),
    path("<int:pk>/tasks/new/", views.task_new, name="task-new"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task-edit"),
    path("tasks/<int:pk>/delete/", views.task_delete, name="task-delete"),
    path("<int:pk>/duties/new/", views.duty_new, name="duty-new"),
    path("duties/<int:pk>/", views.duty_detail, name="duty-detail"),
    path("duties/<int:pk>/edit/", views.duty_edit, name="duty-edit"),
    path("duties/<int:pk>/submit/", views.duty_submit, name="duty-submit"),
    path("submissions/<int:pk>/review/", views.submission_review, name="submission-review"),
    path("<int:pk>/notices/new/", views.notice_new, name="notice-new"),
    path("notices/<int:pk>/", views.notice_detail, name="notice-detail"),
    path("assignments/<int:pk>/", views.assignment_update, name="assignment-update"),
    path("overdue/", views.overdue, name="overdue"),
    path("checks/", include("zhenwei.campaigns.checks_urls")),  # self-checks, certificate checks
]
