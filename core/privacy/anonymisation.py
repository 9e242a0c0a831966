"""Blank a resident's personal data, field by field, over every concrete field of Resident.

Written over `Resident._meta.concrete_fields` so that a field added later to
Resident is blanked too, unless it is deliberately listed in KEPT_FIELDS. A field
whose type has no neutral value stops the anonymisation loudly (and the test
that walks every field fails) rather than being kept by accident.
"""
from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db import models

from core.people.models import Resident

# Kept after anonymisation: none of these identifies a person, and attendance
# counts and age-band indicators rest on them.
KEPT_FIELDS = frozenset({
    "id",
    "age_band",
    "created_at",
    "consent_on",  # a date only, NOT NULL in core.people; the consents themselves are deleted
    # Household counts by age band: numbers without a name, used by indicators.
    "household_minors",
    "household_adults",
    "household_seniors",
})

# A neutral, non-personal value where an empty one would leave the row unreadable in lists.
PLACEHOLDERS = {"first_name": "Anonyme"}

_TEXT_TYPES = {"CharField", "TextField", "EmailField", "SlugField", "URLField"}


def neutral_value(field: models.Field):
    """The value that holds nothing about a person, for one field."""
    if field.name in PLACEHOLDERS:
        return PLACEHOLDERS[field.name]
    if field.null:
        return None
    if field.choices and field.has_default():
        return field.get_default()  # e.g. the contact channel falls back to "in person"
    if field.get_internal_type() in _TEXT_TYPES:
        return ""
    if field.has_default() and field.get_internal_type() in {"BooleanField", "JSONField"}:
        return field.get_default()
    if field.get_internal_type() == "JSONField":
        return {}
    if field.get_internal_type() == "ArrayField":
        return []
    raise ImproperlyConfigured(
        f"Resident.{field.name} ({field.get_internal_type()}) has no neutral value: "
        "make it nullable or list it in core.privacy.anonymisation.KEPT_FIELDS."
    )


def blanked_fields() -> list[models.Field]:
    return [f for f in Resident._meta.concrete_fields if f.name not in KEPT_FIELDS and not f.primary_key]


def blank_resident(resident: Resident) -> None:
    """Overwrite every non-kept field and empty every many-to-many of the resident, in place."""
    fields = blanked_fields()
    for field in fields:
        setattr(resident, field.attname, neutral_value(field))
    resident.save(update_fields=[f.name for f in fields])
    for field in Resident._meta.many_to_many:
        getattr(resident, field.name).clear()
