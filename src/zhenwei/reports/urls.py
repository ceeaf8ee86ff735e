from django.urls import path

from . import views

app_name = "reports"

F = "form/<slug:slug>/<str:code>/<str:month>/"

urlpatterns = [
    path("", views.index, name="index"),
    path(F, views.form_page, name="form"),
    path(F + "cell/<slug:row_code>/<str:column>/", views.cell_page, name="cell"),
    path(F + "save/", views.form_save, name="form-save"),
    path(F + "adjust/", views.form_adjust, name="form-adjust"),
    path(F + "<str:action>/do/", views.form_transition, name="form-transition"),
    path(F + "export/<str:fmt_name>", views.form_export, name="form-export"),
    path(F + "departments/", views.departments_page, name="departments"),
    path(F + "departments/export.xlsx", views.departments_export, name="departments-export"),
    path(F + "department/<int:department_id>/", views.department_page, name="department"),
    path(F + "department/<int:department_id>/save/", views.department_save, name="department-save"),
    path(F + "department/<int:department_id>/fill/", views.department_fill, name="department-fill"),
    path(
        F + "department/<int:department_id>/<str:action>/do/",
        views.department_transition,
        name="department-transition",
    ),
    path("upload/", views.upload_page, name="upload"),
    path("records/", views.records_page, name="records"),
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("dashboard.json", views.dashboard_data, name="dashboard-data"),
]
