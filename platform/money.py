"""Money, shown one way everywhere: « 1 234,50 € » in French, two places, « – » for no amount.

`format_euros` is how every screen, PDF, message and export label writes an amount in euros. It is
built on `reporting.selectors.format_value`, the one number formatter, so an amount and a number
beside it share their separators (decimal comma, thousands grouping) in every language. Checking an
amount someone typed stays with the app that takes it (e.g. `core.budget.money.amount_problem`).
Templates use the `euros` filter (apes_platform/templatetags/money.py).
"""
from __future__ import annotations

from decimal import Decimal

EURO_SUFFIX = "\u00a0€"  # a no-break space: « 12,50 » and « € » never part at the end of a line
NO_AMOUNT = "–"


def format_euros(value: Decimal | int | str | None) -> str:
    """« 1 234,50 € » (in French; « 1,234.50 € » in English); « – » for no amount."""
    from reporting.selectors import format_value  # the one number formatter; on use, as it needs the models

    if value is None or value == "":
        return NO_AMOUNT
    return f"{format_value(Decimal(value), places=2)}{EURO_SUFFIX}"
