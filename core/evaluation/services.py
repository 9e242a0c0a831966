"""Writes of the evaluation app: waves, answers, the yearly narrative."""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.evaluation.models import (
    Agreement,
    ContactFrequency,
    LonelinessFrequency,
    NarrativeKind,
    NarrativeSection,
    Participation,
    Support,
    SurveyResponse,
    SurveyWave,
)
from core.people.models import Resident

# Each answer weighs the same in the score, whatever the length of its scale.
_SCALE_MAX = {
    "neighbour_contacts": ContactFrequency.DAILY,
    "someone_to_count_on": Support.SEVERAL,
    "collective_participation": Participation.REGULARLY,
    "feels_at_home": Agreement.COMPLETELY,
}
_KIND_POSITION = {NarrativeKind.HIGHLIGHTS: 0, NarrativeKind.DIFFICULTIES: 1, NarrativeKind.OUTLOOK: 2}


def ties_score(*, neighbour_contacts: int, loneliness: int, someone_to_count_on: int,
               collective_participation: int, feels_at_home: int) -> Decimal:
    """Social-ties score from 0 (isolated) to 10: the mean of the five answers, each scaled to 0–1.

    Loneliness counts the other way round (never lonely = 1).
    """
    parts = [
        Decimal(neighbour_contacts) / _SCALE_MAX["neighbour_contacts"],
        Decimal(LonelinessFrequency.ALWAYS - loneliness) / LonelinessFrequency.ALWAYS,
        Decimal(someone_to_count_on) / _SCALE_MAX["someone_to_count_on"],
        Decimal(collective_participation) / _SCALE_MAX["collective_participation"],
        Decimal(feels_at_home) / _SCALE_MAX["feels_at_home"],
    ]
    return (sum(parts) * 10 / len(parts)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@transaction.atomic
def survey_wave_create(*, label: str, starts_on: dt.date, ends_on: dt.date) -> SurveyWave:
    wave = SurveyWave(label=label.strip(), starts_on=starts_on, ends_on=ends_on)
    wave.full_clean()
    wave.save()
    return wave


@transaction.atomic
def survey_response_record(
    *,
    wave: SurveyWave,
    answered_on: dt.date,
    neighbour_contacts: int,
    loneliness: int,
    someone_to_count_on: int,
    collective_participation: int,
    feels_at_home: int,
    resident: Resident | None = None,
) -> SurveyResponse:
    """Record one person's answers. The date falls within the wave; a known person answers a wave once."""
    if not (wave.starts_on <= answered_on <= wave.ends_on):
        raise ValidationError({"answered_on": _(
            "La date de réponse doit tomber pendant la vague (du %(start)s au %(end)s)."
        ) % {"start": wave.starts_on.strftime("%d/%m/%Y"), "end": wave.ends_on.strftime("%d/%m/%Y")}})
    answers = dict(neighbour_contacts=neighbour_contacts, loneliness=loneliness,
                   someone_to_count_on=someone_to_count_on, collective_participation=collective_participation,
                   feels_at_home=feels_at_home)
    response = SurveyResponse(wave=wave, resident=resident, answered_on=answered_on, **answers)
    # Validate the answers against their scales before scoring them.
    response.ties_score = Decimal("0")
    response.full_clean()
    response.ties_score = ties_score(**answers)
    response.save()
    return response


@transaction.atomic
def narrative_section_save(
    *, year: int, kind: str, body: str, title: str = "", section: NarrativeSection | None = None
) -> NarrativeSection:
    """Create or update a section of the yearly narrative; highlights, difficulties and outlook exist once a year."""
    if kind == NarrativeKind.FREE and not title.strip():
        raise ValidationError({"title": _("Une section libre a besoin d'un titre.")})
    section = section or NarrativeSection()
    taken = NarrativeSection.objects.filter(year=year, kind=kind).exclude(pk=section.pk)
    if kind != NarrativeKind.FREE and taken.exists():
        raise ValidationError({"kind": _("Cette rubrique existe déjà pour cette année : modifiez-la.")})
    section.year = year
    section.kind = kind
    section.title = title.strip() if kind == NarrativeKind.FREE else ""
    section.body = body.strip()
    if kind == NarrativeKind.FREE:
        section.position = 10
    else:
        section.position = _KIND_POSITION.get(kind, 0)
    section.updated_at = timezone.now()
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def narrative_section_delete(*, section: NarrativeSection) -> None:
    section.delete()


@transaction.atomic
def resident_survey_responses_unlink(*, resident: Resident) -> int:
    """Erasure hook of the privacy app: the answers stay, anonymous, so the indicators do not change."""
    return SurveyResponse.objects.filter(resident=resident).update(resident=None)
