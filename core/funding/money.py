"""How an amount in euros is written: two places, French grouping, « € » (one rule for pages, PDFs)."""
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats

CENT = Decimal("0.01")


def euros(value) -> str:
    if value is None or value == "":
        return "—"
    amount = Decimal(value).quantize(CENT, ROUND_HALF_UP)
    return f"{formats.number_format(amount, 2, use_l10n=True, force_grouping=True)}\u00a0€"
