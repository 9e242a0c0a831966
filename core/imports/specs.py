"""What each kind of import expects: columns (French headers), how to turn a row into a record."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from core.imports.parsing import normalise_header
from core.partners.models import Partner, PartnerKind
from core.people.models import AgeBand, Resident


@dataclass(frozen=True)
class Column:
    header: str           # as written in the template, French
    field: str            # model field it fills
    required: bool = False
    example: str = ""


@dataclass(frozen=True)
class ImportSpec:
    kind: str             # URL slug
    label: str
    model: type
    columns: tuple[Column, ...]

    def column_for(self, header: str) -> Column | None:
        wanted = normalise_header(header)
        return next((c for c in self.columns if normalise_header(c.header) == wanted), None)


RESIDENTS = ImportSpec(
    kind="habitants",
    label=_("habitant·es"),
    model=Resident,
    columns=(
        Column("Prénom", "first_name", required=True, example="Martine"),
        Column("Initiale du nom", "last_name_initial", example="D"),
        Column("Pseudonyme", "pseudonym", example=""),
        Column("Tranche d'âge", "age_band", required=True, example="60-74"),
        Column("Date du consentement", "consent_on", required=True, example="15/03/2025"),
    ),
)

PARTNERS = ImportSpec(
    kind="partenaires",
    label=_("partenaires"),
    model=Partner,
    columns=(
        Column("Nom", "name", required=True, example="Centre social Les Moulins"),
        Column("Type", "kind", required=True, example="centre social"),
        Column("Personne de contact", "contact_name", example="Karima Benali"),
        Column("E-mail", "email", example="contact@centre-moulins.fr"),
        Column("Téléphone", "phone", example="01 48 20 31 45"),
    ),
)

SPECS = {spec.kind: spec for spec in (RESIDENTS, PARTNERS)}


def choice_value(text: str, choices) -> str | None:
    """Accept the stored code or the French label, whatever the case and accents."""
    wanted = normalise_header(text)
    for value, label in choices:
        if wanted in (normalise_header(value), normalise_header(str(label))):
            return value
    return None


def parse_date(text: str) -> dt.date | None:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d/%m/%y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


CHOICES = {"age_band": AgeBand.choices, "kind": PartnerKind.choices}
DATE_FIELDS = {"consent_on"}
