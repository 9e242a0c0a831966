"""Amounts the budget takes: `Decimal` euros with exactly two places.

`amount_problem` is what every budget form and service uses to refuse a bad amount (negative,
zero, more than two decimals). How an amount is shown is the platform's rule, not the budget's:
`apes_platform.money.format_euros` (and the `|euros` filter).
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MAX_AMOUNT = Decimal("9999999999.99")  # the columns' max_digits=12


def amount_problem(value, *, allow_zero: bool = False) -> str | None:
    """None if `value` is a valid amount in euros, else the French reason."""
    if value is None or value == "":
        return _("Indiquez un montant.")
    try:
        value = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return _("Montant invalide : écrivez par exemple 12,50.")
    if not value.is_finite():
        return _("Montant invalide : écrivez par exemple 12,50.")
    if value < 0:
        return _("Le montant ne peut pas être négatif.")
    if value == 0 and not allow_zero:
        return _("Le montant doit être supérieur à zéro.")
    if value != value.quantize(CENT):
        return _("Deux décimales au plus : le montant se compte en centimes.")
    if value > MAX_AMOUNT:
        return _("Montant trop élevé.")
    return None


def to_money(value) -> Decimal:
    """An already valid amount as a two-place Decimal."""
    return Decimal(value).quantize(CENT)

