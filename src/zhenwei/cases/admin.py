from django.contrib import admin

from zhenwei.core.admin_mixins import AuditedAdmin

from .models import DeadlineRule


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(AuditedAdmin):
    list_display = ["code", "working_days", "basis"]
