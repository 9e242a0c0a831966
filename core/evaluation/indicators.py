"""Indicators from the social-ties questionnaire (see reporting/indicators.py).

A month without answers has no share or mean: the value is None ("no value", stored as
NULL and shown « – », never 0) with a count basis of 0, which landlord views suppress (< 11).
"""
import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.evaluation import selectors
from reporting.indicators import figure_read_once, indicator

THEME = "social_ties"


@figure_read_once  # the three indicators read the same summary once per period during a refresh
def _summary(start: dt.datetime, end: dt.datetime) -> selectors.SurveySummary:
    return selectors.survey_summary_between(start=timezone.localtime(start).date(),
                                            end=timezone.localtime(end).date())


@indicator(
    code="survey_respondents",
    label=_("Personnes ayant répondu au questionnaire liens sociaux"),
    definition=_("Nombre de réponses au questionnaire « liens sociaux et isolement » données dans le mois "
                 "(une personne répond une fois par vague)."),
    unit=_("personnes"),
    period="month",
    higher_is_better=True,
    counts_people=True,
    sources=("evaluation.SurveyResponse",),
    theme=THEME,
)
def survey_respondents(start: dt.datetime, end: dt.datetime) -> tuple[Decimal, int]:
    count = _summary(start, end).respondents
    return Decimal(count), count


@indicator(
    code="survey_often_lonely_share",
    label=_("Part des répondant·es se sentant souvent seul·es"),
    definition=_("Parmi les réponses du mois, part (en %) des personnes qui disent se sentir seules "
                 "« souvent » ou « tout le temps »."),
    unit=_("%"),
    decimals=1,
    period="month",
    higher_is_better=False,
    counts_people=True,
    sources=("evaluation.SurveyResponse",),
    theme=THEME,
)
def survey_often_lonely_share(start: dt.datetime, end: dt.datetime) -> tuple[Decimal | None, int]:
    summary = _summary(start, end)
    return summary.often_lonely_share, summary.respondents


@indicator(
    code="survey_ties_score_mean",
    label=_("Score moyen de liens sociaux"),
    definition=_("Moyenne, sur les réponses du mois, du score de liens sociaux de 0 (isolement) à 10 : "
                 "moyenne des cinq réponses ramenées chacune entre 0 et 1 (la solitude comptée à l'envers)."),
    unit=_("points sur 10"),
    decimals=1,
    period="month",
    higher_is_better=True,
    counts_people=True,
    sources=("evaluation.SurveyResponse",),
    theme=THEME,
)
def survey_ties_score_mean(start: dt.datetime, end: dt.datetime) -> tuple[Decimal | None, int]:
    summary = _summary(start, end)
    return summary.mean_score, summary.respondents
