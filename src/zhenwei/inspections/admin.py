from django.contrib import admin

from zhenwei.core.admin_mixins import AuditedAdmin

from .models import ChecklistItem, ConflictDeclaration, PoolInspector


@admin.register(ChecklistItem)
class ChecklistItemAdmin(AuditedAdmin):
    list_display = ["category", "code", "group", "text", "failure_reason", "is_active"]
    list_filter = ["category", "group"]


@admin.register(PoolInspector)
class PoolInspectorAdmin(AuditedAdmin):
    list_display = ["name", "division", "department", "employer", "is_active"]
    raw_id_fields = ["user", "employer"]


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(AuditedAdmin):
    list_display = ["inspector", "enterprise", "reason", "declared_on"]
    raw_id_fields = ["enterprise"]
