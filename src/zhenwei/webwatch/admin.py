from django.contrib import admin

from zhenwei.core.admin_mixins import AuditedAdmin

from .models import OfficialDomain, SiteEvidence, SuspectSite


@admin.register(OfficialDomain)
class OfficialDomainAdmin(AuditedAdmin):
    """Administrators keep the registry here; every edit is audited (AuditedAdmin)."""

    list_display = ["host", "name", "owner", "is_verification", "include_subdomains", "is_active", "sort"]
    list_filter = ["is_verification", "is_active"]
    search_fields = ["host", "name", "owner", "keywords"]

    def save_model(self, request, obj, form, change):
        from .lookalike import parse_host

        obj.host = parse_host(obj.host)[0]
        super().save_model(request, obj, form, change)


class SiteEvidenceInline(admin.TabularInline):
    model = SiteEvidence
    extra = 0
    readonly_fields = ["url", "sha256", "captured_at", "evidence", "note"]
    can_delete = False


@admin.register(SuspectSite)
class SuspectSiteAdmin(admin.ModelAdmin):
    """Read-only here: the ledger moves through its services (staff pages and API)."""

    list_display = ["host", "kind", "status", "division", "discovered_on", "referred_on", "blocked_on"]
    list_filter = ["kind", "status"]
    search_fields = ["host", "url", "title"]
    inlines = [SiteEvidenceInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
