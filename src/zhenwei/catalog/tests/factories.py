"""Factories for catalog data. Categories of the seeds exist after migrations (0002), so the
factory gets or creates by code: ``ProductCategoryFactory(code="fire-extinguisher")`` is safe."""

import factory
from factory.django import DjangoModelFactory

from zhenwei.catalog.models import ProductCategory


class ProductCategoryFactory(DjangoModelFactory):
    class Meta:
        model = ProductCategory
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test-category-{n}")
    name = factory.Sequence(lambda n: f"测试类别{n}")
    is_fire_product = True
