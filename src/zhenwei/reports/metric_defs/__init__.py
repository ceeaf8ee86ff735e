"""Metric definitions over the platform's records, one module per built-in template, as docs/reports.md
tables them: ``cert`` (cert-campaign-monthly), ``products`` (fire-products-monthly and
anti-counterfeit-monthly), ``others`` (on no built-in template: the dashboard and admins' own).

Keys are stable names used by template rows; ``key:param`` passes a parameter (a product category
code). Models are resolved lazily, so a metric over an app that is not there yet is simply
unavailable (its cells show "—" with the reason). Importing this package registers them all
(``reports.metrics`` does, at its end).
"""

from . import cert, others, products  # noqa: F401 - each registers its metrics
from .common import WAN, in_category, is_sum_of_parts

__all__ = ["WAN", "in_category", "is_sum_of_parts"]
