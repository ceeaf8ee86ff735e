"""``{% load deadlines %}``: ``{% if row.due|overdue %}`` marks a row red by core.deadlines' one rule."""

from django import template

from ..deadlines import is_overdue

register = template.Library()


@register.filter(name="overdue")
def overdue(due) -> bool:
    """A due date before today (Asia/Shanghai), or a due datetime that has passed."""
    return is_overdue(due)
