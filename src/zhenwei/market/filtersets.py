"""FilterSets shared by the staff pages and the API."""

import django_filters
from django.utils.translation import gettext_lazy

from zhenwei.core.filters import FilterSet

from .choices import CheckResult, FindingCode
from .models import Listing, LogisticsCheck


class ListingFilter(FilterSet):
    q = django_filters.CharFilter(
        field_name="title_normalized", lookup_expr="icontains", label=gettext_lazy("标题含")
    )
    finding = django_filters.ChoiceFilter(
        choices=FindingCode.choices, method="filter_finding", label=gettext_lazy("发现")
    )
    category = django_filters.CharFilter(field_name="category__code", label=gettext_lazy("类别代码"))

    class Meta:
        model = Listing
        fields = ["platform", "seller_id", "is_suspicious"]

    def filter_finding(self, queryset, name, value):
        # JSON containment is not portable to SQLite; a text match on the stored code is.
        return queryset.filter(findings__icontains=f'"{value}"') if value else queryset


class LogisticsCheckFilter(FilterSet):
    result = django_filters.ChoiceFilter(choices=CheckResult.choices, label=gettext_lazy("结论"))
    checked_after = django_filters.DateFilter(
        field_name="checked_on", lookup_expr="gte", label=gettext_lazy("检查日期不早于")
    )

    class Meta:
        model = LogisticsCheck
        fields = ["result", "enterprise", "department"]
