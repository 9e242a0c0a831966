"""Partners: list with search, filters and export; create and edit; API."""
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.partners.factories import PartnerFactory
from core.partners.models import Partner
from tests.conftest import client_on


def test_create_edit_search_and_export(residence_a, coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)
    response = client.post("/partenaires/nouveau/", {
        "name": "Siel Bleu", "kind": "association", "contact_name": "Julie Martin", "email": "julie@sielbleu.test",
        "phone": "01 23 45 67 89", "runs_workshops": "on", "is_active": "on"})
    assert response.status_code == 302
    with in_schema(residence_a):
        partner = Partner.objects.get()
        PartnerFactory(name="Mairie de Saint-Denis", kind="city_service", runs_workshops=False)
    page = client.post(f"/partenaires/{partner.pk}/modifier/", {"name": "", "kind": "association"}).content.decode()
    assert "Ce champ est obligatoire." in page
    assert client.post(f"/partenaires/{partner.pk}/modifier/", {
        "name": "Siel Bleu 93", "kind": "association", "runs_workshops": "on", "is_active": "on"}).status_code == 302
    with in_schema(residence_a):
        partner.refresh_from_db()
    assert partner.name == "Siel Bleu 93"
    page = client.get("/partenaires/?runs_workshops=true").content.decode()
    assert "Siel Bleu 93" in page and "Mairie de Saint-Denis" not in page
    assert "Mairie" in client.get("/partenaires/?search=mairie").content.decode()
    text = client.get("/partenaires/?kind=city_service&export=csv").content.decode("utf-8-sig")
    assert "Mairie de Saint-Denis" in text and "Siel Bleu" not in text


def test_api_lists_creates_updates_and_counts_queries(residence_a, coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)
    created = client.post("/api/partners/", {"name": "Emmaüs Connect", "kind": "association",
                                             "runs_workshops": True}, content_type="application/json")
    assert created.status_code == 201, created.content
    partner_id = created.json()["id"]
    updated = client.patch(f"/api/partners/{partner_id}/", {"phone": "06 00 00 00 00"},
                           content_type="application/json")
    assert updated.status_code == 200 and updated.json()["phone"] == "06 00 00 00 00"
    bad = client.post("/api/partners/", {"name": "X", "kind": "club"}, content_type="application/json")
    assert bad.status_code == 400 and "kind" in bad.json()

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/partners/?runs_workshops=true").status_code == 200
            assert client.get("/partenaires/").status_code == 200
        return len(ctx)

    few = count()
    with in_schema(residence_a):
        PartnerFactory.create_batch(30)
    assert count() == few
