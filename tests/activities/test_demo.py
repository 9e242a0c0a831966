"""The activities demo: series with sessions, organisers, registrations and anonymous counts, repeatable."""
import datetime as dt
import random

from core.activities.demo import demo_populate
from core.activities.factories import ActivityFactory
from core.activities.models import Activity, ActivitySeries, ActivityStatus
from core.people.factories import ResidentFactory


def _snapshot():
    # Sorted on every column: ids differ between runs, and the three identical parties tie otherwise.
    return sorted(Activity.objects.values_list("starts_at", "title", "status", "anonymous_children",
                                               "organiser_kind"))


def test_demo_populates_series_and_counts_deterministically(residence_a, in_schema):
    months = [dt.date(2026, m, 1) for m in range(1, 13)]
    snapshots = []
    for _ in range(2):
        with in_schema(residence_a):
            Activity.objects.all().delete()
            ActivitySeries.objects.all().delete()
            for _ in range(3):
                ActivityFactory(title="Repas partagé", kind="festive_event", starts_at=dt.datetime(2026, 3, 7, 15, tzinfo=dt.timezone.utc))
            if not snapshots:
                ResidentFactory.create_batch(20)
            demo_populate(rng=random.Random(7), months=months)
            snapshots.append(_snapshot())
            assert ActivitySeries.objects.count() == 4
            assert Activity.objects.filter(series__isnull=False).count() > 50
            assert Activity.objects.filter(status=ActivityStatus.CANCELLED).exists()
            assert Activity.objects.filter(organiser_kind="resident").exists()
            assert Activity.objects.filter(anonymous_children__gt=0).exists()
    assert snapshots[0] == snapshots[1]


def test_demo_has_a_waiting_list_on_a_full_session_to_come(residence_a, in_schema):
    import datetime as dt
    import random

    from django.utils import timezone

    from core.activities.demo import demo_populate
    from core.activities.models import WaitlistEntry
    from core.people.factories import ResidentFactory
    from reporting.periods import month_start

    with in_schema(residence_a):
        ResidentFactory.create_batch(15)
        today = timezone.localdate()
        months = [month_start(today - dt.timedelta(days=60)), month_start(today)]
        demo_populate(rng=random.Random(7), months=months)
        entry = WaitlistEntry.objects.select_related("activity").first()
        assert entry is not None
        assert entry.activity.registrations.count() >= entry.activity.capacity
