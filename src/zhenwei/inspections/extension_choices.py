"""Choices of fire investigations extended to products (火灾延伸调查) and of ledger checks (进销货台账)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TraceRole(models.TextChoices):
    """Which link of a fire product's chain a clue is about."""

    MAKER = "maker", _("生产企业")
    SELLER = "seller", _("销售单位")


class LedgerDirection(models.TextChoices):
    PURCHASE = "purchase", _("进货")
    SALE = "sale", _("销货")


class LedgerProblem(models.TextChoices):
    """A discrepancy found in one ledger entry. The first three are also found by the service itself."""

    SUPPLIER_NOT_REGISTERED = "supplier_not_registered", _("供货方不在主体台账")
    NO_VOUCHER = "no_voucher", _("无票据凭证")
    QUANTITY_MISMATCH = "quantity_mismatch", _("数量不符")
    NO_CERTIFICATE = "no_certificate", _("无合格证明或认证证书")
    PRODUCT_MISMATCH = "product_mismatch", _("品名规格与实物不符")
    OTHER = "other", _("其他问题")


# Problems the service finds from the entry itself (an officer may add the others).
DERIVED_PROBLEMS = frozenset(
    {LedgerProblem.SUPPLIER_NOT_REGISTERED, LedgerProblem.NO_VOUCHER, LedgerProblem.QUANTITY_MISMATCH}
)
