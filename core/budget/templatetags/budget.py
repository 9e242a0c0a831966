from django import template

from core.budget.money import format_euros

register = template.Library()


@register.filter
def euros(value) -> str:
    """{{ amount|euros }} → « 1 234,50 € »: the one way the budget shows money."""
    return format_euros(value)
