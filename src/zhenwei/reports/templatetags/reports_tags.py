"""Template filters for the report pages."""

from django import template

from zhenwei.reports.exports import fmt

register = template.Library()


@register.filter
def num(value, unit=""):
    """A figure as printed on the form ("—" when its records do not exist yet)."""
    return fmt(value, unit or "")
