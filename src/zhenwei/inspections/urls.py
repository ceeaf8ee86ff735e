from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("", views.inspection_list, name="inspection-list"),
    path("new/", views.inspection_create, name="inspection-create"),
    path("<int:pk>/", views.inspection_detail, name="inspection-detail"),
    path("<int:pk>/judge/", views.inspection_judge, name="inspection-judge"),
    path("<int:pk>/serve/", views.inspection_step, {"step": "serve"}, name="inspection-serve"),
    path("<int:pk>/objection/", views.inspection_step, {"step": "objection"}, name="inspection-objection"),
    path("<int:pk>/samples/", views.sample_add, name="sample-add"),
    path("<int:pk>/evidence/", views.inspection_evidence, name="inspection-evidence"),
    path("samples/<int:pk>/custody/", views.sample_custody, name="sample-custody"),
    path("samples/<int:pk>/result/", views.sample_result_view, name="sample-result"),
    path("pool/", views.pool_list, name="pool"),
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/new/", views.plan_create, name="plan-create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/draw/", views.plan_draw, name="plan-draw"),
    path("plans/<int:pk>/publish/", views.plan_publish, name="plan-publish"),
]
