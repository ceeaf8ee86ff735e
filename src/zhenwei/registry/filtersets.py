"""One FilterSet per list, shared by the staff pages and the API."""

import datetime as dt

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy

from zhenwei.catalog.models import ProductCategory
from zhenwei.core.filters import FilterSet
from zhenwei.core.text import normalize

from .choices import (
    AccessKind,
    CertificateKind,
    CertificateStatus,
    CodeStatus,
    EnterpriseKind,
    InstitutionNature,
)
from .models import Certificate, Enterprise, IdentityCode, Product, TrainingInstitution
from .validators import normalize_identity_code


class EnterpriseFilter(FilterSet):
    q = filters.CharFilter(method="search", label=gettext_lazy("名称/信用代码"))
    kind = filters.ChoiceFilter(choices=EnterpriseKind.choices, label=gettext_lazy("类型"))
    division = filters.CharFilter(method="in_division", label=gettext_lazy("区划代码"))

    class Meta:
        model = Enterprise
        fields = ["q", "kind", "division", "is_production", "is_circulation", "is_construction", "is_use"]

    def search(self, qs, name, value):
        return qs.filter(Q(name_normalized__contains=normalize(value)) | Q(uscc=value.strip().upper()))

    def in_division(self, qs, name, value):
        return qs.filter(division__path__contains=f"/{value.strip()}/")


class ProductFilter(FilterSet):
    q = filters.CharFilter(method="search", label=gettext_lazy("名称/型号/生产企业"))
    category = filters.ModelChoiceFilter(queryset=ProductCategory.objects.all(), label=gettext_lazy("类别"))
    access_kind = filters.ChoiceFilter(choices=AccessKind.choices, label=gettext_lazy("准入方式"))

    class Meta:
        model = Product
        fields = ["q", "category", "access_kind", "is_eliminated"]

    def search(self, qs, name, value):
        return qs.filter(
            Q(name__icontains=value) | Q(model__icontains=value) | Q(manufacturer_name__icontains=value)
        )


class IdentityCodeFilter(FilterSet):
    code = filters.CharFilter(method="by_code", label=gettext_lazy("标识码"))
    status = filters.ChoiceFilter(choices=CodeStatus.choices, label=gettext_lazy("状态"))
    product = filters.NumberFilter(field_name="product_id", label=gettext_lazy("产品"))

    class Meta:
        model = IdentityCode
        fields = ["code", "status", "product"]

    def by_code(self, qs, name, value):
        value = normalize_identity_code(value)
        return qs.filter(code__startswith=value) if len(value) < 14 else qs.filter(code=value)


class CertificateFilter(FilterSet):
    q = filters.CharFilter(method="search", label=gettext_lazy("证书编号/姓名"))
    kind = filters.ChoiceFilter(choices=CertificateKind.choices, label=gettext_lazy("类型"))
    status = filters.ChoiceFilter(choices=CertificateStatus.choices, label=gettext_lazy("状态"))
    expiring = filters.BooleanFilter(method="expiring_soon", label=gettext_lazy("90天内到期"))

    class Meta:
        model = Certificate
        fields = ["q", "kind", "status", "expiring"]

    def search(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(number=value.upper()) | Q(holder_name_normalized=normalize(value)))

    def expiring_soon(self, qs, name, value):
        if not value:
            return qs
        today = dt.date.today()
        return qs.filter(
            status=CertificateStatus.VALID,
            expires_on__gte=today,
            expires_on__lte=today + dt.timedelta(days=90),
        )


class InstitutionFilter(FilterSet):
    q = filters.CharFilter(method="search", label=gettext_lazy("名称"))
    nature = filters.ChoiceFilter(choices=InstitutionNature.choices, label=gettext_lazy("性质"))

    class Meta:
        model = TrainingInstitution
        fields = ["q", "nature"]

    def search(self, qs, name, value):
        return qs.filter(name_normalized__contains=normalize(value))
