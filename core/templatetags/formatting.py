"""Templates write moments and amounts as `core.formatting` does: `{{ value|datetime_display }}`."""

from django import template

from core import formatting

register = template.Library()


@register.filter
def datetime_display(value) -> str:
    return formatting.datetime_display(value) if value else ""


@register.filter
def money_display(value) -> str:
    """An amount and its "€" never split across lines: `{{ fees.owed|money_display }}`."""
    return formatting.money_display(value) if value is not None else ""
