"""django-tables2 tables of the staff list pages."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy

from zhenwei.core.masking import mask_id_number

from .models import Certificate, Enterprise, IdentityCode, ImportJob, Product, TrainingInstitution


class EnterpriseTable(tables.Table):
    name = tables.LinkColumn(
        "registry:enterprise-detail", args=[tables.A("pk")], verbose_name=gettext_lazy("名称")
    )

    class Meta:
        model = Enterprise
        fields = ["name", "uscc", "kind", "division", "address", "legal_representative"]
        attrs = {"class": "table"}


class ProductTable(tables.Table):
    name = tables.LinkColumn(
        "registry:product-detail", args=[tables.A("pk")], verbose_name=gettext_lazy("产品名称")
    )

    class Meta:
        model = Product
        fields = [
            "name",
            "model",
            "category",
            "manufacturer_name",
            "access_kind",
            "access_certificate_no",
            "division",
        ]
        attrs = {"class": "table"}


class IdentityCodeTable(tables.Table):
    code = tables.LinkColumn(
        "registry:code-detail", args=[tables.A("pk")], verbose_name=gettext_lazy("标识码")
    )

    class Meta:
        model = IdentityCode
        fields = ["code", "product", "batch", "status", "status_changed_at"]
        attrs = {"class": "table"}


class CertificateTable(tables.Table):
    number = tables.LinkColumn(
        "registry:certificate-detail", args=[tables.A("pk")], verbose_name=gettext_lazy("证书编号")
    )
    holder_id_number = tables.Column(verbose_name=gettext_lazy("身份证号码"), orderable=False)
    effective = tables.Column(verbose_name=gettext_lazy("当前状态"), empty_values=(), orderable=False)

    class Meta:
        model = Certificate
        fields = [
            "number",
            "kind",
            "holder_name",
            "holder_id_number",
            "operation_item",
            "expires_on",
            "status",
        ]
        sequence = [
            "number",
            "kind",
            "holder_name",
            "holder_id_number",
            "operation_item",
            "expires_on",
            "status",
            "effective",
        ]
        attrs = {"class": "table"}

    def __init__(self, *args, shown_ids: dict[int, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.shown_ids = shown_ids or {}

    def render_holder_id_number(self, value, record):
        return self.shown_ids.get(record.pk, mask_id_number(value))

    def render_effective(self, record):
        from .choices import CertificateStatus

        return CertificateStatus(record.effective_status()).label


class InstitutionTable(tables.Table):
    name = tables.LinkColumn(
        "registry:institution-detail", args=[tables.A("pk")], verbose_name=gettext_lazy("名称")
    )
    open_findings = tables.Column(verbose_name=gettext_lazy("待整改问题"))
    event_count = tables.Column(verbose_name=gettext_lazy("培训次数"))

    class Meta:
        model = TrainingInstitution
        fields = ["name", "nature", "claimed_affiliation", "division", "open_findings", "event_count"]
        attrs = {"class": "table"}


class ImportJobTable(tables.Table):
    original_name = tables.LinkColumn(
        "registry:import-detail", args=[tables.A("pk")], verbose_name=gettext_lazy("文件")
    )

    class Meta:
        model = ImportJob
        fields = [
            "created_at",
            "kind",
            "original_name",
            "status",
            "rows_read",
            "created",
            "updated",
            "unchanged",
            "rejected",
            "actor",
        ]
        attrs = {"class": "table"}
