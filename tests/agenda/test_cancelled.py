"""Cancelled sessions: marked « annulée » on the agenda and the home page, STATUS:CANCELLED in the feed."""
import datetime as dt

from django.utils import timezone
from icalendar import Calendar

from core.activities.factories import ActivityFactory
from core.activities.services import activity_cancel
from core.agenda.services import calendar_feed_ensure
from tests.conftest import aware, client_on


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _entry_html(page: str, title: str) -> str:
    """The <li> of the agenda entry holding `title`."""
    before, _, after = page.partition(title)
    return before[before.rindex("<li"):] + title + after[:after.index("</li>")]


def test_agenda_strikes_through_a_cancelled_session_and_does_not_count_it(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        held = ActivityFactory(title="Repas partagé", starts_at=aware(2026, 10, 14, 12), ends_at=aware(2026, 10, 14, 14))
        cancelled = ActivityFactory(title="Gym douce", starts_at=aware(2026, 10, 15, 10),
                                    ends_at=aware(2026, 10, 15, 11))
        activity_cancel(activity=cancelled, reason="Intervenante malade")
    for view in ("semaine", "mois"):
        page = client_on(residence_a, coordinator_a).get(f"/agenda/?vue={view}&date=2026-10-15").content.decode()
        gym = _entry_html(page, "Gym douce")
        assert "agenda-cancelled" in gym and "<s>" in gym and "annulée" in gym
        assert f"/activites/{cancelled.pk}/" in gym and "presences" not in gym  # the detail page, with the reason
        repas = _entry_html(page, "Repas partagé")
        assert "agenda-cancelled" not in repas and "annulée" not in repas
        assert f"/activites/{held.pk}/" in repas
        assert "1 rendez-vous" in page  # the cancelled session is shown, not counted


def test_home_does_not_count_a_cancelled_session_as_happening(residence_a, coordinator_a, in_schema):
    today = timezone.localdate()
    with in_schema(residence_a):
        activity = ActivityFactory(title="Atelier couture", starts_at=_at(today, 14), ends_at=_at(today, 16))
        activity_cancel(activity=activity, reason="Salle indisponible")
    page = client_on(residence_a, coordinator_a).get("/").content.decode()
    today_panel = page.split('id="today-title"')[1].split("</section>")[0]
    assert "Atelier couture" in today_panel and "annulée" in today_panel and "<s>" in today_panel
    assert "Rien de prévu aujourd&#x27;hui." in today_panel or "Rien de prévu aujourd'hui." in today_panel


def test_feed_marks_a_cancelled_session_cancelled_under_the_same_uid(residence_a, in_schema):
    today = timezone.localdate()
    start = _at(today + dt.timedelta(days=2), 15)
    with in_schema(residence_a):
        held = ActivityFactory(title="Loto intergénérationnel", starts_at=start, ends_at=start + dt.timedelta(hours=2))
        cancelled = ActivityFactory(title="Sortie au marché", starts_at=start, ends_at=start + dt.timedelta(hours=2))
        token = calendar_feed_ensure().token
    client = client_on(residence_a)

    def events():
        response = client.get(f"/agenda/ical/{token}.ics")
        assert response.status_code == 200
        return {str(e["UID"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}

    uid = f"activity-{cancelled.pk}@{residence_a.slug}.participactives"
    assert str(events()[uid]["STATUS"]) == "CONFIRMED"
    with in_schema(residence_a):
        activity_cancel(activity=cancelled, reason="Pluie annoncée")
    after = events()
    event = after[uid]  # same UID: calendar apps update the event instead of keeping a ghost
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]) == "Annulée : Sortie au marché"
    assert str(event["TRANSP"]) == "TRANSPARENT"
    other = after[f"activity-{held.pk}@{residence_a.slug}.participactives"]
    assert str(other["STATUS"]) == "CONFIRMED" and str(other["SUMMARY"]) == "Loto intergénérationnel"
