"""Two registrations through the API at the same moment for the last place: the database decides.

Two threads, each with its own connection and its own logged-in client, post at once on committed rows;
the session's row lock (SELECT … FOR UPDATE in `registration_create`) makes the second wait for the first
and then count its registration: one gets the place, the other the waiting list (or, asked so, a refusal)."""
import threading

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from core.activities.factories import ActivityFactory
from core.activities.models import Activity, Registration, WaitlistEntry
from core.people.factories import ResidentFactory
from core.people.models import Resident
from tests.conftest import client_on

pytestmark = pytest.mark.django_db(transaction=True)
ROUNDS = 3


@pytest.fixture
def last_place(residence_a):
    """A session with 2 places, one already taken, and two residents who want the other one."""
    with schema_context(residence_a.schema_name):
        activity = ActivityFactory(capacity=2)
        Registration.objects.create(activity=activity, resident=ResidentFactory())
        wanting = ResidentFactory.create_batch(2)
    yield activity, wanting
    with schema_context(residence_a.schema_name):  # committed rows of the residence schema: ours to remove
        WaitlistEntry.objects.all().delete()
        Registration.objects.all().delete()
        Activity.objects.all().delete()
        Resident.objects.all().delete()


def _race(residence, coordinator, activity, wanting, **extra) -> list:
    barrier = threading.Barrier(2)
    answers = []
    url = f"/api/activities/{activity.pk}/registrations/"

    def attempt(resident):
        try:
            client = client_on(residence, coordinator)
            barrier.wait(timeout=20)
            answers.append(client.post(url, {"resident": resident.pk, **extra}, content_type="application/json"))
        finally:
            connection.close()  # each thread's own connection

    threads = [threading.Thread(target=attempt, args=(resident,)) for resident in wanting]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(answers) == 2
    return answers


def _reset(residence, activity):
    with schema_context(residence.schema_name):
        WaitlistEntry.objects.filter(activity=activity).delete()
        Registration.objects.filter(activity=activity).exclude(pk=Registration.objects.filter(
            activity=activity).order_by("id").values("id")[:1]).delete()


def test_two_registrations_for_the_last_place_one_gets_it_the_other_waits(residence_a, coordinator_a, last_place):
    activity, wanting = last_place
    for _round in range(ROUNDS):
        _reset(residence_a, activity)
        answers = _race(residence_a, coordinator_a, activity, wanting)
        assert [a.status_code for a in answers] == [201, 201]
        outcomes = sorted((a.json()["outcome"]["status"], a.json()["outcome"]["position"]) for a in answers)
        assert outcomes == [("registered", None), ("waiting", 1)]
        with schema_context(residence_a.schema_name):
            assert Registration.objects.filter(activity=activity).count() == 2
            assert WaitlistEntry.objects.filter(activity=activity).count() == 1


def test_two_registrations_for_the_last_place_without_waiting_list_one_is_refused(residence_a, coordinator_a,
                                                                                  last_place):
    activity, wanting = last_place
    for _round in range(ROUNDS):
        _reset(residence_a, activity)
        answers = _race(residence_a, coordinator_a, activity, wanting, waitlist=False)
        assert sorted(a.status_code for a in answers) == [201, 400]
        refused = next(a for a in answers if a.status_code == 400)
        assert refused.json()["resident"] == ["Complet : les 2 places de cette animation sont déjà prises."]
        with schema_context(residence_a.schema_name):
            assert Registration.objects.filter(activity=activity).count() == 2
            assert not WaitlistEntry.objects.filter(activity=activity).exists()
