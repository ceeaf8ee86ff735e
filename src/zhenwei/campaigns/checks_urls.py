"""Staff pages of self-checks and certificate checks, under /staff/campaigns/checks/ (names in the
"campaigns" namespace)."""

from django.urls import path

from . import checks_views as views

urlpatterns = [
    path("selfchecks/", views.selfcheck_list, name="selfcheck-list"),
    path("selfchecks/new/", views.selfcheck_new, name="selfcheck-new"),
    path("selfchecks/<int:pk>/", views.selfcheck_detail, name="selfcheck-detail"),
    path("selfchecks/<int:pk>/edit/", views.selfcheck_edit, name="selfcheck-edit"),
    path("selfchecks/<int:pk>/rectify/", views.selfcheck_rectify, name="selfcheck-rectify"),
    path("certificatechecks/", views.certcheck_list, name="certcheck-list"),
    path("certificatechecks/new/", views.certcheck_new, name="certcheck-new"),
    path("certificatechecks/upload/", views.certcheck_upload, name="certcheck-upload"),
    path("certificatechecks/<int:pk>/", views.certcheck_detail, name="certcheck-detail"),
    path("certificatechecks/<int:pk>/edit/", views.certcheck_edit, name="certcheck-edit"),
    path("certificatechecks/<int:pk>/open-case/", views.certcheck_open_case, name="certcheck-open-case"),
]
