"""Indicators of residents' voice (see reporting/indicators.py): diagnosis, needs answered, skills
and exchanges, consultations and turnout, governance bodies and their decisions."""
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.voice import selectors
from reporting.indicators import figure_read_once, indicator

TENTH = Decimal("0.1")


def _days(start: dt.datetime, end: dt.datetime) -> tuple[dt.date, dt.date]:
    return timezone.localtime(start).date(), timezone.localtime(end).date()


@indicator(
    code="voice_diagnosis_respondents",
    label=_("Habitant·es ayant répondu au diagnostic"),
    definition=_("Personnes distinctes ayant répondu à un questionnaire de diagnostic (en ligne, sur papier ou en "
                 "entretien) ou ayant eu un entretien dans le mois ; une réponse anonyme compte une personne."),
    unit=_("personnes"), period="month", higher_is_better=True, counts_people=True,
    sources=("voice.Submission", "voice.Interview"), theme="voice",
)
def voice_diagnosis_respondents(start, end):
    n = selectors.diagnosis_respondents_between(start=_days(start, end)[0], end=_days(start, end)[1])
    return Decimal(n), n


@indicator(
    code="voice_needs_with_action",
    label=_("Besoins exprimés ayant au moins une action qui y répond"),
    definition=_("À la fin du mois, nombre de besoins du catalogue exprimés au moins une fois et reliés à au moins "
                 "une animation tenue."),
    unit=_("besoins"), period="month", higher_is_better=True, counts_people=False,
    sources=("voice.Need", "voice.NeedMention", "activities.Activity"), theme="voice",
)
def voice_needs_with_action(start, end):
    answered, expressed = selectors.needs_with_action_count(at=end)
    return Decimal(answered), expressed


@indicator(
    code="voice_skill_offerers",
    label=_("Habitant·es proposant un savoir-faire"),
    definition=_("À la fin du mois, personnes distinctes ayant au moins une offre de savoir-faire active."),
    unit=_("personnes"), period="month", higher_is_better=True, counts_people=True,
    sources=("voice.SkillEntry",), theme="voice",
)
def voice_skill_offerers(start, end):
    n = selectors.skill_offerers_at(at=end)
    return Decimal(n), n


@figure_read_once
def _exchanges(start, end):
    return selectors.skill_exchanges_between(start=_days(start, end)[0], end=_days(start, end)[1])


@indicator(
    code="voice_skill_exchanges",
    label=_("Échanges de savoir-faire réalisés"),
    definition=_("Nombre d'échanges de savoir-faire notés dans le mois (qui transmet, qui apprend, durée)."),
    unit=_("échanges"), period="month", higher_is_better=True, counts_people=True,
    sources=("voice.SkillExchange",), theme="voice",
)
def voice_skill_exchanges(start, end):
    count, _inter, people = _exchanges(start, end)
    return Decimal(count), people


@indicator(
    code="voice_skill_exchanges_intergenerational_share",
    label=_("Part intergénérationnelle des échanges de savoir-faire"),
    definition=_("Parmi les échanges du mois, part (en %) de ceux entre deux personnes de générations différentes "
                 "(moins de 26 ans, 26-59 ans, 60 ans et plus)."),
    unit=_("%"), period="month", higher_is_better=True, counts_people=True,
    sources=("voice.SkillExchange",), theme="voice",
)
def voice_skill_exchanges_intergenerational_share(start, end):
    count, inter, people = _exchanges(start, end)
    if not count:
        return None, 0
    return (Decimal(100) * inter / count).quantize(TENTH, ROUND_HALF_UP), people


@figure_read_once
def _consultations(start, end):
    return selectors.consultations_closed_between(start=start, end=end)


@indicator(
    code="voice_consultations_held",
    label=_("Consultations tenues"),
    definition=_("Consultations et votes clos dans le mois."),
    unit=_("consultations"), period="month", higher_is_better=True, counts_people=False,
    sources=("voice.Consultation",), theme="voice",
)
def voice_consultations_held(start, end):
    held, _voters, _electorate = _consultations(start, end)
    return Decimal(held), held


@indicator(
    code="voice_consultation_turnout",
    label=_("Participation aux consultations"),
    definition=_("Votant·es (en ligne et sur papier) des consultations closes dans le mois, divisé par leur corps "
                 "électoral (habitant·es, ou foyers pour une voix par foyer), en pourcentage."),
    unit=_("%"), period="month", higher_is_better=True, counts_people=True,
    sources=("voice.Consultation", "voice.VoterRegisterEntry"), theme="voice",
)
def voice_consultation_turnout(start, end):
    _held, voters, electorate = _consultations(start, end)
    if not electorate:
        return None, 0
    return (Decimal(100) * voters / electorate).quantize(TENTH, ROUND_HALF_UP), voters


@indicator(
    code="voice_governance_members",
    label=_("Habitant·es siégeant dans une instance de gouvernance"),
    definition=_("Au dernier jour du mois, personnes distinctes ayant un mandat en cours dans une instance "
                 "(comité de résidents…)."),
    unit=_("personnes"), period="month", higher_is_better=True, counts_people=True,
    sources=("voice.Mandate",), theme="voice",
)
def voice_governance_members(start, end):
    n = selectors.governance_members_at(day=_days(start, end)[1] - dt.timedelta(days=1))
    return Decimal(n), n


@figure_read_once
def _decisions(start, end):
    return selectors.body_decisions_between(start=_days(start, end)[0], end=_days(start, end)[1])


@indicator(
    code="voice_decisions_taken",
    label=_("Décisions prises par les instances"),
    definition=_("Décisions des instances de gouvernance prises dans le mois."),
    unit=_("décisions"), period="month", higher_is_better=True, counts_people=False,
    sources=("voice.BodyDecision",), theme="voice",
)
def voice_decisions_taken(start, end):
    taken, _done = _decisions(start, end)
    return Decimal(taken), taken


@indicator(
    code="voice_decisions_done",
    label=_("Décisions des instances réalisées"),
    definition=_("Décisions des instances de gouvernance marquées « réalisée » avec une date de réalisation dans "
                 "le mois."),
    unit=_("décisions"), period="month", higher_is_better=True, counts_people=False,
    sources=("voice.BodyDecision",), theme="voice",
)
def voice_decisions_done(start, end):
    _taken, done = _decisions(start, end)
    return Decimal(done), done
