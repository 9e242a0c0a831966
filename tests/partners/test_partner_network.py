"""The partner network: identity checks, dated status, interactions and next steps on the home page,
the partner page's story, duplicates flagged and merged, network meetings, the network table, the API."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.activities.factories import ActivityFactory
from core.partners.factories import PartnerFactory
from core.partners.models import Interaction, Partner, PartnerStatusChange
from core.partners.selectors import network_view, partner_duplicates, partner_list
from core.partners.services import (
    interaction_record,
    network_meeting_save,
    partner_create,
    partner_merge,
    partner_status_set,
)
from core.spaces.factories import BookingFactory
from tests.conftest import client_on

VALID_SIRET = "73282932000074"  # a real key (Luhn)


def test_siret_and_rna_are_checked_and_named(residence_a, in_schema):
    with in_schema(residence_a):
        with pytest.raises(ValidationError) as refused:
            partner_create(name="Asso", siret="73282932000075")
        assert "clé de contrôle" in refused.value.message_dict["siret"][0]
        with pytest.raises(ValidationError) as refused:
            partner_create(name="Asso", siret="1234", rna="931234567")
        assert "14 chiffres" in refused.value.message_dict["siret"][0]
        assert "W suivi de 9 chiffres" in refused.value.message_dict["rna"][0]
        partner = partner_create(name="Asso", siret="732 829 320 00074", rna="w931234567")
        assert (partner.siret, partner.rna) == (VALID_SIRET, "W931234567")


def test_status_changes_are_dated_and_kept(residence_a, in_schema):
    with in_schema(residence_a):
        partner = partner_create(name="Centre social", status_changed_on=dt.date(2026, 1, 5))
        partner_status_set(partner=partner, status="contacted", changed_on=dt.date(2026, 2, 1))
        partner_status_set(partner=partner, status="active", changed_on=dt.date(2026, 3, 10))
        partner.refresh_from_db()
        assert (partner.status, partner.status_changed_on) == ("active", dt.date(2026, 3, 10))
        assert list(partner.status_changes.values_list("status", "changed_on")) == [
            ("identified", dt.date(2026, 1, 5)), ("contacted", dt.date(2026, 2, 1)), ("active", dt.date(2026, 3, 10))]
        with pytest.raises(ValidationError) as refused:
            partner_status_set(partner=partner, status="active")
        assert "status" in refused.value.message_dict


def test_next_step_is_on_the_home_page_until_done(residence_a, coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)
    with in_schema(residence_a):
        partner = PartnerFactory(name="Emmaüs Connect")
    today = timezone.localdate()
    response = client.post(f"/partenaires/{partner.pk}/echanges/nouveau/", {
        "kind": "call", "date": today.isoformat(), "note": "Premier appel",
        "next_step": "Envoyer la convention", "next_step_due": (today + dt.timedelta(days=7)).isoformat()})
    assert response.status_code == 302
    home = client.get("/").content.decode()
    assert "Envoyer la convention" in home and "Emmaüs Connect" in home
    with in_schema(residence_a):
        interaction = Interaction.objects.get()
    done = client.post(f"/partenaires/echanges/{interaction.pk}/fait/", {"next": "/"}, follow=True)
    assert "Étape « Envoyer la convention » marquée comme faite." in done.content.decode()
    home = client.get("/").content.decode()
    assert "Aucune prochaine étape en attente." in home and "Envoyer la convention" not in home


def test_an_interaction_names_the_activity_co_organised(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        partner = PartnerFactory()
        activity = ActivityFactory(title="Atelier mémoire")
    client = client_on(residence_a, coordinator_a)
    assert client.post(f"/partenaires/{partner.pk}/echanges/nouveau/", {
        "kind": "co_organised", "date": "2026-05-10", "activity": activity.pk}).status_code == 302
    with in_schema(residence_a):
        assert Interaction.objects.get().activity == activity


def test_interaction_refusals_name_the_field(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        partner = PartnerFactory()
    page = client_on(residence_a, coordinator_a).post(f"/partenaires/{partner.pk}/echanges/nouveau/", {
        "kind": "call", "date": "2026-05-10", "next_step_due": "2026-05-01"}).content.decode()
    assert "Prochaine étape : Décrivez la prochaine étape" in page
    assert "À faire pour le : L&#x27;échéance ne peut pas précéder" in page
    with in_schema(residence_a):
        assert not Interaction.objects.exists()


def test_partner_page_tells_the_whole_story(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        partner = partner_create(name="Siel Bleu", kind="association")
        interaction_record(partner=partner, kind="meeting", date=dt.date(2026, 3, 2), note="Rencontre au local")
        ActivityFactory(title="Gym douce", organiser_kind="partner", organiser_partner=partner)
        BookingFactory(title="Atelier équilibre", booker_kind="partner", partner=partner)
        network_meeting_save(title="Réseau seniors", date=dt.date(2026, 4, 1), present=[partner])
    page = client_on(residence_a, coordinator_a).get(f"/partenaires/{partner.pk}/").content.decode()
    for text in ("Rencontre au local", "Gym douce", "Atelier équilibre", "Réseau seniors", "Statut : identifié"):
        assert text in page, text


def test_duplicates_are_flagged_and_merged_with_everything_they_hold(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        keep = partner_create(name="Centre social Les Moulins", city="Saint-Denis")
        same_name = partner_create(name="centre social les moulins", city="SAINT-DENIS", email="cs@moulins.test")
        same_siret_a = partner_create(name="Asso A", siret=VALID_SIRET)
        same_siret_b = partner_create(name="Asso B", siret=VALID_SIRET)
        other = partner_create(name="Centre social Les Moulins", city="Stains")
        assert set(partner_duplicates(partner=keep)) == {same_name}
        assert set(partner_duplicates(partner=same_siret_a)) == {same_siret_b}
        flagged = set(partner_list(duplicates_only=True).values_list("name", flat=True))
        assert flagged == {"Centre social Les Moulins", "centre social les moulins", "Asso A", "Asso B"}
        assert other.name in flagged and not partner_duplicates(partner=other).exists()
        interaction_record(partner=same_name, kind="call", note="Appel")
        booking = BookingFactory(booker_kind="partner", partner=same_name)
        meeting = network_meeting_save(title="Réseau", date=dt.date(2026, 4, 1), present=[keep, same_name])
    client = client_on(residence_a, coordinator_a)
    page = client.get(f"/partenaires/{keep.pk}/").content.decode()
    assert "Doublon possible" in page and f"/partenaires/{keep.pk}/fusionner/{same_name.pk}/" in page
    assert "Cette action ne peut pas être annulée" in client.get(
        f"/partenaires/{keep.pk}/fusionner/{same_name.pk}/").content.decode()
    assert client.post(f"/partenaires/{keep.pk}/fusionner/{same_name.pk}/", {"confirm": "on"}).status_code == 302
    with in_schema(residence_a):
        assert not Partner.objects.filter(pk=same_name.pk).exists()
        keep.refresh_from_db()
        assert keep.email == "cs@moulins.test"
        assert keep.interactions.filter(note="Appel").exists()
        booking.refresh_from_db()
        assert booking.partner_id == keep.pk
        assert list(meeting.present.all()) == [keep]
        assert keep.interactions.filter(meeting=meeting).count() == 1


def test_merge_is_all_or_nothing(residence_a, in_schema):
    with in_schema(residence_a):
        keep = partner_create(name="A")
        with pytest.raises(ValidationError):
            partner_merge(keep=keep, duplicate=keep)
        assert Partner.objects.filter(pk=keep.pk).exists()


def test_network_meeting_logs_one_interaction_per_partner_present(residence_a, in_schema):
    with in_schema(residence_a):
        a, b, c = PartnerFactory.create_batch(3)
        meeting = network_meeting_save(title="Réseau", date=dt.date(2026, 4, 1), invited=[c], present=[a, b])
        assert set(meeting.invited.all()) == {a, b, c}
        network_meeting_save(meeting=meeting, title="Réseau", date=dt.date(2026, 4, 2), invited=[c], present=[a])
        assert list(Interaction.objects.values_list("partner_id", "date")) == [(a.pk, dt.date(2026, 4, 2))]


def test_network_links_partners_through_shared_work_and_filters_by_area(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        a = partner_create(name="Siel Bleu", areas=["health", "seniors"])
        b = partner_create(name="Emmaüs Connect", areas=["digital"])
        network_meeting_save(title="Réseau du quartier", date=dt.date(2026, 4, 1), present=[a, b])
        view = network_view()
        assert [(x.name, y.name, [w.label for w in works]) for x, y, works in view.links] == [
            ("Siel Bleu", "Emmaüs Connect", ["Réseau du quartier"])] or view.links[0][2][0].label == "Réseau du quartier"
        assert [p.name for p in network_view(area="digital").partners] == ["Emmaüs Connect"]
    client = client_on(residence_a, coordinator_a)
    page = client.get("/partenaires/reseau/").content.decode()
    assert '<th scope="row"><a href="/partenaires/reunions/' in page and "Réseau du quartier" in page
    text = client.get("/partenaires/reseau/?export=csv").content.decode("utf-8-sig")
    assert "Siel Bleu;Réseau du quartier;réunion de réseau" in text


def test_lists_are_constant_in_queries(residence_a, coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)

    def count(path):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        return len(ctx)

    paths = ["/partenaires/", "/partenaires/echanges/", "/partenaires/reunions/", "/api/partners/",
             "/api/partner-interactions/", "/"]
    def add(n):
        with in_schema(residence_a):
            for partner in PartnerFactory.create_batch(n):
                interaction_record(partner=partner, kind="call", next_step="Rappeler", next_step_due=dt.date(2030, 1, 1))
                partner.contacts.create(name="Contact")
            network_meeting_save(title="R", date=dt.date(2026, 1, 1), present=list(Partner.objects.all()[:5]))

    add(1)
    before = {p: count(p) for p in paths}
    add(12)
    assert {p: count(p) for p in paths} == before


def test_api_partners_and_interactions(residence_a, residence_b, coordinator_a, coordinator_b, in_schema):
    client = client_on(residence_a, coordinator_a)
    created = client.post("/api/partners/", {"name": "Mairie", "kind": "city_service", "areas": ["youth"],
                                             "siret": "732829320 00074", "status": "contacted"},
                          content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["siret"] == VALID_SIRET and body["status"] == "contacted" and body["areas"] == ["youth"]
    bad = client.post("/api/partners/", {"name": "X", "siret": "123"}, content_type="application/json")
    assert bad.status_code == 400 and "siret" in bad.json()
    moved = client.patch(f"/api/partners/{body['id']}/", {"status": "active"}, content_type="application/json")
    assert moved.status_code == 200 and moved.json()["status"] == "active"
    with in_schema(residence_a):
        assert PartnerStatusChange.objects.filter(partner_id=body["id"]).count() == 2
    interaction = client.post("/api/partner-interactions/", {
        "partner": body["id"], "kind": "meeting", "date": "2026-05-04", "next_step": "Signer",
        "next_step_due": "2026-05-20"}, content_type="application/json")
    assert interaction.status_code == 201, interaction.content
    done = client.post(f"/api/partner-interactions/{interaction.json()['id']}/done/")
    assert done.status_code == 200 and done.json()["next_step_done_on"]
    # Residence B sees none of it, and cannot point an interaction at A's partner.
    other = client_on(residence_b, coordinator_b)
    assert other.get("/api/partners/").json()["count"] == 0
    assert other.get(f"/api/partners/{body['id']}/").status_code == 404
    assert other.get(f"/api/partner-interactions/{interaction.json()['id']}/").status_code == 404
    refused = other.post("/api/partner-interactions/", {"partner": body["id"], "kind": "call"},
                         content_type="application/json")
    assert refused.status_code == 400 and "partner" in refused.json()


def test_imported_partners_get_a_dated_status_and_duplicates_are_flagged(residence_a, in_schema):
    from core.imports.services import import_run
    from core.imports.specs import PARTNERS

    content = "Nom;Type\nEmmaüs Connect;association\n".encode()
    with in_schema(residence_a):
        partner_create(name="Emmaüs Connect", siret=VALID_SIRET)
        assert import_run(spec=PARTNERS, content=content, filename="partenaires.csv").saved == 1
        imported = Partner.objects.order_by("-id").first()
        assert imported.status_changes.count() == 1
        # Same name but no city on either: not flagged; the coordinator adds the city, then it is.
        assert not partner_duplicates(partner=imported).exists()
        Partner.objects.update(city="Saint-Denis")
        assert set(partner_list(duplicates_only=True).values_list("pk", flat=True)) == set(
            Partner.objects.values_list("pk", flat=True))
