from django.contrib import admin

from zhenwei.core.admin_mixins import AuditedAdmin

from .models import ProductCategory, RoutingRule


@admin.register(ProductCategory)
class ProductCategoryAdmin(AuditedAdmin):
    list_display = ["code", "name", "parent", "is_fire_product", "sort"]
    search_fields = ["code", "name"]


@admin.register(RoutingRule)
class RoutingRuleAdmin(AuditedAdmin):
    list_display = [
        "purpose",
        "category",
        "division",
        "domain",
        "outcome",
        "department_kind",
        "role",
        "is_active",
    ]
    list_filter = ["purpose", "role", "domain", "is_active"]
