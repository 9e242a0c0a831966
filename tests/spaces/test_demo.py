"""The demo data of spaces and safety: deterministic, valid, and exercising every part."""
import datetime as dt

from django.utils import timezone

from core.people.factories import ResidentFactory
from core.safety.models import CheckRecord, Incident, RulesAcknowledgement, SafetyCheck
from core.spaces.demo import demo_populate
from core.spaces.models import Booking, DeskSignIn, Space


def test_demo_populate_fills_a_residence(residence_a, in_schema):
    month = timezone.localdate().replace(day=1)
    previous = (month - dt.timedelta(days=1)).replace(day=1)
    with in_schema(residence_a):
        ResidentFactory.create_batch(10)
        demo_populate(seed="2026-test", months=[previous, month])
        assert Space.objects.count() == 6
        kinds = set(Booking.objects.values_list("booker_kind", flat=True))
        assert kinds >= {"partner", "coordinator"}
        assert Booking.objects.filter(workshop_theme="fall_prevention").exists()
        assert RulesAcknowledgement.objects.count() == 9
        assert SafetyCheck.objects.count() == 4 and Incident.objects.count() == 3
        assert CheckRecord.objects.exists() and DeskSignIn.objects.exists()
