from django.contrib import admin

from zhenwei.core.admin_mixins import AuditedAdmin

from .models import EliminatedProductType, Listing, LogisticsCheck, LogisticsChecklistItem


@admin.register(EliminatedProductType)
class EliminatedProductTypeAdmin(AuditedAdmin):
    list_display = [
        "name",
        "kind",
        "category",
        "notice_title",
        "notice_number",
        "effective_on",
        "source_check",
        "is_active",
    ]
    list_filter = ["kind", "source_check", "is_active"]
    search_fields = ["name", "keywords", "notice_title", "notice_number"]


@admin.register(LogisticsChecklistItem)
class LogisticsChecklistItemAdmin(AuditedAdmin):
    list_display = ["code", "group", "text", "sort", "is_active"]
    list_filter = ["group", "is_active"]


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin):
    list_display = ["platform", "seller_id", "title", "price", "is_suspicious", "checked_at"]
    list_filter = ["platform", "is_suspicious"]
    search_fields = ["title", "seller_id", "shop_name", "claimed_code"]
    readonly_fields = [f.name for f in Listing._meta.fields]


@admin.register(LogisticsCheck)
class LogisticsCheckAdmin(admin.ModelAdmin):
    list_display = ["checked_on", "enterprise", "department", "result", "failed_count"]
    list_filter = ["result"]
    readonly_fields = [f.name for f in LogisticsCheck._meta.fields]
