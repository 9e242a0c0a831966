import datetime as dt

from django.db import transaction

from core.people.models import Resident
from core.people.registry import CONTACT_CHANGE_HOOKS, CONTACT_FIELDS

# Fields a coordinator may change after the first record.
EDITABLE_FIELDS = (
    "first_name", "last_name_initial", "pseudonym", "age_band", "consent_on", "household_minors",
    "household_adults", "household_seniors", "contact_channel", "languages", "interests", "phone", "email",
)


def _normalise(resident: Resident) -> None:
    resident.first_name = resident.first_name.strip()
    resident.last_name_initial = resident.last_name_initial.strip().upper()[:2]
    resident.pseudonym = resident.pseudonym.strip()
    resident.phone = resident.phone.strip()
    resident.email = resident.email.strip().lower()
    resident.languages = sorted(set(resident.languages))
    resident.interests = sorted(set(resident.interests))


@transaction.atomic
def resident_create(
    *,
    first_name: str,
    age_band: str,
    consent_on: dt.date,
    last_name_initial: str = "",
    pseudonym: str = "",
    household_minors: int = 0,
    household_adults: int = 0,
    household_seniors: int = 0,
    contact_channel: str = "",
    languages: list[str] | None = None,
    interests: list[str] | None = None,
    phone: str = "",
    email: str = "",
) -> Resident:
    """A resident is recorded only with a consent date; phone or e-mail only if the contact channel needs it."""
    resident = Resident(
        first_name=first_name, last_name_initial=last_name_initial, pseudonym=pseudonym, age_band=age_band,
        consent_on=consent_on, household_minors=household_minors, household_adults=household_adults,
        household_seniors=household_seniors, contact_channel=contact_channel, languages=list(languages or []),
        interests=list(interests or []), phone=phone, email=email,
    )
    _normalise(resident)
    resident.full_clean()
    resident.save()
    return resident


@transaction.atomic
def resident_update(*, resident: Resident, **changes) -> Resident:
    """Change the given fields; the same rules as on creation apply, and nothing is saved if one fails.
    A changed e-mail address or phone number is told to the contact hooks (registry.py)."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {', '.join(sorted(unknown))}")
    # The stored values, not the instance's: a form bound to this instance may have changed it already.
    stored = Resident.objects.filter(pk=resident.pk).values(*CONTACT_FIELDS).first() or {}
    for name, value in changes.items():
        setattr(resident, name, value)
    _normalise(resident)
    resident.full_clean()
    resident.save()
    changed = {name for name in CONTACT_FIELDS if getattr(resident, name) != stored.get(name)}
    if changed:
        for hook in CONTACT_CHANGE_HOOKS:
            hook(resident=resident, changed=changed)
    return resident
