"""Factories for registry records, with valid credit codes, ID numbers and identity codes."""

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from zhenwei.catalog.tests.factories import ProductCategoryFactory
from zhenwei.core.tests.factories import DivisionFactory
from zhenwei.core.validators import id_number_check_char, uscc_check_char
from zhenwei.registry.choices import (
    AccessKind,
    CertificateKind,
    CertificateStatus,
    CodeFormat,
    CodeStatus,
    EnterpriseKind,
)
from zhenwei.registry.models import Certificate, Enterprise, IdentityCode, Product, ProductBatch


def make_uscc(n: int, division_code: str = "500235") -> str:
    """A valid unified social credit code (GB 32100) for organisation n in the division."""
    first17 = f"91{division_code[:6]}{n:09d}"[:17]
    first17 = first17.replace("I", "1").replace("O", "0")
    return first17 + uscc_check_char(first17)


def make_id_number(n: int, division_code: str = "500235", born: str = "19850312") -> str:
    """A valid resident ID number (GB 11643) for person n."""
    first17 = f"{division_code[:6]}{born}{n % 1000:03d}"
    return first17 + id_number_check_char(first17)


def make_fire_mark(n: int) -> str:
    """A 14-character fire-product identity mark: 5 digits, 2 letters, 5 digits, 2 letters."""
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    a = letters[n % 24] + letters[(n // 24) % 24]
    b = letters[(n // 576) % 24] + letters[(n // 13824) % 24]
    return f"{n % 100000:05d}{a}{(n // 7) % 100000:05d}{b}"


class EnterpriseFactory(DjangoModelFactory):
    class Meta:
        model = Enterprise
        django_get_or_create = ("uscc",)

    name = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    uscc = factory.Sequence(lambda n: make_uscc(n + 1))
    division = factory.SubFactory(DivisionFactory)
    kind = EnterpriseKind.MANUFACTURER


class ProductFactory(DjangoModelFactory):
    class Meta:
        model = Product

    category = factory.LazyFunction(lambda: ProductCategoryFactory(code="fire-extinguisher", name="灭火器"))
    name = "手提式干粉灭火器"
    model = factory.Sequence(lambda n: f"MFZ/ABC{n}")
    manufacturer = None
    manufacturer_name = factory.Sequence(lambda n: f"测试消防器材{n}有限公司")
    access_kind = AccessKind.CCC
    access_certificate_no = factory.Sequence(lambda n: f"2026081801{n:06d}")
    division = factory.SubFactory(DivisionFactory)


class ProductBatchFactory(DjangoModelFactory):
    class Meta:
        model = ProductBatch

    product = factory.SubFactory(ProductFactory)
    batch_no = factory.Sequence(lambda n: f"B2026{n:04d}")
    produced_on = dt.date(2026, 3, 1)
    quantity = 1000


class IdentityCodeFactory(DjangoModelFactory):
    class Meta:
        model = IdentityCode

    code = factory.Sequence(lambda n: make_fire_mark(n + 1))
    code_format = CodeFormat.FIRE_MARK
    product = factory.SubFactory(ProductFactory)
    batch = None
    status = CodeStatus.ACTIVE


class CertificateFactory(DjangoModelFactory):
    class Meta:
        model = Certificate

    # T + an ID-shaped number on a birth date no test writes by hand, so numbers never collide.
    number = factory.Sequence(lambda n: f"T50023519770707{n:04d}")
    kind = CertificateKind.SPECIAL_OPERATION
    operation_category = "电工作业"
    operation_item = "低压电工作业"
    holder_name = "张小三"
    holder_id_number = factory.Sequence(lambda n: make_id_number(n))
    authority = "重庆市云阳县应急管理局"
    # valid on any date: issued two years ago, expires in four
    issued_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=2 * 365))
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=4 * 365))
    status = CertificateStatus.VALID
    division = factory.SubFactory(DivisionFactory)
