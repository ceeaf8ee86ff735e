from django.contrib import admin

from zhenwei.core.admin_mixins import AuditedAdmin

from .models import CreditEntry, Disclosure, Guide


@admin.register(Guide)
class GuideAdmin(AuditedAdmin):
    """Public education pages: administrators edit them here (audited)."""

    list_display = ["title", "slug", "topic", "is_published", "sort", "updated_at"]
    list_filter = ["topic", "is_published"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(CreditEntry)
class CreditEntryAdmin(admin.ModelAdmin):
    """Read-only here: entries change through their services (decisions with numbers and dates)."""

    list_display = [
        "subject_name",
        "credit_code",
        "list_kind",
        "decision_number",
        "decision_date",
        "division",
    ]
    list_filter = ["list_kind", "subject_kind"]
    search_fields = ["subject_name", "credit_code", "decision_number"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Disclosure)
class DisclosureAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "published_on", "withdrawn", "division"]
    list_filter = ["kind", "withdrawn"]
    search_fields = ["title", "search_text"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
