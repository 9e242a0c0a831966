"""The portal grows: agenda, sign up / cancel (capacity kept), an idea, one's own data, reminders, and the
hall entrance with a short code. A resident session of A does nothing on B."""
import datetime as dt
import json
import re

import pytest
from django.utils import timezone

from core.activities.factories import ActivityFactory, RegistrationFactory
from core.activities.models import Registration
from core.messaging.models import Idea, PortalEvent, ReminderOptIn
from core.people.factories import ResidentFactory
from core.portal.services import activity_ref, magic_link_create
from core.privacy.factories import SensitiveRecordFactory
from tests.conftest import client_on

pytestmark = pytest.mark.django_db


def _in(days: int, hour: int = 14) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=days), dt.time(hour)))


def _session(residence, resident, in_schema):
    with in_schema(residence):
        _, token = magic_link_create(resident=resident, created_by_id=1)
    client = client_on(residence)
    assert client.post(f"/portail/acces/{token}/").status_code == 302
    return client


def _links(page: str) -> list[str]:
    return re.findall(r'href="(/portail/[^"]*)"', page)


def test_sign_up_within_three_taps_of_the_link_then_cancel(residence_a, in_schema):
    with in_schema(residence_a):
        odette = ResidentFactory(first_name="Odette", pseudonym="")
        tricot = ActivityFactory(title="Atelier tricot", starts_at=_in(3), capacity=10)
    client = _session(residence_a, odette, in_schema)  # tap 1: « Ouvrir mon espace »
    home = client.get("/portail/").content.decode()
    assert "/portail/agenda/" in _links(home)
    agenda = client.get("/portail/agenda/").content.decode()  # tap 2
    assert "Atelier tricot" in agenda and f"/portail/agenda/{activity_ref(tricot.pk)}/" in _links(agenda)
    page = client.get(f"/portail/agenda/{activity_ref(tricot.pk)}/").content.decode()  # tap 3, then the button
    assert "Je m&#x27;inscris" in page or "Je m'inscris" in page
    assert "Il reste 10 places" in page
    done = client.post(f"/portail/agenda/{activity_ref(tricot.pk)}/", {"action": "signup"})
    assert "vous êtes inscrit·e" in done.content.decode()
    with in_schema(residence_a):
        assert Registration.objects.filter(activity=tricot, resident=odette).exists()
        assert PortalEvent.objects.filter(resident=odette, kind="signed_up", activity=tricot).exists()
    assert "Vous êtes inscrit·e" in client.get("/portail/agenda/").content.decode()
    client.post(f"/portail/agenda/{activity_ref(tricot.pk)}/", {"action": "cancel"})
    with in_schema(residence_a):
        assert not Registration.objects.filter(activity=tricot, resident=odette).exists()
        assert PortalEvent.objects.filter(resident=odette, kind="cancelled").exists()


def test_a_full_activity_puts_the_resident_on_the_waiting_list_and_a_freed_place_is_theirs(residence_a, in_schema):
    with in_schema(residence_a):
        odette = ResidentFactory(first_name="Odette", pseudonym="")
        sortie = ActivityFactory(title="Sortie au musée", starts_at=_in(5), capacity=1)
        first = RegistrationFactory(activity=sortie)
    client = _session(residence_a, odette, in_schema)
    path = f"/portail/agenda/{activity_ref(sortie.pk)}/"
    page = client.get(path).content.decode()
    assert "complet" in page and "M'inscrire sur la liste d'attente" in page
    done = client.post(path, {"action": "signup"}).content.decode()
    assert "vous êtes sur la liste d&#x27;attente" in done  # the text is escaped as a variable
    with in_schema(residence_a):
        assert sortie.registrations.count() == 1  # the capacity holds
        assert sortie.waitlist.filter(resident=odette).exists()
        assert not PortalEvent.objects.filter(resident=odette, kind="signed_up").exists()
    assert "Je me retire de la liste d'attente" in client.get(path).content.decode()
    with in_schema(residence_a):
        from core.activities.services import registration_delete

        registration_delete(activity=sortie, resident_id=first.resident_id)  # a place frees
        assert Registration.objects.filter(activity=sortie, resident=odette).exists()
        assert not sortie.waitlist.exists()
    assert "Vous êtes inscrit·e" in client.get(path).content.decode()


def test_leaving_the_waiting_list_from_the_portal(residence_a, in_schema):
    with in_schema(residence_a):
        odette = ResidentFactory(first_name="Odette", pseudonym="")
        sortie = ActivityFactory(title="Sortie au parc", starts_at=_in(5), capacity=1)
        RegistrationFactory(activity=sortie)
    client = _session(residence_a, odette, in_schema)
    path = f"/portail/agenda/{activity_ref(sortie.pk)}/"
    client.post(path, {"action": "signup"})
    client.post(path, {"action": "cancel"})
    with in_schema(residence_a):
        assert not sortie.waitlist.filter(resident=odette).exists()
        assert sortie.registrations.count() == 1


def test_propose_an_idea_and_ask_for_reminders(residence_a, in_schema, coordinator_a):
    with in_schema(residence_a):
        odette = ResidentFactory(first_name="Odette", pseudonym="")
    client = _session(residence_a, odette, in_schema)
    assert "Écrivez votre idée" in client.post("/portail/idee/", {"text": " "}).content.decode()
    assert "Merci" in client.post("/portail/idee/", {"text": "Un atelier vélo au printemps"}).content.decode()
    client.post("/portail/rappels/", {"wanted": "1"})
    with in_schema(residence_a):
        assert Idea.objects.get().text == "Un atelier vélo au printemps"
        assert ReminderOptIn.objects.filter(resident=odette).exists()
    assert "Un atelier vélo au printemps" in client_on(residence_a, coordinator_a).get("/messages/idees/").content.decode()


def test_offer_a_skill_within_two_taps_of_the_link(residence_a, residence_b, in_schema, coordinator_a):
    from core.voice.models import SkillEntry

    with in_schema(residence_a):
        odette = ResidentFactory(first_name="Odette", pseudonym="")
    client = _session(residence_a, odette, in_schema)
    assert "/portail/savoir-faire/" in _links(client.get("/portail/").content.decode())
    form = client.get("/portail/savoir-faire/").content.decode()
    assert '<label for="skill-category">' in form and 'value="sewing"' in form
    refused = client.post("/portail/savoir-faire/", {"category": "jonglage"}).content.decode()
    assert "Choisissez ce que vous savez faire." in refused
    done = client.post("/portail/savoir-faire/", {"category": "sewing", "tag": " Retouches ",
                                                 "availability": "le mardi après-midi"})
    assert "Merci" in done.content.decode()
    # Twice the same offer: refused by the database's unique rule, said in plain words.
    again = client.post("/portail/savoir-faire/", {"category": "sewing", "tag": "retouches"}).content.decode()
    assert "déjà noté" in again
    with in_schema(residence_a):
        entry = SkillEntry.objects.get()
        assert (entry.resident_id, entry.direction, entry.category, entry.tag, entry.availability) == (
            odette.pk, "offer", "sewing", "retouches", "le mardi après-midi")
        assert PortalEvent.objects.filter(resident=odette, kind="skill").count() == 1
    # Odette's session replayed on B's host does nothing there.
    thief = client_on(residence_b)
    thief.cookies = client.cookies
    assert thief.post("/portail/savoir-faire/", {"category": "cooking"}).status_code == 403
    with in_schema(residence_b):
        assert not SkillEntry.objects.exists()


def test_export_ones_own_data_only(residence_a, in_schema):
    with in_schema(residence_a):
        odette = ResidentFactory(first_name="Odette", pseudonym="")
        SensitiveRecordFactory(resident=odette, health_situation="Suivi par le SSIAD deux fois par semaine")
        ResidentFactory(first_name="Marcel", pseudonym="")
    client = _session(residence_a, odette, in_schema)
    response = client.get("/portail/mes-donnees/export.json")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["identity"]["prénom"] == "Odette"
    text = response.content.decode()
    assert "Marcel" not in text and "SSIAD" not in text and data["sensitive_record"] is None
    pdf = client.get("/portail/mes-donnees/export.pdf")
    assert pdf.content.startswith(b"%PDF")


def test_hall_entrance_with_a_short_code(residence_a, residence_b, in_schema, coordinator_a):
    with in_schema(residence_a):
        odette = ResidentFactory(first_name="Odette", pseudonym="")
    page = client_on(residence_a, coordinator_a).post(f"/liens-habitants/{odette.pk}/", {"kind": "code"})
    code = re.search(r'class="short-code"><strong>([A-Z0-9]{4}-[A-Z0-9]{4})<', page.content.decode()).group(1)
    # A's code typed on B's entrance opens nothing.
    on_b = client_on(residence_b)
    assert "pas valable" in on_b.post("/portail/entree/", {"code": code}).content.decode()
    visitor = client_on(residence_a)
    assert visitor.get("/portail/agenda/").status_code == 403
    assert visitor.post("/portail/entree/", {"code": code.lower().replace("-", " ")}).status_code == 302
    assert visitor.get("/portail/agenda/").status_code == 200
    # Single use.
    assert "pas valable" in client_on(residence_a).post("/portail/entree/", {"code": code}).content.decode()


def test_a_portal_session_of_a_does_nothing_on_b(residence_a, residence_b, in_schema):
    with in_schema(residence_a):
        odette = ResidentFactory(first_name="Odette", pseudonym="")
    with in_schema(residence_b):
        chorale = ActivityFactory(title="Chorale de B", starts_at=_in(2), capacity=20)
    client = _session(residence_a, odette, in_schema)
    thief = client_on(residence_b)
    thief.cookies = client.cookies
    for path, data in ((f"/portail/agenda/{activity_ref(chorale.pk)}/", {"action": "signup"}), ("/portail/idee/", {"text": "x" * 10}),
                       ("/portail/rappels/", {"wanted": "1"})):
        assert thief.post(path, data).status_code == 403
    assert thief.get("/portail/agenda/").status_code == 403
    assert thief.get("/portail/mes-donnees/export.json").status_code == 403
    with in_schema(residence_b):
        assert chorale.registrations.count() == 0 and not Idea.objects.exists()


def test_the_coordinator_sends_the_link_by_the_residents_channel(residence_a, in_schema, coordinator_a, settings):
    from tests.messaging.helpers import email_resident
    from tests.messaging.stubs import SmtpSink

    with in_schema(residence_a):
        odette = email_resident("Odette")
        jeanne = ResidentFactory(first_name="Jeanne", pseudonym="", contact_channel="in_person")
    coordinator = client_on(residence_a, coordinator_a)
    with SmtpSink() as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
        page = coordinator.post(f"/liens-habitants/{odette.pk}/", {"kind": "send"}).content.decode()
        assert "envoyé à la personne par e-mail" in page
        none = coordinator.post(f"/liens-habitants/{jeanne.pk}/", {"kind": "send"}).content.decode()
        assert "Aucun e-mail ni SMS utilisable" in none
    [mail] = sink.messages
    assert mail["to"] == ["odette@exemple.fr"]
    path = re.search(r"localhost(?::\d+)?(/portail/acces/[^/\s]+/)", mail["mail"].get_content()).group(1)
    assert client_on(residence_a).post(path).status_code == 302  # the link received opens her space
