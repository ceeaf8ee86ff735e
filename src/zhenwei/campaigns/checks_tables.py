"""django-tables2 tables of the self-check and certificate-check lists."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .checks_choices import Rectification
from .models import CertificateCheck, EnterpriseSelfCheck


class SelfCheckTable(tables.Table):
    checked_on = tables.LinkColumn(
        "campaigns:selfcheck-detail", args=[tables.A("pk")], verbose_name=_("自查日期")
    )
    enterprise = tables.Column(verbose_name=_("生产经营单位"))
    division = tables.Column(verbose_name=_("行政区划"))
    rectification = tables.Column(empty_values=(), orderable=False, verbose_name=_("整改情况"))

    class Meta:
        model = EnterpriseSelfCheck
        fields = [
            "checked_on",
            "enterprise",
            "division",
            "persons_checked",
            "fake_found",
            "expired_found",
            "reported",
            "rectify_by",
            "rectified_on",
            "rectification",
            "campaign",
        ]
        attrs = {"class": "table", "id": "selfcheck-table"}
        row_attrs = {"class": lambda record: record.rectification_status()}

    def render_rectification(self, record):
        return Rectification(record.rectification_status()).label


class CertificateCheckTable(tables.Table):
    checked_on = tables.LinkColumn(
        "campaigns:certcheck-detail", args=[tables.A("pk")], verbose_name=_("检查日期")
    )
    enterprise = tables.Column(verbose_name=_("生产经营单位"))
    department = tables.Column(verbose_name=_("检查部门"))
    case = tables.Column(verbose_name=_("案件"), empty_values=(), orderable=False)

    class Meta:
        model = CertificateCheck
        fields = [
            "checked_on",
            "enterprise",
            "department",
            "source",
            "persons_checked",
            "fake_found",
            "expired_found",
            "missing_found",
            "persons_reported",
            "ordered_to_rectify",
            "suspended",
            "case",
        ]
        attrs = {"class": "table", "id": "certcheck-table"}

    def render_case(self, record):
        return str(record.case) if record.case_id else "—"
