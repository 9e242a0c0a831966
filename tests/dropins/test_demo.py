"""The drop-in demo: plausible, valid records (residents' details respect the contact rule)."""
import datetime as dt
import random

from django.utils import timezone

from core.dropins.demo import demo_populate
from core.dropins.models import DropInSlot, DropInVisit, FollowUp
from core.people.factories import ResidentFactory
from core.people.models import Resident


def test_demo_populate_makes_valid_records(residence_a, in_schema):
    today = timezone.localdate()
    months = sorted({(today - dt.timedelta(days=30 * i)).replace(day=1) for i in range(4)})
    with in_schema(residence_a):
        ResidentFactory.create_batch(30)
        demo_populate(rng=random.Random(2026), months=months)
        assert DropInSlot.objects.count() == 2
        assert DropInVisit.objects.filter(visited_at__gt=timezone.now()).count() == 0
        assert DropInVisit.objects.count() > 20
        assert FollowUp.objects.filter(closed_on__isnull=True).exists()
        for follow_up in FollowUp.objects.all():
            follow_up.full_clean()
        for resident in Resident.objects.all():
            resident.full_clean()
            assert "fr" in resident.languages
