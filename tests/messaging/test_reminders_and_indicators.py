"""Reminders the day before (opted-in residents, once each) and the communication indicators and report."""
import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from core.activities.factories import ActivityFactory, RegistrationFactory
from core.activities.services import activity_cancel
from core.messaging import services
from core.messaging.indicators import (
    messages_calls_made,
    messages_sent_email,
    messages_sent_sms,
    portal_signups,
    portal_users,
    residents_reached_by_message,
)
from core.messaging.models import Delivery, DeliveryStatus, Message, PortalEvent
from core.messaging.report_sections import communication
from core.people.factories import ResidentFactory
from reporting.periods import month_bounds
from reporting.reports.sections import RESIDENCE, ReportContext
from tests.conftest import aware
from tests.messaging.helpers import email_resident, sms_resident

pytestmark = pytest.mark.django_db
OCTOBER = month_bounds(dt.date(2026, 10, 1))


def test_reminders_the_day_before_to_opted_in_registered_residents_once(residence_a, in_schema, smtp_sink, brevo):
    with time_machine.travel("2026-12-01 10:00 +01:00", tick=True), in_schema(residence_a):
        odette, marcel, paul = email_resident("Odette"), sms_resident("Marcel"), email_resident("Paul")
        for person in (odette, marcel):
            services.reminder_opt_in_set(resident=person, wanted=True)
        tomorrow = ActivityFactory(title="Gym douce", starts_at=aware(2026, 12, 2, 10), capacity=None)
        later = ActivityFactory(title="Loto", starts_at=aware(2026, 12, 3, 15))
        cancelled = ActivityFactory(title="Sortie annulée", starts_at=aware(2026, 12, 2, 15))
        for activity in (tomorrow, later, cancelled):
            for person in (odette, marcel, paul):
                RegistrationFactory(activity=activity, resident=person)
        activity_cancel(activity=cancelled, reason="Car indisponible")

        first = services.reminders_create()
        second = services.reminders_create()  # the beat may run twice
        assert [m.pk for m in first] == [m.pk for m in second]
        [reminder] = first
        assert reminder.activity == tomorrow and reminder.is_reminder
        services.deliveries_send(ids=services.due_delivery_ids())
        services.deliveries_send(ids=list(Delivery.objects.values_list("pk", flat=True)))
        rows = dict(Delivery.objects.values_list("resident__first_name", "status"))
    assert rows == {"Odette": DeliveryStatus.SENT, "Marcel": DeliveryStatus.SENT}
    [mail] = smtp_sink.messages
    assert mail["mail"]["Subject"] == "Rappel : Gym douce demain"
    [sms] = brevo.requests
    assert sms["content"].split("\nStop SMS : ")[0] == "Bonjour Marcel, rappel : Gym douce demain 10h00, Salle commune. A demain !"


def test_communication_indicators_and_report_section(residence_a, in_schema):
    with in_schema(residence_a):
        message = services.message_save(subject="Fête", body="Bonjour")
        Message.objects.filter(pk=message.pk).update(send_requested_at=aware(2026, 10, 2))
        odette, marcel, jeanne, absent = (ResidentFactory() for _ in range(4))

        def row(resident, channel, status, sent_at=None, called_at=None):
            Delivery.objects.create(message=message, resident=resident, channel=channel, status=status,
                                    sent_at=sent_at, called_at=called_at)

        row(odette, "email", DeliveryStatus.DELIVERED, sent_at=aware(2026, 10, 2))
        row(marcel, "sms", DeliveryStatus.SENT, sent_at=aware(2026, 10, 31, 23, 30))
        row(jeanne, "call", DeliveryStatus.DELIVERED, called_at=aware(2026, 10, 5))
        row(absent, "email", DeliveryStatus.BOUNCED, sent_at=None)
        other = services.message_save(subject="Novembre", body="Bonjour")
        Delivery.objects.create(message=other, resident=odette, channel="email", status="sent",
                                sent_at=aware(2026, 11, 1, 0, 30))
        for who, kind, when in ((odette, "opened", aware(2026, 10, 3)), (odette, "signed_up", aware(2026, 10, 3)),
                                (marcel, "signed_up", aware(2026, 10, 9)), (jeanne, "opened", aware(2026, 9, 30))):
            PortalEvent.objects.create(resident=who, kind=kind, happened_at=when)

        assert messages_sent_email(*OCTOBER) == (Decimal(1), 1)
        assert messages_sent_sms(*OCTOBER) == (Decimal(1), 1)
        assert messages_calls_made(*OCTOBER) == (Decimal(1), 1)
        assert residents_reached_by_message(*OCTOBER) == (Decimal(3), 3)
        assert portal_users(*OCTOBER) == (Decimal(2), 2)
        assert portal_signups(*OCTOBER) == (Decimal(2), 2)
        html = communication(ReportContext(kind=RESIDENCE, year=2026, residence=residence_a))
    reached = html.split("touché·es par au moins un message")[1].split("</tr>")[0]
    assert '<td class="num">3</td>' in reached
    signups = html.split("dans leur espace</th>")[1].split("</tr>")[0]
    assert '<td class="num">2</td>' in signups
