"""Choices of self-checks and certificate checks (kept apart from the campaign's own choices)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Rectification(models.TextChoices):
    """Where a self-check's rectification stands, computed from its dates (never stored)."""

    NONE = "none", _("无需整改")
    OPEN = "open", _("整改中")
    OVERDUE = "overdue", _("逾期未整改")
    DONE = "done", _("已整改")


class CheckSource(models.TextChoices):
    """How a certificate check was recorded."""

    MANUAL = "manual", _("现场登记")
    BULK = "bulk", _("上传逐人逐证核查")


# The bulk check's verdicts (zhenwei.verify.bulk) → the three counts of the monthly form (seed 002
# rows 07–09). A certificate not on the platform or whose holder does not match is fake (假证); an
# expired one is 逾期; a person listed without a certificate number, or holding only a revoked or
# suspended one, works without a valid certificate (未持证). Rows with bad data count in none.
VERDICT_COUNTS: dict[str, str] = {
    "unknown": "fake_found",
    "mismatch": "fake_found",
    "id_mismatch": "fake_found",
    "expired": "expired_found",
    "revoked": "missing_found",
    "suspended": "missing_found",
    "missing": "missing_found",  # a row with name and ID number but no certificate number
    "invalid": "invalid_rows",
}

# Labels of the verdicts kept on each row: the bulk check's, plus "missing" (listed without a
# certificate number, which the bulk check reports as invalid data).
VERDICT_LABELS: dict[str, str] = {
    "valid": _("有效"),
    "expired": _("已过期"),
    "revoked": _("已撤销"),
    "suspended": _("已暂扣"),
    "unknown": _("查无此证"),
    "mismatch": _("姓名不符"),
    "id_mismatch": _("身份证号不符"),
    "missing": _("未持证"),
    "invalid": _("数据有误"),
}
