"""The registry (台账): enterprises, products and identity codes, certificates, training institutions."""

from .certificates import Certificate
from .enterprises import Enterprise
from .imports import ImportJob
from .products import IdentityCode, Product, ProductBatch
from .training import (
    InstitutionFinding,
    ProductSale,
    Trainer,
    TrainingCourse,
    TrainingEvent,
    TrainingInstitution,
)

__all__ = [
    "Certificate",
    "Enterprise",
    "IdentityCode",
    "ImportJob",
    "InstitutionFinding",
    "Product",
    "ProductBatch",
    "ProductSale",
    "Trainer",
    "TrainingCourse",
    "TrainingEvent",
    "TrainingInstitution",
]
