import datetime as dt

from django.db import transaction

from core.people.models import Resident


@transaction.atomic
def resident_create(
    *,
    first_name: str,
    age_band: str,
    consent_on: dt.date,
    last_name_initial: str = "",
    pseudonym: str = "",
) -> Resident:
    """A resident is recorded only with a consent date."""
    resident = Resident(
        first_name=first_name.strip(),
        last_name_initial=last_name_initial.strip().upper()[:2],
        pseudonym=pseudonym.strip(),
        age_band=age_band,
        consent_on=consent_on,
    )
    resident.full_clean()
    resident.save()
    return resident
