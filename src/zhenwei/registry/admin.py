"""Admin for platform administrators; every edit is audited (AuditedAdmin). Holder ID numbers are
never shown whole here: the staff pages show them, with the view_pii audit."""

from django.contrib import admin

from zhenwei.core.admin_mixins import AuditedAdmin
from zhenwei.core.masking import mask_id_number

from .models import (
    Certificate,
    Enterprise,
    IdentityCode,
    ImportJob,
    InstitutionFinding,
    Product,
    ProductBatch,
    TrainingInstitution,
)


@admin.register(Enterprise)
class EnterpriseAdmin(AuditedAdmin):
    list_display = ["name", "uscc", "kind", "division", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "uscc"]
    raw_id_fields = ["division"]


class BatchInline(admin.TabularInline):
    model = ProductBatch
    extra = 0


@admin.register(Product)
class ProductAdmin(AuditedAdmin):
    list_display = ["name", "model", "category", "manufacturer_name", "access_kind", "is_eliminated"]
    list_filter = ["category", "access_kind", "is_eliminated"]
    search_fields = ["name", "model", "manufacturer_name", "access_certificate_no"]
    raw_id_fields = ["division", "manufacturer"]
    inlines = [BatchInline]


@admin.register(IdentityCode)
class IdentityCodeAdmin(AuditedAdmin):
    list_display = ["code", "product", "status", "status_changed_at"]
    list_filter = ["status", "code_format"]
    search_fields = ["code"]
    raw_id_fields = ["product", "batch"]
    show_full_result_count = False  # millions of rows: no COUNT(*) on every page


@admin.register(Certificate)
class CertificateAdmin(AuditedAdmin):
    list_display = ["number", "kind", "holder_name", "masked_id", "expires_on", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["number", "holder_name_normalized"]
    exclude = ["holder_id_number"]
    readonly_fields = ["masked_id"]
    raw_id_fields = ["division", "employer"]

    @admin.display(description="身份证号码")
    def masked_id(self, obj):
        return mask_id_number(obj.holder_id_number)


class FindingInline(admin.TabularInline):
    model = InstitutionFinding
    extra = 0


@admin.register(TrainingInstitution)
class TrainingInstitutionAdmin(AuditedAdmin):
    list_display = ["name", "nature", "division"]
    list_filter = ["nature"]
    search_fields = ["name"]
    raw_id_fields = ["division", "enterprise"]
    inlines = [FindingInline]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "kind",
        "original_name",
        "status",
        "rows_read",
        "created",
        "rejected",
        "actor",
    ]
    list_filter = ["kind", "status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
