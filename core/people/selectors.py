"""Reads of residents. They run on the current residence schema only."""
from django.db.models import Q, QuerySet

from core.people.models import Resident


def resident_list(*, search: str = "", age_band: str = "") -> QuerySet[Resident]:
    qs = Resident.objects.all()
    if search:
        qs = qs.filter(Q(first_name__icontains=search) | Q(pseudonym__icontains=search))
    if age_band:
        qs = qs.filter(age_band=age_band)
    return qs
