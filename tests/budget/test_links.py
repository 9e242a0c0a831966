"""Links from the ledger to the other apps: an expense or a commitment cites a residents' project
(ledger filter, detail, exports, API), a grant received cites a funding application that was granted
or partly granted — never a refused one, never one of another residence."""
import datetime as dt
import html as htmllib
import io
import re
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from core.budget import services
from core.budget.factories import BudgetEntryFactory, BudgetLineFactory, BudgetYearFactory
from core.budget.models import BudgetEntry
from core.funding.services import application_create, application_stage_set, call_create
from core.projects.services import project_create
from tests.conftest import client_on

YEAR = dt.date.today().year


@pytest.fixture
def coord_a(residence_a, coordinator_a):
    return client_on(residence_a, coordinator_a)


@pytest.fixture
def setup_a(residence_a, in_schema):
    with in_schema(residence_a):
        year = BudgetYearFactory(year=YEAR)
        line = BudgetLineFactory(year=year, name="Animations", planned_amount=D("500.00"))
        garden = project_create(title="Potager partagé", carrier_group="Les jardinier·es")
        bikes = project_create(title="Atelier vélo", carrier_group="Les cyclistes")
        call = call_create(title="Fonds d'initiatives habitantes", funder_name="Ville de Saint-Denis")
        granted = application_create(call=call, amount_requested=D("800.00"), title="Potager : subvention ville")
        application_stage_set(application=granted, stage="submitted", on=dt.date(YEAR, 1, 5))
        application_stage_set(application=granted, stage="partly_granted", amount_granted=D("500.00"),
                              on=dt.date(YEAR, 1, 20))
        refused = application_create(call=call, amount_requested=D("300.00"), title="Vélos : subvention ville")
        application_stage_set(application=refused, stage="submitted", on=dt.date(YEAR, 1, 5))
        application_stage_set(application=refused, stage="refused", on=dt.date(YEAR, 1, 25))
    return {"year": year, "line": line, "garden": garden, "bikes": bikes, "granted": granted, "refused": refused}


def test_an_expense_citing_a_project_shows_on_the_ledger_filtered_by_that_project(coord_a, setup_a, residence_a,
                                                                                  in_schema):
    response = coord_a.post("/budget/depenses/nouvelle/", {
        "line": setup_a["line"].pk, "date": f"{YEAR}-03-20", "amount": "64,90", "label": "Terreau et graines",
        "supplier": "Jardinerie", "payment_method": "card", "project": setup_a["garden"].pk})
    assert response.status_code == 302, htmllib.unescape(response.content.decode())
    with in_schema(residence_a):
        entry = BudgetEntry.objects.get(label="Terreau et graines")
        assert entry.project == setup_a["garden"]
        BudgetEntryFactory(line=setup_a["line"], label="Chambres à air", project=setup_a["bikes"])
        BudgetEntryFactory(line=setup_a["line"], label="Sans projet")
    page = htmllib.unescape(coord_a.get(f"/budget/ecritures/?project={setup_a['garden'].pk}").content.decode())
    assert "Terreau et graines" in page and "Potager partagé" in page
    assert "Chambres à air" not in page and "Sans projet" not in page
    everything = htmllib.unescape(coord_a.get("/budget/ecritures/").content.decode())
    assert "Chambres à air" in everything and "Sans projet" in everything
    detail = htmllib.unescape(coord_a.get(f"/budget/ecritures/{entry.pk}/").content.decode())
    assert f'href="/projets/{setup_a["garden"].pk}/">Potager partagé</a>' in detail
    sheet = load_workbook(io.BytesIO(coord_a.get(
        f"/budget/ecritures/?project={setup_a['garden'].pk}&export=xlsx").content)).active
    header = [c.value for c in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[header.index("Projet d'habitant·es")] for r in rows] == ["Potager partagé"]
    assert [r[header.index("Libellé")] for r in rows] == ["Terreau et graines"]
    csv = coord_a.get("/budget/ecritures/?export=csv").content.decode("utf-8-sig")
    assert "Potager partagé" in csv and "Atelier vélo" in csv


def test_a_commitment_and_the_api_cite_a_project_and_filter_by_it(coord_a, setup_a, residence_a, in_schema):
    with in_schema(residence_a):
        quote = services.commitment_create(line=setup_a["line"], date=dt.date(YEAR, 4, 1), amount=D("120.00"),
                                           label="Devis outils", project=setup_a["garden"])
    assert quote.project_id == setup_a["garden"].pk
    created = coord_a.post("/api/budget-entries/", {
        "kind": "expense", "line": setup_a["line"].pk, "date": f"{YEAR}-04-02", "amount": "30.00",
        "label": "Rustines", "project": setup_a["bikes"].pk}, content_type="application/json")
    assert created.status_code == 201, created.json()
    assert created.json()["project"] == setup_a["bikes"].pk
    listed = coord_a.get(f"/api/budget-entries/?project={setup_a['garden'].pk}").json()["results"]
    assert [e["label"] for e in listed] == ["Devis outils"]
    # A project on a refund or an income is refused on the field.
    refund = coord_a.post("/api/budget-entries/", {
        "kind": "refund", "line": setup_a["line"].pk, "date": f"{YEAR}-04-02", "amount": "3.00", "label": "Avoir",
        "project": setup_a["garden"].pk}, content_type="application/json")
    assert refund.status_code == 400 and "project" in refund.json()


def test_a_grant_citing_a_granted_application_shows_on_the_entry(coord_a, setup_a, residence_a, in_schema):
    response = coord_a.post("/budget/recettes/nouvelle/", {
        "income_kind": "grant", "date": f"{YEAR}-02-10", "amount": "500,00", "label": "Subvention ville",
        "payment_method": "transfer", "application": setup_a["granted"].pk})
    assert response.status_code == 302, htmllib.unescape(response.content.decode())
    with in_schema(residence_a):
        entry = BudgetEntry.objects.get(label="Subvention ville")
    assert entry.application_id == setup_a["granted"].pk
    detail = htmllib.unescape(coord_a.get(f"/budget/ecritures/{entry.pk}/").content.decode())
    assert f'href="/financements/dossiers/{setup_a["granted"].pk}/">Potager : subvention ville</a>' in detail
    assert "accordé en partie" in detail


def test_a_grant_citing_a_refused_application_is_refused_on_the_field_and_nothing_saved(
        coord_a, setup_a, residence_a, in_schema):
    with in_schema(residence_a):
        with pytest.raises(ValidationError) as refused:
            services.income_create(date=dt.date(YEAR, 2, 10), amount=D("300.00"), label="Subvention vélos",
                                   income_kind="grant", application=setup_a["refused"])
        assert "n'est pas accordé" in " ".join(refused.value.message_dict["application"])
        with pytest.raises(ValidationError) as not_a_grant:
            services.income_create(date=dt.date(YEAR, 2, 10), amount=D("300.00"), label="Don",
                                   income_kind="donation", application=setup_a["granted"])
        assert "subvention reçue" in " ".join(not_a_grant.value.message_dict["application"])
    api = coord_a.post("/api/budget-entries/", {
        "kind": "income", "income_kind": "grant", "date": f"{YEAR}-02-10", "amount": "300.00",
        "label": "Subvention vélos", "application": setup_a["refused"].pk}, content_type="application/json")
    assert api.status_code == 400 and "n'est pas accordé" in " ".join(api.json()["application"])
    # The screen offers granted applications only: a refused one is not a choice.
    screen = coord_a.post("/budget/recettes/nouvelle/", {
        "income_kind": "grant", "date": f"{YEAR}-02-10", "amount": "300,00", "label": "Subvention vélos",
        "application": setup_a["refused"].pk})
    assert screen.status_code == 200
    assert "Ce choix n'existe pas dans cette résidence" in htmllib.unescape(screen.content.decode())
    with in_schema(residence_a):
        assert not BudgetEntry.objects.filter(kind="income").exists()


def test_a_project_or_application_of_residence_b_is_refused_on_a(coord_a, setup_a, residence_b, in_schema):
    with in_schema(residence_b):
        # Enough rows that B's ids do not exist in A's schema.
        foreign = [project_create(title=f"Projet B {n}", carrier_group="Collectif B") for n in range(4)][-1]
        call = call_create(title="Appel B", funder_name="Département")
        application = [application_create(call=call, amount_requested=D("100.00")) for _ in range(4)][-1]
        application_stage_set(application=application, stage="submitted", on=dt.date(YEAR, 1, 5))
        application_stage_set(application=application, stage="granted", amount_granted=D("100.00"),
                              on=dt.date(YEAR, 1, 10))
    assert foreign.pk not in (setup_a["garden"].pk, setup_a["bikes"].pk)
    api = coord_a.post("/api/budget-entries/", {
        "kind": "expense", "line": setup_a["line"].pk, "date": f"{YEAR}-04-02", "amount": "30.00",
        "label": "Rustines", "project": foreign.pk}, content_type="application/json")
    assert api.status_code == 400 and "n'existe pas dans cette résidence" in " ".join(api.json()["project"])
    screen = coord_a.post("/budget/depenses/nouvelle/", {
        "line": setup_a["line"].pk, "date": f"{YEAR}-03-20", "amount": "10,00", "label": "Rustines",
        "project": foreign.pk})
    assert "Ce choix n'existe pas dans cette résidence" in htmllib.unescape(screen.content.decode())
    grant = coord_a.post("/api/budget-entries/", {
        "kind": "income", "income_kind": "grant", "date": f"{YEAR}-02-10", "amount": "100.00",
        "label": "Subvention B", "application": application.pk}, content_type="application/json")
    assert grant.status_code == 400 and "n'existe pas dans cette résidence" in " ".join(grant.json()["application"])
    with in_schema(residence_b):
        BudgetEntryFactory(line=BudgetLineFactory(year=BudgetYearFactory(year=YEAR)), label="Dépense de B",
                           project=foreign)
    ledger = coord_a.get(f"/budget/ecritures/?project={foreign.pk}")
    assert ledger.status_code == 200 and "Dépense de B" not in ledger.content.decode()
    api_filter = coord_a.get(f"/api/budget-entries/?project={foreign.pk}")
    assert api_filter.status_code == 400 and "project" in api_filter.json()


def test_the_ledger_with_projects_stays_constant_in_queries(coord_a, setup_a, residence_a, in_schema):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def counts():
        result = []
        for url in ("/budget/ecritures/", "/api/budget-entries/"):
            with CaptureQueriesContext(connection) as ctx:
                assert coord_a.get(url).status_code == 200
            result.append(len(ctx.captured_queries))
        return result

    with in_schema(residence_a):
        BudgetEntryFactory(line=setup_a["line"], amount=D("1.00"), project=setup_a["garden"])
    few = counts()
    with in_schema(residence_a):
        for n in range(10):
            BudgetEntryFactory(line=setup_a["line"], amount=D("1.00"),
                               project=setup_a["garden"] if n % 2 else setup_a["bikes"])
            BudgetEntry.objects.create(year=setup_a["year"], kind="income", income_kind="grant", date=dt.date(YEAR, 2, 1),
                                       amount=D("5.00"), label=f"Subvention {n}", application=setup_a["granted"])
    assert counts() == few


def _rows(page: str, caption: str) -> list[list[str]]:
    """The body rows of the table captioned `caption`, as their cells' text."""
    table = re.search(rf"<caption>{re.escape(caption)}</caption>(.*?)</table>", page, re.S)
    assert table, caption
    body = re.search(r"<tbody>(.*?)</tbody>", table.group(1), re.S).group(1)
    return [[re.sub(r"<[^>]+>", "", cell).replace("\xa0", " ").strip()
             for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


def test_the_project_and_the_application_pages_list_the_entries_citing_them(coord_a, setup_a, residence_a,
                                                                             in_schema):
    with in_schema(residence_a):
        services.commitment_create(line=setup_a["line"], date=dt.date(YEAR, 3, 2), amount=D("120.00"),
                                   label="Devis bacs en bois", project=setup_a["garden"])
        seeds = services.expense_create(line=setup_a["line"], date=dt.date(YEAR, 3, 20), amount=D("64.90"),
                                        label="Terreau et graines", project=setup_a["garden"])
        services.entry_correct(entry=seeds, reason="Facture en double", date=dt.date(YEAR, 3, 21))
        services.expense_create(line=setup_a["line"], date=dt.date(YEAR, 3, 22), amount=D("30.00"),
                                label="Chambres à air", project=setup_a["bikes"])
        setup_a["granted"].refresh_from_db()  # granted by the fixture's stage changes
        services.income_create(date=dt.date(YEAR, 2, 10), amount=D("500.00"), label="Subvention ville reçue",
                               income_kind="grant", application=setup_a["granted"])
        services.income_create(date=dt.date(YEAR, 2, 11), amount=D("40.00"), label="Location de salle",
                               income_kind="room_hire")

    project_page = htmllib.unescape(coord_a.get(f"/projets/{setup_a['garden'].pk}/").content.decode())
    rows = _rows(project_page, "Engagements et dépenses citant ce projet, montants en euros")
    assert [(r[1], r[2], r[4]) for r in rows] == [
        ("engagement", "Devis bacs en bois", "120,00 €"),
        ("dépense", "Terreau et graines", "64,90 €"),
        ("dépense (contre-passation)", "Contre-passation : Terreau et graines", "-64,90 €"),
    ]
    assert "Chambres à air" not in project_page and "Location de salle" not in project_page
    assert re.search(r"Total : dépense</th><td[^>]*><strong>0,00\xa0€", project_page) and f'href="/budget/ecritures/{seeds.pk}/"' in project_page

    application_page = htmllib.unescape(
        coord_a.get(f"/financements/dossiers/{setup_a['granted'].pk}/").content.decode())
    rows = _rows(application_page, "Subventions reçues citant ce dossier, montants en euros")
    assert [(r[1], r[2], r[4]) for r in rows] == [("recette", "Subvention ville reçue", "500,00 €")]
    refused_page = htmllib.unescape(coord_a.get(f"/financements/dossiers/{setup_a['refused'].pk}/").content.decode())
    assert "Aucune écriture du budget ne le cite." in refused_page
