from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .admin_mixins import AuditedAdmin
from .models import (
    AuditEntry,
    CalendarOverride,
    Department,
    DepartmentKind,
    Division,
    EvidenceFile,
    Membership,
    Share,
    User,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["department"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "display_name", "email", "is_active", "is_superuser"]
    fieldsets = (*BaseUserAdmin.fieldsets, ("Zhenwei", {"fields": ("display_name", "phone")}))


@admin.register(Division)
class DivisionAdmin(AuditedAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    readonly_fields = ["path"]
    autocomplete_fields = ["parent"]


@admin.register(DepartmentKind)
class DepartmentKindAdmin(AuditedAdmin):
    list_display = ["code", "name", "name_en", "sort"]


@admin.register(Department)
class DepartmentAdmin(AuditedAdmin):
    list_display = ["name", "kind", "division", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "division__name", "division__code"]
    autocomplete_fields = ["division"]


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(AuditedAdmin):
    list_display = ["date", "is_workday", "note"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log is never edited through the admin."""

    list_display = ["seq", "at", "actor_repr", "action", "model", "object_id", "object_repr"]
    list_filter = ["action", "model"]
    search_fields = ["object_id", "object_repr", "request_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EvidenceFile)
class EvidenceFileAdmin(admin.ModelAdmin):
    list_display = ["original_name", "mime_type", "size", "sha256", "created_at"]
    readonly_fields = [f.name for f in EvidenceFile._meta.fields]


@admin.register(Share)
class ShareAdmin(AuditedAdmin):
    list_display = [
        "content_type",
        "object_id",
        "kind",
        "from_department",
        "to_department",
        "acknowledged_at",
    ]
    list_filter = ["kind"]
