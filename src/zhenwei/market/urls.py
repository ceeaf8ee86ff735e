from django.urls import path

from . import views

app_name = "market"

urlpatterns = [
    path("listings/", views.listing_list, name="listing-list"),
    path("listings/<int:pk>/", views.listing_detail, name="listing-detail"),
    path("sellers/", views.sellers, name="sellers"),
    path("eliminated/", views.eliminated_list, name="eliminated-list"),
    path("logistics/", views.logistics_list, name="logistics-list"),
    path("logistics/new/", views.logistics_new, name="logistics-new"),
    path("logistics/<int:pk>/", views.logistics_detail, name="logistics-detail"),
]
