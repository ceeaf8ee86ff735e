"""FilterSets of self-checks and certificate checks, shared by the staff pages and the API."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhenwei.core.filters import DivisionSubtreeFilter, FilterSet

from .checks_choices import CheckSource, Rectification
from .models import CertificateCheck, EnterpriseSelfCheck


def rectification_q(state: str, today) -> Q:
    """Self-checks whose rectification stands in ``state`` (checks_choices.Rectification) today."""
    if state == Rectification.DONE:
        return Q(rectified_on__isnull=False)
    if state == Rectification.NONE:
        return Q(rectified_on__isnull=True, rectify_by__isnull=True)
    if state == Rectification.OVERDUE:
        return Q(rectified_on__isnull=True, rectify_by__lt=today)
    return Q(rectified_on__isnull=True, rectify_by__gte=today)


class SelfCheckFilter(FilterSet):
    # Ids, not selects: a select would list every enterprise of the platform, in scope or not.
    campaign = django_filters.NumberFilter(field_name="campaign", label=_("专项行动编号"))
    enterprise = django_filters.NumberFilter(field_name="enterprise", label=_("生产经营单位编号"))
    division = DivisionSubtreeFilter(label=_("区划代码"))
    checked_after = django_filters.DateFilter(
        field_name="checked_on", lookup_expr="gte", label=_("自查日期不早于")
    )
    checked_before = django_filters.DateFilter(
        field_name="checked_on", lookup_expr="lte", label=_("自查日期不晚于")
    )
    rectification = django_filters.ChoiceFilter(
        choices=Rectification.choices, method="filter_rectification", label=_("整改情况")
    )

    class Meta:
        model = EnterpriseSelfCheck
        fields = ["campaign", "enterprise"]

    def filter_rectification(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(rectification_q(value, timezone.localdate()))


class CertificateCheckFilter(FilterSet):
    campaign = django_filters.NumberFilter(field_name="campaign", label=_("专项行动编号"))
    enterprise = django_filters.NumberFilter(field_name="enterprise", label=_("生产经营单位编号"))
    department = django_filters.NumberFilter(field_name="department", label=_("检查部门编号"))
    division = DivisionSubtreeFilter(label=_("区划代码"))
    checked_after = django_filters.DateFilter(
        field_name="checked_on", lookup_expr="gte", label=_("检查日期不早于")
    )
    checked_before = django_filters.DateFilter(
        field_name="checked_on", lookup_expr="lte", label=_("检查日期不晚于")
    )
    source = django_filters.ChoiceFilter(choices=CheckSource.choices, label=_("登记方式"))
    found_fake = django_filters.BooleanFilter(method="filter_found_fake", label=_("发现假证"))

    class Meta:
        model = CertificateCheck
        fields = ["campaign", "enterprise", "department", "source"]

    def filter_found_fake(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(fake_found__gt=0) if value else queryset.filter(fake_found=0)
