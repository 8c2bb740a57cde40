"""Templates write moments and amounts as `core.formatting` does: `{{ value|datetime_display }}`;
a purge's counts as `core.retention` does: `{{ n|count_display:kind }}`."""

from django import template

from core import formatting, retention

register = template.Library()


@register.filter
def datetime_display(value) -> str:
    return formatting.datetime_display(value) if value else ""


@register.filter
def count_display(n, kind) -> str:
    """A purge's count of one kind of row, singular or plural: `{{ n|count_display:kind }}`."""
    return retention.count_display(kind, n)


@register.filter
def money_display(value) -> str:
    """An amount and its "€" never split across lines: `{{ fees.owed|money_display }}`."""
    return formatting.money_display(value) if value is not None else ""
