"""The registry (台账): enterprises, products and identity codes, certificates, training institutions."""

from .certificates import Certificate
from .enterprises import Enterprise
from .products import IdentityCode, Product, ProductBatch

__all__ = ["Certificate", "Enterprise", "IdentityCode", "Product", "ProductBatch"]
