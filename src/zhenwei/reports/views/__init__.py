"""Staff pages of the report engine, one module per page family: the monthly form with its review
and uploads (``forms``), the records behind a number (``records``), per-department reporting
(``departments``), downloads (``exports``) and the dashboard (``dashboard``)."""

from .dashboard import dashboard_data, dashboard_page
from .departments import (
    department_fill,
    department_page,
    department_save,
    department_transition,
    departments_page,
)
from .exports import departments_export, form_export
from .forms import form_adjust, form_page, form_save, form_transition, index, upload_page
from .records import RECORD_FILTER_FIELDS, cell_page, records_page

__all__ = [
    "RECORD_FILTER_FIELDS",
    "cell_page",
    "dashboard_data",
    "dashboard_page",
    "department_fill",
    "department_page",
    "department_save",
    "department_transition",
    "departments_export",
    "departments_page",
    "form_adjust",
    "form_export",
    "form_page",
    "form_save",
    "form_transition",
    "index",
    "records_page",
    "upload_page",
]
