"""Import kinds of the registry, for ``zhenwei import KIND FILE`` and the staff upload page."""

from .imports.certificates import import_certificates
from .imports.enterprises import import_enterprises
from .imports.product_codes import import_product_codes

IMPORTERS = {
    "product-codes": import_product_codes,
    "certificates": import_certificates,
    "enterprises": import_enterprises,
}
