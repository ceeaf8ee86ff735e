"""Admin views of verification data: read-only where the records are logs or key material."""

from django.contrib import admin

from .models import ScanEvent, SigningKey, SuspectCode


@admin.register(SigningKey)
class SigningKeyAdmin(admin.ModelAdmin):
    """Public halves only; keys are created, rotated and revoked with ``zhenwei keys``."""

    list_display = ["kid", "algorithm", "status", "created_at", "retired_at", "revoked_at"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in SigningKey._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ScanEvent)
class ScanEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "code", "verdict", "network", "division", "agent_class", "label_valid"]
    list_filter = ["verdict", "agent_class"]
    search_fields = ["code"]
    date_hierarchy = "created_at"
    raw_id_fields = ["identity_code", "division"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SuspectCode)
class SuspectCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "reason", "status", "division", "flagged_at", "cleared_at"]
    list_filter = ["status", "reason"]
    search_fields = ["code"]
    raw_id_fields = ["identity_code", "division", "clue", "cleared_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
