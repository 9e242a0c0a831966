"""Money, one place: amounts are `Decimal` euros with exactly two places, shown the French way.

`parse_amount` is what every form and service uses to refuse a bad amount (negative, zero,
more than two decimals), and `format_euros` is how every screen, PDF and export label shows one.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
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


def format_euros(value: Decimal | None) -> str:
    """« 1 234,50 € » (in French); « – » for no amount."""
    if value is None:
        return "–"
    return f"{number_format(to_money(value), decimal_pos=2, use_l10n=True, force_grouping=True)}\u00a0€"
