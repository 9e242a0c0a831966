"""Communication indicators (see reporting/indicators.py): messages sent by channel, residents reached,
portal users and sign-ups made in the portal."""
import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from core.messaging import selectors
from core.messaging.models import Channel
from reporting.indicators import indicator

THEME = "communication"


@indicator(code="messages_sent_email", label=_("Messages envoyés par e-mail"),
           definition=_("Nombre d'e-mails partis (envoyés ou reçus) dans le mois, un par personne et par message."),
           unit=_("messages"), period="month", higher_is_better=True, counts_people=False,
           sources=("messaging.Delivery",), theme=THEME)
def messages_sent_email(start: dt.datetime, end: dt.datetime) -> tuple[Decimal, int]:
    n = selectors.deliveries_sent_between(start=start, end=end, channel=Channel.EMAIL)
    return Decimal(n), n


@indicator(code="messages_sent_sms", label=_("Messages envoyés par SMS"),
           definition=_("Nombre de SMS partis (envoyés ou reçus) dans le mois, un par personne et par message."),
           unit=_("messages"), period="month", higher_is_better=True, counts_people=False,
           sources=("messaging.Delivery",), theme=THEME)
def messages_sent_sms(start: dt.datetime, end: dt.datetime) -> tuple[Decimal, int]:
    n = selectors.deliveries_sent_between(start=start, end=end, channel=Channel.SMS)
    return Decimal(n), n


@indicator(code="messages_calls_made", label=_("Personnes jointes par appel ou porte-à-porte"),
           definition=_("Lignes de la liste d'appels cochées « joint·e » dans le mois."),
           unit=_("appels"), period="month", higher_is_better=True, counts_people=False,
           sources=("messaging.Delivery",), theme=THEME)
def messages_calls_made(start: dt.datetime, end: dt.datetime) -> tuple[Decimal, int]:
    n = selectors.calls_made_between(start=start, end=end)
    return Decimal(n), n


@indicator(code="residents_reached_by_message", label=_("Habitant·es touché·es par un message"),
           definition=_("Personnes distinctes à qui un message est parti (e-mail ou SMS envoyé ou reçu) ou qui ont "
                        "été jointes par la liste d'appels dans le mois."),
           unit=_("personnes"), period="month", higher_is_better=True, counts_people=True,
           sources=("messaging.Delivery",), theme=THEME)
def residents_reached_by_message(start: dt.datetime, end: dt.datetime) -> tuple[Decimal, int]:
    n = selectors.residents_reached_between(start=start, end=end)
    return Decimal(n), n


@indicator(code="portal_users", label=_("Habitant·es utilisant leur espace"),
           definition=_("Personnes distinctes ayant ouvert leur espace habitant·e ou agi dedans dans le mois."),
           unit=_("personnes"), period="month", higher_is_better=True, counts_people=True,
           sources=("messaging.PortalEvent",), theme=THEME)
def portal_users(start: dt.datetime, end: dt.datetime) -> tuple[Decimal, int]:
    n = selectors.portal_users_between(start=start, end=end)
    return Decimal(n), n


@indicator(code="portal_signups", label=_("Inscriptions faites depuis l'espace habitant·e"),
           definition=_("Inscriptions à une animation faites par les habitant·es eux-mêmes dans leur espace, "
                        "dans le mois."),
           unit=_("inscriptions"), period="month", higher_is_better=True, counts_people=False,
           sources=("messaging.PortalEvent",), theme=THEME)
def portal_signups(start: dt.datetime, end: dt.datetime) -> tuple[Decimal, int]:
    n = selectors.portal_signups_between(start=start, end=end)
    return Decimal(n), n
