from django.urls import path

from . import fire_views, ledger_views, views

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
    path("<int:pk>/ledger/", ledger_views.inspection_ledger, name="inspection-ledger"),
    path("ledger-entries/<int:pk>/clue/", ledger_views.ledger_entry_clue, name="ledger-entry-clue"),
    path("fires/", fire_views.fire_list, name="fire-list"),
    path("fires/new/", fire_views.fire_new, name="fire-new"),
    path("fires/<int:pk>/", fire_views.fire_detail, name="fire-detail"),
    path("fires/<int:pk>/clues/", fire_views.fire_investigation_clues, name="fire-clues"),
    path("fire-products/<int:pk>/trace/", fire_views.fire_product_trace, name="fire-product-trace"),
    path("fire-products/<int:pk>/clues/", fire_views.fire_product_clues, name="fire-product-clues"),
    path("rows/<slug:kind>/", fire_views.form_row, name="form-row"),
    path("rows-remove/", fire_views.form_row_remove, name="form-row-remove"),
]
