from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("", views.index, name="index"),
    path("enterprises/", views.enterprise_list, name="enterprise-list"),
    path("enterprises/new/", views.enterprise_edit, name="enterprise-new"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise-detail"),
    path("enterprises/<int:pk>/edit/", views.enterprise_edit, name="enterprise-edit"),
    path("products/", views.product_list, name="product-list"),
    path("products/new/", views.product_edit, name="product-new"),
    path("products/<int:pk>/", views.product_detail, name="product-detail"),
    path("products/<int:pk>/edit/", views.product_edit, name="product-edit"),
    path("codes/", views.code_list, name="code-list"),
    path("codes/<int:pk>/", views.code_detail, name="code-detail"),
    path("certificates/", views.certificate_list, name="certificate-list"),
    path("certificates/new/", views.certificate_edit, name="certificate-new"),
    path("certificates/<int:pk>/", views.certificate_detail, name="certificate-detail"),
    path("certificates/<int:pk>/edit/", views.certificate_edit, name="certificate-edit"),
    path("institutions/", views.institution_list, name="institution-list"),
    path("institutions/new/", views.institution_edit, name="institution-new"),
    path("institutions/<int:pk>/", views.institution_detail, name="institution-detail"),
    path("institutions/<int:pk>/edit/", views.institution_edit, name="institution-edit"),
    path(
        "institutions/<int:pk>/<slug:child>/new/", views.institution_child_new, name="institution-child-new"
    ),
    path("findings/<int:pk>/transition/", views.finding_transition, name="finding-transition"),
    path("imports/", views.import_list, name="import-list"),
    path("imports/<int:pk>/", views.import_detail, name="import-detail"),
    path("imports/<int:pk>/rejected.csv", views.import_rejected, name="import-rejected"),
    path("imports/templates/<slug:kind>.xlsx", views.import_template, name="import-template"),
]
