"""Admin for report templates (rows are data, editable by administrators)."""

from django.contrib import admin

from .models import MonthlyReport, ReportTemplate, TemplateRow


class RowInline(admin.TabularInline):
    model = TemplateRow
    extra = 0
    fields = ["sort", "code", "kind", "section", "group", "label", "unit", "metric"]


@admin.register(ReportTemplate)
class TemplateAdmin(admin.ModelAdmin):
    list_display = ["slug", "title", "source"]
    inlines = [RowInline]


@admin.register(MonthlyReport)
class MonthlyReportAdmin(admin.ModelAdmin):
    list_display = ["division", "template", "month", "status", "source", "submitted_at"]
    list_filter = ["status", "source", "template"]
    readonly_fields = ["values", "texts"]
