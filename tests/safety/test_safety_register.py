"""Safety register: versioned rules and acknowledgements, periodic checks, incidents; screens and API."""
import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.partners.factories import PartnerFactory
from core.safety.factories import IncidentFactory, SafetyCheckFactory, SpaceRulesFactory
from core.safety.models import CheckRecord, Incident, RulesAcknowledgement, SafetyCheck, SpaceRules
from core.safety.selectors import overdue_checks
from core.spaces.factories import SpaceFactory
from tests.conftest import aware, client_on

TODAY = aware(2026, 11, 21, 10)


def data_queries(ctx) -> list:
    """The queries that read or write rows (django-tenants also sets the search_path)."""
    return [q for q in ctx.captured_queries if not q["sql"].startswith("SET search_path")]


@pytest.fixture
def room(residence_a, in_schema):
    with in_schema(residence_a):
        return SpaceFactory(name="Salle commune", capacity=40)


def test_rules_are_versioned_and_an_acknowledgement_keeps_its_text(room, residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        partner = PartnerFactory(name="Club informatique seniors")
    client = client_on(residence_a, coordinator_a)
    assert client.post(f"/securite/regles/{room.pk}/nouvelle-version/", {
        "max_occupancy": 35, "equipment": "Extincteur", "allowed": "Ateliers", "forbidden": "Flamme nue",
    }).status_code == 302
    assert client.post(f"/securite/regles/{room.pk}/prise-de-connaissance/", {
        "partner": partner.pk, "acknowledged_by": "Marc Lefèvre"}).status_code == 302
    page = client.post(f"/securite/regles/{room.pk}/nouvelle-version/", {"max_occupancy": 50}).content.decode()
    assert "La capacité des règles (50) dépasse la capacité de l&#x27;espace (40 personnes)." in page
    form = client.get(f"/securite/regles/{room.pk}/nouvelle-version/").content.decode()
    assert "Flamme nue" in form  # the new version starts from the text in force
    assert client.post(f"/securite/regles/{room.pk}/nouvelle-version/", {
        "max_occupancy": 35, "equipment": "Extincteur", "allowed": "Ateliers", "forbidden": "Flamme nue, bougies",
    }).status_code == 302
    with in_schema(residence_a):
        ack = RulesAcknowledgement.objects.select_related("rules").get()
        assert list(SpaceRules.objects.filter(space=room).values_list("version", flat=True)) == [2, 1]
    assert ack.rules.version == 1 and ack.rules.forbidden == "Flamme nue" and ack.acknowledged_by == "Marc Lefèvre"
    page = client.get(f"/securite/regles/{room.pk}/").content.decode()
    assert "Version 2 en vigueur" in page and "Marc Lefèvre" in page and "ancienne" in page
    page = client.post(f"/securite/regles/{room.pk}/prise-de-connaissance/", {"partner": partner.pk,
                                                                             "acknowledged_by": ""}).content.decode()
    assert "Ce champ est obligatoire." in page


def test_a_check_done_moves_its_due_date_and_overdue_checks_are_listed(room, residence_a, coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)
    with time_machine.travel(TODAY, tick=False):
        assert client.post("/securite/controles/nouveau/", {
            "label": "Extincteur salle commune", "kind": "fire_extinguisher", "space": room.pk,
            "frequency_days": 30, "next_due_on": "2026-11-10"}).status_code == 302
        with in_schema(residence_a):
            check = SafetyCheck.objects.get()
            assert list(overdue_checks(today=dt.date(2026, 11, 21))) == [check]
        register = client.get("/securite/").content.decode()
        assert "Extincteur salle commune" in register.split("Contrôles en retard", 1)[1].split("</section>")[0]
        page = client.post(f"/securite/controles/{check.pk}/", {
            "done_on": "2026-11-25", "checked_by": "Nadia", "outcome": "ok"}).content.decode()
        assert "Un contrôle ne peut pas être noté dans le futur." in page
        assert client.post(f"/securite/controles/{check.pk}/", {
            "done_on": "2026-11-20", "checked_by": "Nadia", "outcome": "ok", "note": "Pression correcte"},
        ).status_code == 302
        with in_schema(residence_a):
            check.refresh_from_db()
            record = CheckRecord.objects.get()
            assert not overdue_checks(today=dt.date(2026, 11, 21)).exists()
    assert check.next_due_on == dt.date(2026, 12, 20)
    assert (record.due_on, record.done_on, record.on_time) == (dt.date(2026, 11, 10), dt.date(2026, 11, 20), False)


def test_overdue_checks_is_one_query(residence_a, in_schema):
    with in_schema(residence_a):
        for i in range(5):
            SafetyCheckFactory(space=SpaceFactory(), next_due_on=dt.date(2026, 11, 1) + dt.timedelta(days=i))
        SafetyCheckFactory(next_due_on=dt.date(2026, 12, 1))
        SafetyCheckFactory(next_due_on=dt.date(2026, 11, 1), is_active=False)
        with CaptureQueriesContext(connection) as ctx:
            rows = [(c.label, c.space.name if c.space else "") for c in overdue_checks(today=dt.date(2026, 11, 21))]
        assert len(data_queries(ctx)) == 1 and len(rows) == 5


def test_incident_is_closed_only_with_actions_taken(room, residence_a, coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)
    assert client.post("/securite/incidents/nouveau/", {
        "title": "Chute dans l'escalier", "space": room.pk, "occurred_at": "2026-11-03T10:30", "severity": "moderate",
        "description": "Une habitante a glissé sur une marche mouillée.", "status": "open"}).status_code == 302
    with in_schema(residence_a):
        incident = Incident.objects.get()
    data = {"title": incident.title, "space": room.pk, "occurred_at": "2026-11-03T10:30", "severity": "moderate",
            "description": incident.description, "status": "closed"}
    page = client.post(f"/securite/incidents/{incident.pk}/modifier/", data).content.decode()
    assert "Décrivez les mesures prises avant de clore l&#x27;incident." in page
    assert client.post(f"/securite/incidents/{incident.pk}/modifier/", {
        **data, "actions_taken": "Bande antidérapante posée, bailleur prévenu."}).status_code == 302
    with in_schema(residence_a):
        incident.refresh_from_db()
    assert incident.status == "closed" and incident.closed_at is not None
    text = client.get("/securite/incidents/?status=closed&export=csv").content.decode("utf-8-sig")
    assert "Bande antidérapante posée" in text


@pytest.mark.parametrize("path", ["/securite/", "/securite/controles/", "/securite/incidents/",
                                  "/api/safety-checks/", "/api/incidents/", "/api/space-rules/",
                                  "/api/rules-acknowledgements/"])
def test_register_query_counts_do_not_grow(path, residence_a, coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)

    def add(n):
        with in_schema(residence_a):
            for _ in range(n):
                space = SpaceFactory()
                rules = SpaceRulesFactory(space=space)
                RulesAcknowledgement.objects.create(rules=rules, partner=PartnerFactory(), acknowledged_by="Anne")
                check = SafetyCheckFactory(space=space, next_due_on=dt.date(2026, 1, 5))
                CheckRecord.objects.create(check_item=check, due_on=dt.date(2025, 12, 5), done_on=dt.date(2025, 12, 4),
                                           checked_by="Anne", outcome="ok")
                IncidentFactory(space=space, status="in_progress")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        return len(ctx)

    add(2)
    few = count()
    add(15)
    assert count() == few


def test_safety_api(room, residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        partner = PartnerFactory()
    client = client_on(residence_a, coordinator_a)
    v1 = client.post("/api/space-rules/", {"space": room.pk, "max_occupancy": 30, "forbidden": "Flamme nue"},
                     content_type="application/json")
    assert v1.status_code == 201 and v1.json()["version"] == 1
    v2 = client.post("/api/space-rules/", {"space": room.pk, "max_occupancy": 30}, content_type="application/json")
    assert v2.json()["version"] == 2
    stale = client.post("/api/rules-acknowledgements/", {"rules": v1.json()["id"], "partner": partner.pk,
                                                         "acknowledged_by": "Anne"}, content_type="application/json")
    assert stale.status_code == 400 and "rules" in stale.json()
    ack = client.post("/api/rules-acknowledgements/", {"rules": v2.json()["id"], "partner": partner.pk,
                                                       "acknowledged_by": "Anne"}, content_type="application/json")
    assert ack.status_code == 201 and ack.json()["acknowledged_at"]

    check = client.post("/api/safety-checks/", {"label": "Trousse de secours", "kind": "first_aid_kit",
                                                "frequency_days": 90, "next_due_on": "2026-10-01"},
                        content_type="application/json")
    assert check.status_code == 201, check.content
    check_id = check.json()["id"]
    record = client.post(f"/api/safety-checks/{check_id}/records/", {
        "done_on": "2026-10-01", "checked_by": "Anne", "outcome": "issue", "note": "Pansements à racheter"},
        content_type="application/json")
    assert record.status_code == 201 and record.json()["due_on"] == "2026-10-01"
    assert client.get(f"/api/safety-checks/{check_id}/").json()["next_due_on"] == "2026-12-30"
    assert len(client.get(f"/api/safety-checks/{check_id}/records/").json()) == 1

    incident = client.post("/api/incidents/", {"title": "Porte forcée", "occurred_at": "2026-11-02T08:00:00+01:00",
                                               "severity": "serious", "description": "Serrure du jardin cassée."},
                           content_type="application/json")
    assert incident.status_code == 201
    closed = client.patch(f"/api/incidents/{incident.json()['id']}/", {"status": "closed"},
                          content_type="application/json")
    assert closed.status_code == 400 and "actions_taken" in closed.json()
    assert client.get("/api/incidents/?severity=serious").json()["count"] == 1
