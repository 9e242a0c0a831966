"""The iCal feed: open without login with the residence's private token, on its own host only."""
import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone
from icalendar import Calendar

from core.activities.factories import ActivityFactory
from core.agenda.services import calendar_feed_ensure
from core.dropins.factories import DropInSlotFactory
from core.dropins.models import Recurrence
from tests.conftest import client_on


def _events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return [c for c in Calendar.from_ical(response.content).walk("VEVENT")]


def test_feed_has_events_in_paris_time_with_stable_uids(residence_a, in_schema):
    today = timezone.localdate()
    start = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=3), dt.time(14, 30)))
    with in_schema(residence_a):
        activity = ActivityFactory(title="Atelier couture", starts_at=start, ends_at=start + dt.timedelta(hours=2))
        DropInSlotFactory(first_date=today, recurrence=Recurrence.WEEKLY, last_date=today + dt.timedelta(weeks=2),
                          start_time=dt.time(9, 30), end_time=dt.time(12))
        token = calendar_feed_ensure().token
    anonymous = client_on(residence_a)
    events = _events(anonymous.get(f"/agenda/ical/{token}.ics"))
    by_summary = {}
    for event in events:
        by_summary.setdefault(str(event["SUMMARY"]), []).append(event)
    couture = by_summary["Atelier couture"][0]
    dtstart = couture.decoded("DTSTART")
    assert couture["DTSTART"].params["TZID"] == "Europe/Paris"
    assert (dtstart.hour, dtstart.minute) == (14, 30)
    assert couture.decoded("DTEND") - dtstart == dt.timedelta(hours=2)
    assert str(couture["UID"]) == f"activity-{activity.pk}@{residence_a.slug}.participactives"
    sessions = by_summary["Permanence"]
    assert len(sessions) == 3
    assert all(e.decoded("DTSTART").astimezone(ZoneInfo("Europe/Paris")).hour == 9 for e in sessions)
    # Same UIDs on the next fetch: calendar apps update events instead of duplicating them.
    again = _events(anonymous.get(f"/agenda/ical/{token}.ics"))
    assert sorted(str(e["UID"]) for e in again) == sorted(str(e["UID"]) for e in events)
    assert len({str(e["UID"]) for e in events}) == len(events)
    assert b"VTIMEZONE" in anonymous.get(f"/agenda/ical/{token}.ics").content


def test_wrong_token_or_other_residence_token_is_404(residence_a, residence_b, coordinator_b, in_schema):
    with in_schema(residence_a):
        token_a = calendar_feed_ensure().token
    with in_schema(residence_b):
        token_b = calendar_feed_ensure().token
    assert client_on(residence_a).get("/agenda/ical/pas-le-bon-jeton.ics").status_code == 404
    assert client_on(residence_b).get(f"/agenda/ical/{token_a}.ics").status_code == 404
    assert client_on(residence_a).get(f"/agenda/ical/{token_b}.ics").status_code == 404
    assert client_on(None).get(f"/agenda/ical/{token_a}.ics").status_code == 404
    assert client_on(residence_b, coordinator_b).get(f"/agenda/ical/{token_a}.ics").status_code == 404
    assert client_on(residence_b).get(f"/agenda/ical/{token_b}.ics").status_code == 200


def test_coordinator_sees_and_regenerates_the_token(residence_a, coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)
    page = client.get("/agenda/parametres/").content.decode()
    with in_schema(residence_a):
        old = calendar_feed_ensure().token
    assert f"/agenda/ical/{old}.ics" in page
    # Not without ticking the confirmation.
    assert "Cochez la case pour confirmer." in client.post("/agenda/parametres/", {}).content.decode()
    with in_schema(residence_a):
        assert calendar_feed_ensure().token == old
    assert client.post("/agenda/parametres/", {"confirm": "on"}).status_code == 302
    with in_schema(residence_a):
        new = calendar_feed_ensure().token
    assert new != old
    anonymous = client_on(residence_a)
    assert anonymous.get(f"/agenda/ical/{old}.ics").status_code == 404
    assert anonymous.get(f"/agenda/ical/{new}.ics").status_code == 200
