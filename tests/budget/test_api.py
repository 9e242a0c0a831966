"""The budget API on the residence host: budget years, lines, entries, decisions; refusals naming the
field; cross-residence and bare-domain isolation; lists constant in queries."""
import datetime as dt
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from core.budget.factories import BudgetEntryFactory, BudgetLineFactory, BudgetYearFactory, DecisionFactory
from core.budget.models import BudgetEntry
from core.documents.factories import PDF_BYTES
from tests.conftest import client_on, host_of

YEAR = dt.date.today().year


@pytest.fixture
def api_a(residence_a, coordinator_a):
    return client_on(residence_a, coordinator_a)


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_a_year_its_line_a_decision_and_an_expense_through_the_api(api_a, residence_a, in_schema):
    year = post(api_a, "/api/budget-years/", {"year": YEAR})
    assert year.status_code == 201, year.json()
    year_id = year.json()["id"]
    line = post(api_a, "/api/budget-lines/", {"year": year_id, "name": "Sorties", "planned_amount": "300.00",
                                             "category": "outings", "overspend_rule": "refuse"})
    assert line.status_code == 201, line.json()
    line_id = line.json()["id"]
    decision = post(api_a, "/api/decisions/", {"decided_on": f"{YEAR}-02-10", "body": "vote", "title": "Sortie mer",
                                              "text": "Vote à main levée : 14 pour.", "amount": "250.00",
                                              "line": line_id})
    assert decision.status_code == 201, decision.json()
    expense = post(api_a, "/api/budget-entries/", {
        "kind": "expense", "line": line_id, "date": f"{YEAR}-06-12", "amount": "199.99", "label": "Car",
        "supplier": "Transports Dupont", "payment_method": "transfer", "decision": decision.json()["id"]})
    assert expense.status_code == 201, expense.json()
    assert expense.json()["amount"] == "199.99"
    figures = api_a.get(f"/api/budget-lines/{line_id}/").json()["figures"]
    assert (figures["spent"], figures["remaining"]) == ("199.99", "100.01")
    assert api_a.get(f"/api/budget-years/{year_id}/").json()["figures"]["remaining"] == "100.01"
    assert api_a.get(f"/api/decisions/{decision.json()['id']}/").json()["left"] == "50.01"
    over = post(api_a, "/api/budget-entries/", {"kind": "expense", "line": line_id, "date": f"{YEAR}-06-13",
                                               "amount": "100.02", "label": "Goûter"})
    assert over.status_code == 400 and "Dépassement refusé" in " ".join(over.json()["amount"])
    counter = post(api_a, f"/api/budget-entries/{expense.json()['id']}/correct/", {"reason": "Facture annulée"})
    assert counter.status_code == 201 and counter.json()["amount"] == "-199.99"
    closed = post(api_a, f"/api/budget-years/{year_id}/close/", {})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    late = post(api_a, "/api/budget-entries/", {"kind": "refund", "line": line_id, "date": f"{YEAR}-12-01",
                                               "amount": "1.00", "label": "Avoir"})
    assert late.status_code == 400 and "clôturé" in " ".join(late.json()["date"])


def test_api_refusals_name_the_field_in_french(api_a, residence_a, in_schema):
    with in_schema(residence_a):
        line = BudgetLineFactory(year=BudgetYearFactory(year=YEAR))
    body = {"kind": "expense", "line": line.pk, "date": f"{YEAR}-03-01", "amount": "-3.00", "label": "Achat"}
    assert "négatif" in " ".join(post(api_a, "/api/budget-entries/", body).json()["amount"])
    foreign = post(api_a, "/api/budget-entries/", {**body, "amount": "3.00", "line": 800_001})
    assert foreign.status_code == 400 and "n'existe pas dans cette résidence" in " ".join(foreign.json()["line"])
    text = api_a.post("/api/budget-entries/", {**body, "amount": "3.00", "receipt": _upload(b"just text")},
                      format="multipart")
    assert text.status_code == 400 and "format accepté" in " ".join(text.json()["receipt"])
    ok = api_a.post("/api/budget-entries/", {**body, "amount": "3.00", "receipt": _upload(PDF_BYTES)})
    assert ok.status_code == 201 and ok.json()["receipt_id"]
    with in_schema(residence_a):
        assert BudgetEntry.objects.count() == 1


def _upload(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("facture.pdf", content, "application/pdf")


def test_ids_of_a_are_404_on_b_and_lists_on_b_hold_nothing_of_a(residence_a, residence_b, coordinator_b, in_schema):
    with in_schema(residence_a):
        year = BudgetYearFactory(year=YEAR)
        line = BudgetLineFactory(year=year, name="Ligne de A")
        entry = BudgetEntryFactory(line=line, label="Dépense de A")
        decision = DecisionFactory(year=year, title="Décision de A")
    on_b = client_on(residence_b, coordinator_b)
    for url, pk in (("budget-years", year.pk), ("budget-lines", line.pk), ("budget-entries", entry.pk),
                    ("decisions", decision.pk)):
        assert on_b.get(f"/api/{url}/{pk}/").status_code == 404
        listing = on_b.get(f"/api/{url}/")
        assert listing.status_code == 200 and listing.json()["count"] == 0
    assert post(on_b, f"/api/budget-entries/{entry.pk}/correct/", {"reason": "x"}).status_code == 404
    assert post(on_b, f"/api/budget-years/{year.pk}/close/", {}).status_code == 404


def test_a_token_of_a_gets_nothing_on_b_and_the_bare_domain_has_no_budget_api(
        residence_a, residence_b, coordinator_a, viewer_l1, head_office):
    from django.test import Client

    token = Token.objects.create(user=coordinator_a).key
    on_b = Client(HTTP_HOST=host_of(residence_b), HTTP_AUTHORIZATION=f"Token {token}")
    assert on_b.get("/api/budget-entries/").status_code in (401, 403, 404)
    on_a = Client(HTTP_HOST=host_of(residence_a), HTTP_AUTHORIZATION=f"Token {token}")
    assert on_a.get("/api/budget-entries/").status_code == 200
    for user in (viewer_l1, head_office):
        assert client_on(None, user).get("/api/budget-years/").status_code == 404


def test_api_lists_are_constant_in_queries(api_a, residence_a, in_schema):
    def cost():
        counts = []
        for url in ("/api/budget-years/", "/api/budget-lines/", "/api/budget-entries/", "/api/decisions/"):
            with CaptureQueriesContext(connection) as ctx:
                assert api_a.get(url).status_code == 200
            counts.append(len(ctx.captured_queries))
        return counts

    with in_schema(residence_a):
        year = BudgetYearFactory(year=YEAR)
        BudgetEntryFactory(line=BudgetLineFactory(year=year), decision=DecisionFactory(year=year))
    few = cost()
    with in_schema(residence_a):
        for n in range(8):
            other = BudgetYearFactory(year=2010 + n)
            BudgetEntryFactory(line=BudgetLineFactory(year=other), decision=DecisionFactory(year=other),
                               amount=D("3.00"))
    assert cost() == few


def test_an_income_without_its_nature_is_refused_on_the_field(residence_a, coordinator_a):
    """Found by schemathesis: the API once answered 500 here."""
    import json

    from tests.conftest import client_on

    client = client_on(residence_a, coordinator_a)
    response = client.post("/api/budget-entries/", content_type="application/json", data=json.dumps(
        {"amount": "12.00", "date": "2026-03-02", "kind": "income", "label": "Dons"}))
    assert response.status_code == 400
    assert response.json()["income_kind"] == ["Choisissez la nature de la recette."]
