"""A resident's opt-outs: a corrected address lifts a bounce (and only a bounce), the coordinator's screen lists
them and lifts them, an opt-out the person asked for only at their request, and nobody else reaches it."""
import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from core.messaging import services
from core.messaging.models import Channel, Delivery, OptOut, OptOutSource
from core.people.services import resident_update
from core.privacy.selectors import audit_entries_for_resident
from tests.conftest import client_on
from tests.messaging.helpers import email_resident, sms_resident

pytestmark = pytest.mark.django_db


def _edit_form(resident, **changes) -> dict:
    """The resident's edit form as the coordinator posts it, with `changes` typed in."""
    data = {"first_name": resident.first_name, "last_name_initial": resident.last_name_initial,
            "pseudonym": resident.pseudonym, "age_band": resident.age_band,
            "consent_on": resident.consent_on.isoformat(), "household_minors": resident.household_minors,
            "household_adults": resident.household_adults, "household_seniors": resident.household_seniors,
            "contact_channel": resident.contact_channel, "phone": resident.phone, "email": resident.email,
            "languages": resident.languages, "interests": resident.interests}
    return {**data, **changes}


def _channel_of_next_message(resident):
    message = services.message_save(subject="Fête des voisins", body="Bonjour {prenom}, venez !",
                                    target_kind="chosen", chosen_residents=[resident])
    services.deliveries_create(message=message)
    return message, Delivery.objects.get(message=message, resident=resident)


def test_a_corrected_address_lifts_the_bounce_and_the_next_message_goes_by_email(
        residence_a, in_schema, coordinator_a, smtp_sink):
    with in_schema(residence_a):
        odette = email_resident("Odette", email="odette@ancienne.fr")
        services.bounce_stop(resident=odette, channel=Channel.EMAIL)
        _message, row = _channel_of_next_message(odette)
        assert row.channel == Channel.CALL  # bounced: someone calls her to correct it
    client = client_on(residence_a, coordinator_a)
    response = client.post(f"/habitants/{odette.pk}/modifier/", _edit_form(odette, email="Odette@Nouvelle.fr "))
    assert response.status_code == 302, response.content.decode()
    with in_schema(residence_a):
        assert not OptOut.objects.filter(resident=odette).exists()
        message, row = _channel_of_next_message(odette)
        assert row.channel == Channel.EMAIL
        services.deliveries_send(ids=services.due_delivery_ids(message=message))
        # Who lifted it and why: in her audit trail.
        entry = audit_entries_for_resident(resident_id=odette.pk).get(
            content_type=ContentType.objects.get_for_model(OptOut), action=LogEntry.Action.DELETE)
        assert entry.additional_data["lift_reason"] == "contact_corrected" and entry.actor == coordinator_a
    assert [m["to"] for m in smtp_sink.messages] == [["odette@nouvelle.fr"]]


def test_an_opt_out_the_person_asked_for_survives_a_change_of_address(residence_a, in_schema):
    with in_schema(residence_a):
        odette = email_resident("Odette")
        services.opt_out(resident=odette, channel=Channel.EMAIL, source=OptOutSource.UNSUBSCRIBE_LINK)
        marcel = sms_resident("Marcel")
        services.opt_out(resident=marcel, channel=Channel.SMS, source=OptOutSource.SMS_STOP)
        resident_update(resident=odette, email="odette@nouvelle.fr")
        resident_update(resident=marcel, phone="06 98 76 54 32")
        assert OptOut.objects.get(resident=odette).source == OptOutSource.UNSUBSCRIBE_LINK
        assert OptOut.objects.get(resident=marcel).source == OptOutSource.SMS_STOP
        message = services.message_save(subject="Fête", body="Bonjour {prenom}")
        services.deliveries_create(message=message)
        assert not Delivery.objects.filter(message=message).exists()  # neither is written to, not even called


def test_a_corrected_number_lifts_an_sms_bounce_and_only_the_changed_channel(residence_a, in_schema):
    with in_schema(residence_a):
        marcel = sms_resident("Marcel")
        services.bounce_stop(resident=marcel, channel=Channel.SMS)
        resident_update(resident=marcel, first_name="Marcel", phone=" 06 12 34 56 78")  # the same number
        assert OptOut.objects.filter(resident=marcel).exists()
        resident_update(resident=marcel, phone="06 98 76 54 32")
        assert not OptOut.objects.filter(resident=marcel).exists()
        _message, row = _channel_of_next_message(marcel)
        assert row.channel == Channel.SMS
        # A new e-mail address lifts the e-mail bounce, not an SMS one.
        odette = email_resident("Odette")
        services.bounce_stop(resident=odette, channel=Channel.SMS)
        services.bounce_stop(resident=odette, channel=Channel.EMAIL)
        resident_update(resident=odette, email="odette@nouvelle.fr")
        assert list(OptOut.objects.filter(resident=odette).values_list("channel", flat=True)) == [Channel.SMS]


def test_the_opt_outs_page_lists_them_in_french_and_lifts_a_bounce(residence_a, in_schema, coordinator_a):
    with in_schema(residence_a):
        odette = email_resident("Odette")
        services.bounce_stop(resident=odette, channel=Channel.EMAIL)
        services.opt_out(resident=odette, channel=Channel.SMS, source=OptOutSource.SMS_STOP)
        bounce = OptOut.objects.get(resident=odette, channel=Channel.EMAIL)
    client = client_on(residence_a, coordinator_a)
    assert f"/messages/habitants/{odette.pk}/desabonnements/" in client.get(
        f"/habitants/{odette.pk}/modifier/").content.decode()
    page = client.get(f"/messages/habitants/{odette.pk}/desabonnements/").content.decode()
    assert "adresse invalide (rejet)" in page and "STOP par SMS" in page
    lift = f"/messages/habitants/{odette.pk}/desabonnements/{bounce.pk}/lever/"
    confirm = client.get(lift).content.decode()
    assert "Oui, lever le désabonnement" in confirm and 'name="resident_asked"' not in confirm
    with in_schema(residence_a):
        assert OptOut.objects.filter(pk=bounce.pk).exists()  # opening the confirmation changes nothing
    response = client.post(lift)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "recevra de nouveau les messages par e-mail" in page and "adresse invalide (rejet)" not in page
    with in_schema(residence_a):
        assert list(OptOut.objects.filter(resident=odette).values_list("source", flat=True)) == ["stop"]


@pytest.mark.parametrize("source", [OptOutSource.UNSUBSCRIBE_LINK, OptOutSource.SMS_STOP, OptOutSource.SPAM])
def test_lifting_an_opt_out_the_person_asked_for_needs_their_request(residence_a, in_schema, coordinator_a, source):
    with in_schema(residence_a):
        odette = email_resident("Odette")
        opt_out = services.opt_out(resident=odette, channel=Channel.EMAIL, source=source)
    client = client_on(residence_a, coordinator_a)
    lift = f"/messages/habitants/{odette.pk}/desabonnements/{opt_out.pk}/lever/"
    assert "La personne m&#x27;a demandé de recevoir à nouveau les messages" in client.get(lift).content.decode()
    refused = client.post(lift, {})
    assert refused.status_code == 200
    assert "cochez la case seulement si elle vous a demandé" in refused.content.decode()
    with in_schema(residence_a):
        assert OptOut.objects.filter(pk=opt_out.pk).exists()
    assert client.post(lift, {"resident_asked": "on"}).status_code == 302
    with in_schema(residence_a):
        assert not OptOut.objects.filter(pk=opt_out.pk).exists()
        entry = audit_entries_for_resident(resident_id=odette.pk).get(
            content_type=ContentType.objects.get_for_model(OptOut), action=LogEntry.Action.DELETE)
        assert entry.additional_data["lift_reason"] == "resident_asked"
        assert entry.actor == coordinator_a and entry.timestamp is not None
        _message, row = _channel_of_next_message(odette)
        assert row.channel == Channel.EMAIL


def test_the_service_names_the_missing_request(residence_a, in_schema):
    from django.core.exceptions import ValidationError

    with in_schema(residence_a):
        opt_out = services.opt_out(resident=email_resident("Odette"), channel=Channel.EMAIL,
                                   source=OptOutSource.UNSUBSCRIBE_LINK)
        with pytest.raises(ValidationError) as refused:
            services.opt_out_lift(opt_out=opt_out)
        assert list(refused.value.message_dict) == ["resident_asked"]


def test_nobody_outside_residence_a_reaches_its_lift_route(
        residence_a, residence_b, in_schema, coordinator_a, coordinator_b, viewer_l1, head_office):
    with in_schema(residence_a):
        odette = email_resident("Odette")
        opt_out = services.opt_out(resident=odette, channel=Channel.EMAIL, source=OptOutSource.UNSUBSCRIBE_LINK)
    pages = [f"/messages/habitants/{odette.pk}/desabonnements/",
             f"/messages/habitants/{odette.pk}/desabonnements/{opt_out.pk}/lever/"]
    outsiders = {"coordinator of B on A": client_on(residence_a, coordinator_b),
                 "landlord viewer on A": client_on(residence_a, viewer_l1),
                 "coordinator of B on B": client_on(residence_b, coordinator_b),
                 "head office on B": client_on(residence_b, head_office),
                 "head office on the bare domain": client_on(None, head_office)}
    for who, client in outsiders.items():
        for path in pages:
            assert client.get(path).status_code == 404, (who, path)
            assert client.post(path, {"resident_asked": "on"}).status_code == 404, (who, path)
    with in_schema(residence_a):
        assert OptOut.objects.filter(pk=opt_out.pk).exists()


def test_the_api_lists_opt_outs_and_lifts_them_like_the_screen(residence_a, residence_b, in_schema, coordinator_a,
                                                              coordinator_b):
    import json

    with in_schema(residence_a):
        odette, marcel = email_resident("Odette"), email_resident("Marcel")
        bounce = services.bounce_stop(resident=odette, channel=Channel.EMAIL)
        wish = services.opt_out(resident=marcel, channel=Channel.EMAIL, source=OptOutSource.UNSUBSCRIBE_LINK)
    client = client_on(residence_a, coordinator_a)
    listed = client.get(f"/api/opt-outs/?resident={odette.pk}").json()
    assert [(r["id"], r["source"], r["source_label"], r["resident_wish"]) for r in listed["results"]] == [
        (bounce.pk, "bounce", "adresse invalide (rejet)", False)]
    assert client.get("/api/opt-outs/?source=nope").status_code == 400
    # Residence B's coordinator, on B's host, sees none of A's and cannot lift them.
    outsider = client_on(residence_b, coordinator_b)
    assert outsider.get("/api/opt-outs/").json()["results"] == []
    assert outsider.post(f"/api/opt-outs/{wish.pk}/lift/", json.dumps({"resident_asked": True}),
                         content_type="application/json").status_code == 404
    refused = client.post(f"/api/opt-outs/{wish.pk}/lift/", json.dumps({}), content_type="application/json")
    assert refused.status_code == 400 and "resident_asked" in refused.json()
    assert client.post(f"/api/opt-outs/{wish.pk}/lift/", json.dumps({"resident_asked": True}),
                       content_type="application/json").status_code == 204
    assert client.post(f"/api/opt-outs/{bounce.pk}/lift/", json.dumps({}),
                       content_type="application/json").status_code == 204
    with in_schema(residence_a):
        assert not OptOut.objects.exists()
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert "/api/opt-outs/" in schema["paths"] and "/api/opt-outs/{id}/lift/" in schema["paths"]
