"""Indicators of the partner network (see reporting/indicators.py)."""
import datetime as dt
from decimal import Decimal

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.partners.models import Interaction, PartnershipStatus, PartnerStatusChange
from reporting.indicators import figure_read_once, indicator


def paris_days(start: dt.datetime, end: dt.datetime) -> tuple[dt.date, dt.date]:
    """The Paris days [first, last) of a period given as aware bounds."""
    return timezone.localtime(start).date(), timezone.localtime(end).date()


@figure_read_once
def network_figures(start: dt.datetime, end: dt.datetime) -> dict:
    """Partners active, interactions and new active partnerships of the period, in one statement."""
    first, last = paris_days(start, end)
    interactions, changes = Interaction._meta.db_table, PartnerStatusChange._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT count(DISTINCT partner_id) FROM {interactions} WHERE date >= %s AND date < %s),"
            f" (SELECT count(*) FROM {interactions} WHERE date >= %s AND date < %s),"
            f" (SELECT count(DISTINCT partner_id) FROM {changes} WHERE status = %s AND changed_on >= %s"
            f" AND changed_on < %s)",
            [first, last, first, last, PartnershipStatus.ACTIVE, first, last])
        active, count, new_active = cursor.fetchone()
    return {"active": active, "interactions": count, "new_active": new_active}


@indicator(code="partners_active", label=_("Partenaires actifs"),
           definition=_("Partenaires avec au moins un échange noté (rendez-vous, appel, réunion…) dans la période."),
           unit=_("partenaires"), period="month", higher_is_better=True, counts_people=False,
           sources=("partners.Interaction",), theme="partnerships")
def partners_active(start, end):
    figures = network_figures(start, end)
    return Decimal(figures["active"]), figures["active"]


@indicator(code="partnerships_new_active", label=_("Nouveaux partenariats actifs"),
           definition=_("Partenaires passés au statut « partenariat actif » dans la période."),
           unit=_("partenariats"), period="month", higher_is_better=True, counts_people=False,
           sources=("partners.PartnerStatusChange",), theme="partnerships")
def partnerships_new_active(start, end):
    figures = network_figures(start, end)
    return Decimal(figures["new_active"]), figures["new_active"]


@indicator(code="partner_interactions", label=_("Échanges avec les partenaires"),
           definition=_("Nombre d'échanges notés avec des partenaires dans la période."),
           unit=_("échanges"), period="month", higher_is_better=True, counts_people=False,
           sources=("partners.Interaction",), theme="partnerships")
def partner_interactions(start, end):
    figures = network_figures(start, end)
    return Decimal(figures["interactions"]), figures["interactions"]
