"""Demo data: two waves of the social-ties questionnaire six months apart, and a written narrative."""
from __future__ import annotations

import datetime as dt
import random

from core.evaluation.models import NarrativeKind, SurveyResponse, SurveyWave
from core.evaluation.services import narrative_section_save, ties_score
from core.people.models import Resident

SEASONS = {3: "Printemps", 4: "Printemps", 5: "Printemps", 6: "Été", 7: "Été", 8: "Été", 9: "Automne", 10: "Automne",
           11: "Automne", 12: "Hiver", 1: "Hiver", 2: "Hiver"}
NARRATIVE = {
    NarrativeKind.HIGHLIGHTS: "La fête des voisins a réuni plus de soixante personnes ; un groupe d'habitant·es "
                              "anime désormais le café du samedi.",
    NarrativeKind.DIFFICULTIES: "Les jeunes actifs restent peu présents en semaine ; la salle commune a été fermée "
                                "trois semaines pour travaux.",
    NarrativeKind.OUTLOOK: "Lancer un atelier numérique avec le centre social et ouvrir le jardin aux écoles.",
}


def _answers(rng: random.Random, *, improvement: int) -> dict[str, int]:
    """Answers with a little more contact (and less loneliness) in later waves."""
    clamp = lambda value, top: max(0, min(top, value))  # noqa: E731
    return {
        "neighbour_contacts": clamp(rng.choice([0, 1, 1, 2, 2, 3, 3, 4]) + improvement, 4),
        "loneliness": clamp(rng.choice([0, 1, 1, 2, 2, 3, 3, 4]) - improvement, 4),
        "someone_to_count_on": rng.choice([0, 1, 1, 2, 2, 2]),
        "collective_participation": clamp(rng.choice([0, 0, 1, 1, 2, 3]) + improvement, 3),
        "feels_at_home": rng.choice([1, 2, 2, 3, 3]),
    }


def demo_populate(*, rng: random.Random, months: list[dt.date], today: dt.date) -> None:
    """Run inside a residence schema; `months` are the first days of the demo's months, oldest first."""
    residents = list(Resident.objects.order_by("id"))
    responses = []
    for improvement, first_month in enumerate((months[1], months[7])):
        starts_on = first_month
        ends_on = starts_on + dt.timedelta(days=34)
        if starts_on > today:
            continue
        wave = SurveyWave.objects.create(label=f"{SEASONS[starts_on.month]} {starts_on.year}", starts_on=starts_on,
                                         ends_on=ends_on)
        last_day = min(ends_on, today)
        for resident in rng.sample(residents, k=min(len(residents), rng.randint(14, 30))):
            answers = _answers(rng, improvement=improvement)
            day = starts_on + dt.timedelta(days=rng.randint(0, (last_day - starts_on).days))
            responses.append(SurveyResponse(
                wave=wave, resident=resident if rng.random() < 0.6 else None, answered_on=day,
                ties_score=ties_score(**answers), **answers,
            ))
    SurveyResponse.objects.bulk_create(responses)
    for kind, body in NARRATIVE.items():
        narrative_section_save(year=today.year, kind=kind, body=body)
