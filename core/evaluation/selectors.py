"""Reads of the evaluation app. They run on the current residence schema only."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from apes_platform.access import access_by_id
from core.evaluation.models import (
    Agreement,
    LonelinessFrequency,
    NarrativeSection,
    Support,
    SurveyResponse,
    SurveyWave,
)

OFTEN_LONELY = Q(loneliness__gte=LonelinessFrequency.OFTEN)


def survey_wave_list() -> QuerySet[SurveyWave]:
    return SurveyWave.objects.order_by("-starts_on", "-id")


def access_survey_wave_by_id(*, actor, id) -> SurveyWave:  # noqa: A002
    """A SurveyWave of the current residence, or 404. The actor must be allowed in the residence."""
    return access_by_id(SurveyWave.objects.all(), id, actor=actor, message=_("Vague introuvable"))


def access_survey_response_by_id(*, actor, id) -> SurveyResponse:  # noqa: A002
    """A SurveyResponse of the current residence, or 404. The actor must be allowed in the residence."""
    return access_by_id(
        SurveyResponse.objects.select_related("wave", "resident"),
        id, actor=actor, message=_("Réponse introuvable"))


def wave_for_day(day: dt.date | None = None) -> SurveyWave | None:
    """The wave running on `day` (today by default): the form offers it first."""
    day = day or timezone.localdate()
    return SurveyWave.objects.filter(starts_on__lte=day, ends_on__gte=day).order_by("-starts_on").first()


def survey_response_list(
    *, search: str = "", wave: SurveyWave | None = None, often_lonely: str = "", respondent: str = ""
) -> QuerySet[SurveyResponse]:
    """Answers, newest first. `often_lonely`: "oui"/"non"; `respondent`: "connu"/"anonyme"."""
    qs = SurveyResponse.objects.select_related("wave", "resident").order_by("-answered_on", "-id")
    if search:
        qs = qs.filter(Q(resident__first_name__icontains=search) | Q(resident__pseudonym__icontains=search)
                       | Q(wave__label__icontains=search))
    if wave is not None:
        qs = qs.filter(wave=wave)
    if often_lonely == "oui":
        qs = qs.filter(OFTEN_LONELY)
    elif often_lonely == "non":
        qs = qs.exclude(OFTEN_LONELY)
    if respondent == "connu":
        qs = qs.filter(resident__isnull=False)
    elif respondent == "anonyme":
        qs = qs.filter(resident__isnull=True)
    return qs


@dataclass(frozen=True)
class SurveySummary:
    respondents: int
    often_lonely: int
    nobody_to_count_on: int
    feel_at_home: int
    mean_score: Decimal | None

    def share(self, count: int) -> Decimal | None:
        if not self.respondents:
            return None
        return (Decimal(100) * count / self.respondents).quantize(Decimal("0.1"))

    @property
    def often_lonely_share(self) -> Decimal | None:
        return self.share(self.often_lonely)

    @property
    def nobody_to_count_on_share(self) -> Decimal | None:
        return self.share(self.nobody_to_count_on)

    @property
    def feel_at_home_share(self) -> Decimal | None:
        return self.share(self.feel_at_home)


_SUMMARY = dict(
    respondents=Count("id"),
    often_lonely=Count("id", filter=OFTEN_LONELY),
    nobody_to_count_on=Count("id", filter=Q(someone_to_count_on=Support.NOBODY)),
    feel_at_home=Count("id", filter=Q(feels_at_home__gte=Agreement.RATHER)),
    mean_score=Avg("ties_score"),
)


def _summary(row: dict) -> SurveySummary:
    mean = row["mean_score"]
    return SurveySummary(
        respondents=row["respondents"], often_lonely=row["often_lonely"],
        nobody_to_count_on=row["nobody_to_count_on"], feel_at_home=row["feel_at_home"],
        mean_score=None if mean is None else Decimal(mean).quantize(Decimal("0.1")),
    )


def survey_summary_between(*, start: dt.date, end: dt.date) -> SurveySummary:
    """Aggregates of the answers given on days in [start, end)."""
    row = SurveyResponse.objects.filter(answered_on__gte=start, answered_on__lt=end).aggregate(**_SUMMARY)
    return _summary(row)


def survey_results_by_wave(*, waves: QuerySet[SurveyWave] | None = None) -> list[tuple[SurveyWave, SurveySummary]]:
    """Each wave with its aggregates, oldest first (so change reads left to right), in one query."""
    waves = (waves if waves is not None else SurveyWave.objects.all())
    annotated = waves.annotate(**{
        f"s_{name}": aggregate for name, aggregate in (
            ("respondents", Count("responses")),
            ("often_lonely", Count("responses", filter=Q(responses__loneliness__gte=LonelinessFrequency.OFTEN))),
            ("nobody_to_count_on", Count("responses", filter=Q(responses__someone_to_count_on=Support.NOBODY))),
            ("feel_at_home", Count("responses", filter=Q(responses__feels_at_home__gte=Agreement.RATHER))),
            ("mean_score", Avg("responses__ties_score")),
        )
    }).order_by("starts_on", "id")
    return [
        (wave, _summary({key[2:]: getattr(wave, key) for key in (
            "s_respondents", "s_often_lonely", "s_nobody_to_count_on", "s_feel_at_home", "s_mean_score")}))
        for wave in annotated
    ]


def narrative_section_list(*, year: int | None = None) -> QuerySet[NarrativeSection]:
    qs = NarrativeSection.objects.order_by("-year", "position", "id")
    if year:
        qs = qs.filter(year=year).order_by("position", "id")
    return qs


def access_narrative_section_by_id(*, actor, id) -> NarrativeSection:  # noqa: A002
    """A NarrativeSection of the current residence, or 404. The actor must be allowed in the residence."""
    return access_by_id(NarrativeSection.objects.all(), id, actor=actor, message=_("Section introuvable"))


def ties_score_movement(*, resident_ids) -> tuple[Decimal, Decimal, int] | None:
    """For residents who answered at least two waves: (mean first score, mean latest score, how many).
    Used by the needs pages of core.voice (needs → actions → results); the caller applies the small-count rule."""
    first: dict[int, Decimal] = {}
    latest: dict[int, Decimal] = {}
    rows = (SurveyResponse.objects.filter(resident_id__in=list(resident_ids))
            .order_by("resident_id", "answered_on", "id").values_list("resident_id", "ties_score"))
    counts: dict[int, int] = {}
    for resident_id, score in rows:
        first.setdefault(resident_id, score)
        latest[resident_id] = score
        counts[resident_id] = counts.get(resident_id, 0) + 1
    people = [r for r, n in counts.items() if n >= 2]
    if not people:
        return None
    mean = lambda values: (sum(values) / len(values)).quantize(Decimal("0.1"))  # noqa: E731
    return mean([first[r] for r in people]), mean([latest[r] for r in people]), len(people)
