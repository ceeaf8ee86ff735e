from django.urls import path

from . import views

app_name = "credit_public"

urlpatterns = [
    path("credit/", views.public_index_view, name="index"),
    path("credit/disclosures/", views.public_disclosure_list_view, name="disclosure-list"),
    path("credit/disclosures/<int:pk>/", views.public_disclosure_detail_view, name="disclosure-detail"),
    path("credit/list/", views.public_credit_list_view, name="credit-list"),
    path("credit/guides/", views.guide_list_view, name="guide-list"),
    path("credit/guides/<slug:slug>/", views.guide_detail_view, name="guide-detail"),
    path("credit/poster.pdf", views.poster_view, name="poster"),
]
