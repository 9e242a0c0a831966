"""The `euros` filter: {{ amount|euros }} → « 1 234,50 € », through `apes_platform.money.format_euros`.

apes_platform is not an installed app: the library is registered as `money` in TEMPLATES' OPTIONS
(platform/settings.py), so every template says `{% load money %}`.
"""
from django import template

from apes_platform.money import format_euros

register = template.Library()


@register.filter
def euros(value) -> str:
    """{{ amount|euros }} → « 1 234,50 € »; « – » for no amount."""
    return format_euros(value)
