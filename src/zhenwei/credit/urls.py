from django.urls import path

from . import views

app_name = "credit"

urlpatterns = [
    path("", views.entry_list_view, name="entry-list"),
    path("new/", views.entry_new_view, name="entry-new"),
    path("<int:pk>/", views.entry_detail_view, name="entry-detail"),
    path("export.<str:fmt>", views.export_view, name="export"),
    path("disclosures/", views.disclosure_list_view, name="disclosure-list"),
    path("disclosures/new/<str:label>/<int:pk>/", views.disclosure_new_view, name="disclosure-new"),
    path("disclosures/<int:pk>/withdraw/", views.disclosure_withdraw_view, name="disclosure-withdraw"),
]
