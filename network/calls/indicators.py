"""Indicators of the landlords' calls (see reporting/indicators.py), attributed to the residences concerned.

The calls live in the public schema; each indicator runs inside a residence schema (its search path still
reaches `public`) and counts what concerns that residence: the applications naming it. An amount for a project
that concerns several residences is split equally between them, so a landlord's total is never counted twice.
Read by the head office and the funding landlords through `ReportingScope` like every other indicator."""
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Count, OuterRef, Subquery, Sum
from django.utils.translation import gettext_lazy as _

from reporting.indicators import indicator

THEME = "landlord_calls"
CENT = Decimal("0.01")


def _residence_id():
    from tenants.models import Residence

    return Residence.objects.filter(schema_name=connection.schema_name).values_list("pk", flat=True).first()


def _applications():
    from network.calls.models import Application

    through = Application.residences.through
    concerned = through.objects.filter(application_id=OuterRef("pk")).values("application_id").annotate(
        n=Count("*")).values("n")
    return Application.objects.filter(pk__in=through.objects.filter(residence_id=_residence_id()).values(
        "application_id")).annotate(residence_count=Subquery(concerned))


@indicator(code="landlord_call_applications", label=_("Candidatures aux appels bailleurs"),
           definition=_("Dossiers déposés dans la période aux appels à projets des bailleurs et concernant la "
                        "résidence."),
           unit=_("dossiers"), period="month", higher_is_better=True, counts_people=False,
           sources=("landlord_calls.Application",), theme=THEME)
def landlord_call_applications(start: dt.datetime, end: dt.datetime) -> tuple[Decimal, int]:
    count = _applications().filter(submitted_at__gte=start, submitted_at__lt=end).count()
    return Decimal(count), count


@indicator(code="landlord_call_laureates", label=_("Lauréats des appels bailleurs"),
           definition=_("Projets concernant la résidence nommés lauréats par un comité de sélection dans la période."),
           unit=_("projets"), period="month", higher_is_better=True, counts_people=False,
           sources=("landlord_calls.Decision",), theme=THEME)
def landlord_call_laureates(start: dt.datetime, end: dt.datetime) -> tuple[Decimal, int]:
    count = _applications().filter(decision__outcome="laureate", decision__decided_at__gte=start,
                                   decision__decided_at__lt=end).count()
    return Decimal(count), count


@indicator(code="landlord_call_amount_committed", label=_("Montants engagés par les appels bailleurs"),
           definition=_("Montants attribués aux lauréats dans la période, pour les projets concernant la résidence "
                        "(partagés à parts égales entre les résidences d'un projet)."),
           unit=_("€"), decimals=2, period="month", higher_is_better=True, counts_people=False,
           sources=("landlord_calls.Decision",), theme=THEME)
def landlord_call_amount_committed(start: dt.datetime, end: dt.datetime) -> tuple[Decimal, int]:
    rows = _applications().filter(decision__outcome="laureate", decision__decided_at__gte=start,
                                  decision__decided_at__lt=end).values_list("decision__amount", "residence_count")
    total = sum((amount / count for amount, count in rows), Decimal(0))
    return total.quantize(CENT, ROUND_HALF_UP), len(rows)


@indicator(code="landlord_call_amount_paid", label=_("Montants payés par les appels bailleurs"),
           definition=_("Paiements faits dans la période aux lauréats dont le projet concerne la résidence "
                        "(partagés à parts égales entre les résidences d'un projet)."),
           unit=_("€"), decimals=2, period="month", higher_is_better=True, counts_people=False,
           sources=("landlord_calls.Payment",), theme=THEME)
def landlord_call_amount_paid(start: dt.datetime, end: dt.datetime) -> tuple[Decimal, int]:
    from network.calls.models import Payment

    total, payments = Decimal(0), 0
    for application in _applications().filter(agreement__isnull=False):
        paid = Payment.objects.filter(instalment__agreement__application=application, paid_on__gte=start.date(),
                                      paid_on__lt=end.date()).aggregate(s=Sum("amount"), n=Count("id"))
        if paid["n"]:
            total += paid["s"] / application.residence_count
            payments += paid["n"]
    return total.quantize(CENT, ROUND_HALF_UP), payments


@indicator(code="landlord_call_targets_met", label=_("Objectifs atteints des lauréats"),
           definition=_("Part des valeurs déclarées dans les comptes rendus de résultats déposés dans la période "
                        "(projets concernant la résidence) qui atteignent ou dépassent leur objectif."),
           unit=_("%"), decimals=1, period="month", higher_is_better=True, counts_people=False,
           sources=("landlord_calls.ResultValue",), theme=THEME)
def landlord_call_targets_met(start: dt.datetime, end: dt.datetime) -> tuple[Decimal | None, int]:
    from network.calls.models import ResultValue

    values = ResultValue.objects.filter(
        report__agreement__application__in=_applications().values("pk"), report__submitted_at__gte=start,
        report__submitted_at__lt=end).values_list("actual", "target__value")
    rows = list(values)
    if not rows:
        return None, 0
    met = sum(1 for actual, target in rows if actual >= target)
    return (Decimal(met * 100) / len(rows)).quantize(Decimal("0.1"), ROUND_HALF_UP), len(rows)
