"""The coordinator's home page: today, this week, follow-ups to close, people not seen for a while."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.activities.factories import ActivityFactory
from core.dropins.factories import DropInSlotFactory, DropInVisitFactory, FollowUpFactory
from core.dropins.models import Recurrence
from core.people.factories import ResidentFactory
from core.safety.factories import SafetyCheckFactory
from core.spaces.factories import BookingFactory
from tests.conftest import client_on


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def test_home_shows_today_week_follow_ups_and_people_to_reach(residence_a, coordinator_a, in_schema):
    today = timezone.localdate()
    other_day = today + dt.timedelta(days=1) if today.weekday() < 6 else today - dt.timedelta(days=1)
    with in_schema(residence_a):
        ActivityFactory(title="Atelier couture", starts_at=_at(today, 14), ends_at=_at(today, 16))
        ActivityFactory(title="Loto intergénérationnel", starts_at=_at(other_day, 15), ends_at=_at(other_day, 17))
        ActivityFactory(title="Sortie lointaine", starts_at=_at(today + dt.timedelta(days=30), 10),
                        ends_at=_at(today + dt.timedelta(days=30), 12))
        DropInSlotFactory(first_date=today - dt.timedelta(weeks=3), recurrence=Recurrence.WEEKLY, place="Bureau 2")
        FollowUpFactory(visit__note="Dossier CAF de Mme R.", visit__resident=None)
        ResidentFactory(first_name="Jamaisvue", pseudonym="")
        seen = ResidentFactory(first_name="Venuehier", pseudonym="")
        DropInVisitFactory(resident=seen, visited_at=timezone.now() - dt.timedelta(days=1))
    page = client_on(residence_a, coordinator_a).get("/").content.decode()
    today_panel = page.split('id="today-title"')[1].split("</section>")[0]
    week_panel = page.split('id="week-title"')[1].split("</section>")[0]
    assert "Atelier couture" in today_panel and "Permanence" in today_panel and "Bureau 2" in today_panel
    assert "Loto intergénérationnel" in week_panel and "Sortie lointaine" not in page
    assert "Dossier CAF de Mme R." in page
    not_seen_panel = page.split('id="not-seen-title"')[1].split("</section>")[0]
    assert "Jamaisvue" in not_seen_panel and "Venuehier" not in not_seen_panel
    assert "pas vu·es depuis 8 semaines" in not_seen_panel
    # The two panels other apps will fill are marked.
    assert 'id="panel-bookings"' in page and 'id="panel-safety"' in page


def test_aller_vers_weeks_can_be_changed(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        resident = ResidentFactory(first_name="Troissemaines", pseudonym="")
        DropInVisitFactory(resident=resident, visited_at=timezone.now() - dt.timedelta(weeks=3))
    client = client_on(residence_a, coordinator_a)
    assert "Troissemaines" not in client.get("/").content.decode()
    assert "Troissemaines" in client.get("/?semaines=2").content.decode()
    assert "pas vu·es depuis 8 semaines" in client.get("/?semaines=abc").content.decode()


def test_home_query_count_is_pinned(residence_a, coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)
    today = timezone.localdate()

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/").status_code == 200
        return len(ctx)

    def add(n: int):
        with in_schema(residence_a):
            for i in range(n):
                ActivityFactory(starts_at=_at(today, 9 + i % 10), ends_at=_at(today, 10 + i % 10))
                FollowUpFactory()
                ResidentFactory()
                DropInSlotFactory(first_date=today, recurrence=Recurrence.WEEKLY)
                BookingFactory(starts_at=_at(today, 9 + i % 10), ends_at=_at(today, 10 + i % 10))
                SafetyCheckFactory(next_due_on=today - dt.timedelta(days=1 + i))

    add(1)
    few = count()
    add(25)
    assert count() == few
    # host lookup (not cached inside a test transaction) + 13 reads (one of them the partners' open
    # next steps), no SET: same schema. The shell's residence switcher costs nothing for a coordinator
    # of one residence (the memberships came with the user).
    assert few == 14, few


def test_home_shows_this_weeks_bookings_and_overdue_safety_checks(residence_a, coordinator_a, in_schema):
    today = timezone.localdate()
    with in_schema(residence_a):
        BookingFactory(title="Atelier équilibre", starts_at=_at(today, 14), ends_at=_at(today, 16),
                       space__name="Salle commune des Tilleuls")
        BookingFactory(title="Réservation d'il y a un mois", starts_at=_at(today - dt.timedelta(days=35), 14),
                       ends_at=_at(today - dt.timedelta(days=35), 16))
        SafetyCheckFactory(label="Extincteur du jardin", next_due_on=today - dt.timedelta(days=3))
        SafetyCheckFactory(label="Trousse à jour", next_due_on=today + dt.timedelta(days=20))
    page = client_on(residence_a, coordinator_a).get("/").content.decode()
    assert "Atelier équilibre" in page and "Salle commune des Tilleuls" in page
    assert "il y a un mois" not in page
    assert "Extincteur du jardin" in page and "Trousse à jour" not in page


@pytest.mark.parametrize("path", ["/", "/agenda/", "/agenda/?vue=mois", "/agenda/parametres/"])
def test_pages_need_a_member(path, residence_a, residence_b, coordinator_b):
    assert client_on(residence_a).get(path).status_code == 302
    assert client_on(residence_a, coordinator_b).get(path).status_code == 404
