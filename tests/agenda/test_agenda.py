"""The month and week agenda: activities and drop-in sessions, navigable."""
import datetime as dt

from core.activities.factories import ActivityFactory
from core.dropins.factories import DropInSlotFactory
from core.dropins.models import Recurrence
from tests.conftest import aware, client_on


def test_week_view_lists_activities_and_sessions_by_day(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        ActivityFactory(title="Repas partagé", starts_at=aware(2026, 10, 14, 12), ends_at=aware(2026, 10, 14, 14))
        ActivityFactory(title="Goûter du lundi", starts_at=aware(2026, 10, 19, 12), ends_at=aware(2026, 10, 19, 14))
        DropInSlotFactory(first_date=dt.date(2026, 9, 1), recurrence=Recurrence.WEEKLY, place="Bureau")
    client = client_on(residence_a, coordinator_a)
    page = client.get("/agenda/?vue=semaine&date=2026-10-15").content.decode()
    assert "semaine du 12 octobre 2026" in page and ">lundi<" in page
    assert "Repas partagé" in page and "Goûter du lundi" not in page
    assert page.count("agenda-entry agenda-dropin") == 1  # Tuesday 13 October
    assert "date=2026-10-05" in page and "date=2026-10-19" in page  # previous / next week


def test_month_view_spans_whole_weeks(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        ActivityFactory(title="Fête d'Halloween", starts_at=aware(2026, 10, 31, 18), ends_at=aware(2026, 10, 31, 21))
        DropInSlotFactory(first_date=dt.date(2026, 10, 6), recurrence=Recurrence.WEEKLY,
                          last_date=dt.date(2026, 10, 27))
    page = client_on(residence_a, coordinator_a).get("/agenda/?vue=mois&date=2026-10-20").content.decode()
    assert "octobre 2026" in page and "Fête d&#x27;Halloween" in page
    assert page.count("agenda-entry agenda-dropin") == 4
    assert "date=2026-09-01" in page and "date=2026-11-01" in page


def test_bad_date_falls_back_to_today(residence_a, coordinator_a):
    assert client_on(residence_a, coordinator_a).get("/agenda/?vue=mois&date=31-02").status_code == 200
