from django.urls import path

from . import views

app_name = "verify_public"

urlpatterns = [
    path("verify/", views.product_page, name="product"),
    path("verify/p/<str:code>", views.product_page, name="label"),
    path("verify/certificate/", views.certificate_page, name="certificate"),
    path("verify/qr/", views.qr_page, name="qr"),
    path(".well-known/zhenwei/trust-list.json", views.trust_list_json, name="trust-list"),
]
