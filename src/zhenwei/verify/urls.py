from django.urls import path

from . import views

app_name = "verify"

urlpatterns = [
    path("", views.index, name="index"),
    path("suspects/<int:pk>/clear", views.suspect_clear, name="suspect-clear"),
    path("keys/", views.keys_page, name="keys"),
    path("bulk/", views.bulk_page, name="bulk"),
    path("bulk/template.csv", views.bulk_template, name="bulk-template"),
    path("certificate-pdf/", views.certificate_pdf, name="certificate-pdf"),
]
