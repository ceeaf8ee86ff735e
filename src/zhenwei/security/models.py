"""Storage of the security app: the shared counters of public rate limits (no Redis)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RateCounter(models.Model):
    """One fixed-window counter of a rate limit (key: scope, client network, window), kept in the
    database so that every worker process and every app server counts the same requests.
    Written only by ``zhenwei.security.cache.DatabaseCounterCache`` with one atomic upsert."""

    key = models.CharField(_("键"), max_length=250, primary_key=True, db_column="counter_key")
    value = models.BigIntegerField(_("计数"), default=0, db_column="hits")
    expires = models.FloatField(_("过期时间（Unix 秒）"), db_index=True, db_column="expires_at")

    class Meta:
        verbose_name = _("限流计数")
        verbose_name_plural = _("限流计数")

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"
