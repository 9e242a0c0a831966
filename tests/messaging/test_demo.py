"""The messaging demo data: templates, a sent message with every status, a draft, opt-ins, ideas, portal use."""
import datetime as dt

from django.utils import timezone

from core.activities.factories import ActivityFactory
from core.messaging.demo import demo_populate
from core.messaging.models import Delivery, Idea, Message, MessageTemplate, OptOut, PortalEvent
from core.people.factories import ResidentFactory


def test_demo_populate_fills_a_residence(residence_a, in_schema):
    month = timezone.localdate().replace(day=1)
    previous = (month - dt.timedelta(days=1)).replace(day=1)
    with in_schema(residence_a):
        for i in range(12):
            channel = ("email", "sms", "in_person")[i % 3]
            ResidentFactory(contact_channel=channel, email=f"p{i}@exemple.fr" if channel == "email" else "",
                            phone="06 11 22 33 44" if channel == "sms" else "")
        ActivityFactory(starts_at=timezone.now() + dt.timedelta(days=3))
        demo_populate(seed="2026-test", months=[previous, month])
        assert MessageTemplate.objects.count() == 3
        assert set(Message.objects.values_list("status", flat=True)) == {"sent", "draft"}
        channels = set(Delivery.objects.values_list("channel", flat=True))
        assert channels == {"email", "call"}  # the SMS people gave no SMS consent here: they go on the call list
        assert Idea.objects.exists() and PortalEvent.objects.exists()
        # The provider's reports made their opt-outs: a spam complaint here, and every bounce stops its channel.
        assert OptOut.objects.filter(channel="email", source="spam").exists()
        assert OptOut.objects.filter(channel="email", source="bounce").exists()  # the opt-outs page shows one
        for row in Delivery.objects.filter(status="bounced"):
            assert OptOut.objects.filter(resident=row.resident, channel=row.channel, source="bounce").exists()
