"""Creation and change stamps, defined once for every record that carries them.

A model inherits ``Created`` (who recorded it and when) or ``Stamped`` (that and the last change).
The stamps are bookkeeping: the audit log (core.audit) is the record of who changed what; these
columns only make lists sortable and pages say "登记于 … by …" without reading the audit chain.
A model whose own meaning differs (a notification's 发送时间) keeps its own field instead.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CreatedAt(models.Model):
    """When the record was entered."""

    created_at = models.DateTimeField(verbose_name=_("登记时间"), auto_now_add=True)

    class Meta:
        abstract = True


class Created(CreatedAt):
    """When the record was entered and by whom (None: a system actor, or the user was removed)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


class Stamped(Created):
    """Created, and when it last changed."""

    updated_at = models.DateTimeField(verbose_name=_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class UpdatedAt(models.Model):
    """When the record last changed (for records whose creation is stamped otherwise)."""

    updated_at = models.DateTimeField(verbose_name=_("更新时间"), auto_now=True)

    class Meta:
        abstract = True
