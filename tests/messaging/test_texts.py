"""The SMS length rule (GSM-7 vs UCS-2) and template variables."""
import pytest
from django.core.exceptions import ValidationError

from core.messaging.texts import check_variables, context_for, render, sms_segments
from tests.conftest import client_on


@pytest.mark.parametrize("text, encoding, units, segments", [
    ("", "GSM-7", 0, 0),
    ("a" * 160, "GSM-7", 160, 1),
    ("a" * 161, "GSM-7", 161, 2),
    ("a" * 306, "GSM-7", 306, 2),
    ("a" * 307, "GSM-7", 307, 3),
    ("Rendez-vous à 14h, salle commune ! €", "GSM-7", 37, 1),  # é à are GSM-7; € counts two
    ("[" * 80, "GSM-7", 160, 1),
    ("[" * 81, "GSM-7", 162, 2),
    ("Goûter des voisins", "UCS-2", 18, 1),  # û is not in GSM-7
    ("û" * 70, "UCS-2", 70, 1),
    ("û" * 71, "UCS-2", 71, 2),
    ("🎉" * 35, "UCS-2", 70, 1),  # an emoji is two UTF-16 units
    ("🎉" * 36, "UCS-2", 72, 2),
])
def test_sms_segments(text, encoding, units, segments):
    length = sms_segments(text)
    assert (length.encoding, length.units, length.segments) == (encoding, units, segments)


def test_unknown_or_broken_variable_is_refused_naming_the_field():
    with pytest.raises(ValidationError) as exc:
        check_variables("body", "Bonjour {prenom}, votre {sante}")
    assert "{sante}" in exc.value.message_dict["body"][0]
    with pytest.raises(ValidationError) as exc:
        check_variables("sms_body", "Bonjour {prenom")
    assert "sms_body" in exc.value.message_dict
    check_variables("body", "Bonjour {prenom}, {animation} le {date} à {heure}, {lieu} : {lien}")


@pytest.mark.django_db
def test_render_uses_first_name_and_activity(residence_a, in_schema):
    from core.activities.factories import ActivityFactory
    from core.people.factories import ResidentFactory
    from tests.conftest import aware

    with in_schema(residence_a):
        resident = ResidentFactory(first_name="Odette", pseudonym="")
        activity = ActivityFactory(title="Atelier tricot", starts_at=aware(2026, 12, 3, 14, 30), place="Salle commune")
        text = render("Bonjour {prenom}, {animation} le {date} à {heure}, {lieu}.",
                      context_for(resident=resident, activity=activity))
    assert text == "Bonjour Odette, Atelier tricot le jeudi 3 décembre à 14h30, Salle commune."


@pytest.mark.django_db
def test_counter_endpoint_uses_the_same_rule_with_the_opt_out_link(residence_a, in_schema, coordinator_a):
    """What is typed, plus the « Stop SMS » link every SMS ends with, counted by `sms_segments`."""
    from core.messaging.services import residence_base_url, sms_text

    with in_schema(residence_a):
        base_url = residence_base_url()
    client = client_on(residence_a, coordinator_a)
    for typed in ("a" * 161, "Goûter"):
        length = sms_segments(sms_text(typed, base_url=base_url, resident_id=None))
        assert length.units > len(typed) + len("\nStop SMS : http://")
        page = client.get("/messages/sms-compteur/", {"sms_body": typed}).content.decode()
        assert (f"{length.units} caractères ({length.encoding}), {length.segments} SMS, "
                f"encore {length.remaining} avant") in page
    assert "UCS-2" in page
