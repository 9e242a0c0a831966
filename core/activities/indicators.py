"""Indicators computed from activities and attendance (see reporting/indicators.py)."""
import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from core.activities import selectors
from reporting.indicators import figure_read_once, indicator

# Read once per period while a residence's indicators are refreshed (see reporting.indicators).
held_session_counts = figure_read_once(selectors.held_session_counts)
attendance_counts = figure_read_once(selectors.attendance_counts)


@indicator(
    code="residents_attending",
    label=_("Habitant·es venu·es à au moins une animation"),
    definition=_("Nombre de personnes différentes notées présentes à au moins une animation commencée dans le mois."),
    unit=_("personnes"),
    period="month",
    higher_is_better=True,
    counts_people=True,
    sources=("activities.Attendance",),
    theme="participation",
)
def residents_attending(start: dt.datetime, end: dt.datetime) -> tuple[Decimal, int]:
    count = attendance_counts(start=start, end=end)["people"]
    return Decimal(count), count


@indicator(
    code="activities_held",
    label=_("Animations organisées"),
    definition=_("Nombre d'animations (temps collectifs, ateliers, sorties…) commencées dans le mois."),
    unit=_("animations"),
    period="month",
    higher_is_better=True,
    counts_people=False,
    sources=("activities.Activity",),
    theme="activities",
)
def activities_held(start: dt.datetime, end: dt.datetime) -> tuple[Decimal, int]:
    count = held_session_counts(start=start, end=end)["held"]
    return Decimal(count), count


@indicator(
    code="resident_led_activities",
    label=_("Animations proposées ou animées par des habitant·es"),
    definition=_("Nombre de séances commencées dans le mois, non annulées, proposées par des habitant·es "
                 "ou organisées par un·e habitant·e."),
    unit=_("animations"),
    period="month",
    higher_is_better=True,
    counts_people=False,
    sources=("activities.Activity",),
    theme="power_to_act",
)
def resident_led_activities(start: dt.datetime, end: dt.datetime) -> tuple[Decimal, int]:
    count = held_session_counts(start=start, end=end)["resident_led"]
    return Decimal(count), count


@indicator(
    code="intergenerational_activities",
    label=_("Animations intergénérationnelles"),
    definition=_("Nombre de séances commencées dans le mois, non annulées, marquées intergénérationnelles."),
    unit=_("animations"),
    period="month",
    higher_is_better=True,
    counts_people=False,
    sources=("activities.Activity",),
    theme="activities",
)
def intergenerational_activities(start: dt.datetime, end: dt.datetime) -> tuple[Decimal, int]:
    count = held_session_counts(start=start, end=end)["intergenerational"]
    return Decimal(count), count


@indicator(
    code="activity_participations",
    label=_("Participations aux animations"),
    definition=_("Présences nommées plus personnes comptées sans être nommées (enfants, voisin·es, invité·es), "
                 "aux séances non annulées commencées dans le mois. Une personne venue deux fois compte deux fois."),
    unit=_("participations"),
    period="month",
    higher_is_better=True,
    counts_people=True,
    sources=("activities.Attendance", "activities.Activity"),
    theme="participation",
)
def activity_participations(start: dt.datetime, end: dt.datetime) -> tuple[Decimal, int]:
    named = attendance_counts(start=start, end=end)["named"]
    anonymous = held_session_counts(start=start, end=end)["anonymous"]
    return Decimal(named + anonymous), named + anonymous


@indicator(
    code="registrations_attended_rate",
    label=_("Inscrit·es venu·es"),
    definition=_("Part des inscriptions aux séances non annulées commencées dans le mois dont la personne a été "
                 "notée présente."),
    unit=_("%"),
    decimals=1,
    period="month",
    higher_is_better=True,
    counts_people=True,
    sources=("activities.Registration", "activities.Attendance"),
    theme="participation",
)
def registrations_attended_rate(start: dt.datetime, end: dt.datetime) -> tuple[Decimal | None, int]:
    registrations, attended = selectors.registrations_attended_between(start=start, end=end)
    if not registrations:
        return None, 0  # no registration: no rate (« – »), not 0 %
    return (Decimal(100 * attended) / registrations).quantize(Decimal("0.01")), registrations
