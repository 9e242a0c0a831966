"""Checks of French organisation numbers: SIRET (14 digits, Luhn key) and RNA (W + 9 digits)."""
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

LA_POSTE_SIREN = "356000000"  # its establishments' SIRET follow another key: digit sum divisible by 5


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        n = int(char)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def validate_siret(value: str) -> None:
    if not value:
        return
    if not re.fullmatch(r"\d{14}", value):
        raise ValidationError(_("Un SIRET compte 14 chiffres, sans espace."), code="siret_format")
    if value.startswith(LA_POSTE_SIREN) and value != "35600000000048":
        if sum(int(c) for c in value) % 5 == 0:
            return
    if not luhn_ok(value):
        raise ValidationError(_("Ce SIRET n'existe pas : sa clé de contrôle est fausse (vérifiez les chiffres)."),
                              code="siret_key")


def validate_rna(value: str) -> None:
    if value and not re.fullmatch(r"W\d{9}", value):
        raise ValidationError(_("Un numéro RNA s'écrit W suivi de 9 chiffres (par exemple W931234567)."),
                              code="rna_format")


def normalise_siret(value: str) -> str:
    return re.sub(r"[\s.]", "", value or "")


def normalise_rna(value: str) -> str:
    return re.sub(r"\s", "", value or "").upper()
