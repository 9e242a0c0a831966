"""The network's demo: published sheets, resources and events, from the residences' own projects and series."""
import datetime as dt

from core.activities.factories import ActivitySeriesFactory
from core.projects.models import ResidentProject
from network.practice.demo import demo_populate
from network.practice.models import NetworkEvent, NetworkResource, PracticeSheet


def test_the_demo_publishes_sheets_and_fills_the_library_and_the_events(residence_a, residence_b, head_office,
                                                                        coordinator_a, coordinator_b, in_schema):
    with in_schema(residence_a):
        ResidentProject.objects.create(title="Potager partagé", carrier_group="Collectif du potager")
    with in_schema(residence_b):
        ActivitySeriesFactory()
    demo_populate(residences=[residence_a, residence_b], head_office=head_office,
                  coordinators=[coordinator_a, coordinator_b], today=dt.date(2026, 6, 1))
    sheets = PracticeSheet.objects.order_by("id")
    assert [s.status for s in sheets] == ["published", "published"]
    assert [s.for_landlords for s in sheets] == [True, False]
    assert NetworkResource.objects.count() == 2 and all(r.versions.count() == 1 for r in NetworkResource.objects.all())
    workshop = NetworkEvent.objects.get(kind="workshop")
    assert workshop.registrations.count() == 3 and workshop.registrations.filter(attended=True).count() == 2
    assert workshop.materials.count() == 1
