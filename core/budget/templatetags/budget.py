"""`{% load budget %}`: the platform's money filters (`|euros`), one rule for every screen and PDF
(apes_platform/money.py). The budget defines no formatting of its own."""
from apes_platform.templatetags.money import register  # noqa: F401 - the library Django loads as "budget"
