from django import template

from core.funding.money import euros as format_euros

register = template.Library()


@register.filter
def euros(value) -> str:
    """{{ amount|euros }} → « 1 234,50 € »."""
    return format_euros(value)
