"""Template filters for dates (built in for every template: see TEMPLATES in settings)."""
from django import template

from apes_platform.dates import month_label, short_date, short_date_with_weekday, short_datetime

register = template.Library()


@register.filter("short_date")
def short_date_filter(value, weekday=""):
    """« 6 janv. » (« mar. 6 janv. » with "jour"); the year when not this one."""
    return short_date_with_weekday(value) if weekday else short_date(value)


@register.filter("short_datetime")
def short_datetime_filter(value, weekday=""):
    return short_datetime(value, with_weekday=weekday)


register.filter("month_label", month_label)
