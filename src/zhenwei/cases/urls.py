from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="case-list"),
    path("new/", views.case_create, name="case-create"),
    path("<int:pk>/", views.case_detail, name="case-detail"),
    path("<int:pk>/transition/", views.case_transition_view, name="case-transition"),
    path("<int:pk>/actions/", views.action_add, name="action-add"),
    path("<int:pk>/share/", views.case_share, name="case-share"),
    path("<int:pk>/evidence/", views.case_evidence, name="case-evidence"),
    path("<int:pk>/note/", views.case_note_view, name="case-note"),
    path("actions/<int:pk>/complete/", views.action_complete, name="action-complete"),
    path("actions/<int:pk>/police/", views.action_police, name="action-police"),
    path("actions/<int:pk>/cancel/", views.action_cancel, name="action-cancel"),
    path("actions/<int:pk>/flow/", views.action_flow, name="action-flow"),
    path("clues/", views.clue_list_view, name="clue-list"),
    path("clues/<int:pk>/triage/", views.clue_triage_view, name="clue-triage"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/acknowledge/", views.share_ack, name="share-ack"),
    path("mine/", views.my_work, name="my-work"),
]
