"""Subject access: the JSON export holds what every app records about the resident, and nobody else's."""
import datetime as dt
import json

import pytest

from core.activities.factories import ActivityFactory, RegistrationFactory
from core.dropins.factories import DropInVisitFactory, FollowUpFactory
from core.evaluation.factories import SurveyResponseFactory, SurveyWaveFactory
from core.people.factories import ResidentFactory
from core.portal.services import magic_link_create
from core.spaces.factories import BookingFactory, DeskSignInFactory
from tests.conftest import aware, client_on

pytestmark = pytest.mark.django_db


def test_export_holds_registrations_visits_follow_ups_answers_bookings_and_links(
    residence_a, coordinator_a, in_schema
):
    with in_schema(residence_a):
        person = ResidentFactory(first_name="Eulalie", pseudonym="")
        other = ResidentFactory(first_name="Barnabé", pseudonym="")
        activity = ActivityFactory(title="Atelier numérique", starts_at=aware(2026, 3, 3, 14),
                                   ends_at=aware(2026, 3, 3, 16))
        RegistrationFactory(activity=activity, resident=person)
        RegistrationFactory(activity=ActivityFactory(title="Cours de salsa"), resident=other)
        visit = DropInVisitFactory(resident=person, visited_at=aware(2026, 3, 10, 15), note="Dossier APL à finir")
        FollowUpFactory(visit=visit, opened_on=dt.date(2026, 3, 10), closed_on=dt.date(2026, 3, 12),
                        outcome="Dossier envoyé à la CAF")
        FollowUpFactory(visit=DropInVisitFactory(resident=other, note="Fuite chez Barnabé"),
                        outcome="Plombier appelé pour Barnabé", closed_on=dt.date.today())
        wave = SurveyWaveFactory(label="Printemps 2026")
        SurveyResponseFactory(wave=wave, resident=person, answered_on=dt.date(2026, 3, 15), loneliness=3)
        SurveyResponseFactory(wave=wave, resident=other, answered_on=dt.date(2026, 3, 16))
        BookingFactory(booker_kind="resident", resident=person, title="Anniversaire d'Eulalie",
                       note="Salle pour 12 personnes")
        DeskSignInFactory(resident=person, visitor_name="")
        link, token = magic_link_create(resident=person, created_by_id=coordinator_a.pk)

    response = client_on(residence_a, coordinator_a).get(f"/donnees-personnelles/habitants/{person.pk}/export.json")
    assert response.status_code == 200
    records = json.loads(response.content)["records"]

    assert [row["animation"] for row in records["inscriptions"]] == ["Atelier numérique (2026-03-03T14:00:00+01:00)"]
    assert [row["note"] for row in records["passages à la permanence"]] == ["Dossier APL à finir"]
    assert [row["suite donnée"] for row in records["suites à donner"]] == ["Dossier envoyé à la CAF"]
    assert records["suites à donner"][0]["clos le"] == "2026-03-12"
    assert [row["sentiment de solitude"] for row in records["réponses au questionnaire"]] == [3]
    assert [row["intitulé"] for row in records["réservations"]] == ["Anniversaire d'Eulalie"]
    assert len(records["passages au coworking"]) == 1
    links = records["liens d'accès habitant·es"]
    assert len(links) == 1 and links[0]["expire le"]
    text = json.dumps(records, ensure_ascii=False)
    # Nobody else's records, and no secret: neither the token nor its hash.
    assert "Barnabé" not in text and "salsa" not in text
    assert link.token_hash not in text and token not in text and "empreinte" not in text
