"""The budget screens as the coordinator uses them: the year at a glance, entering an expense with
its receipt, field errors, the ledger and its exports (to the cent), the statement PDF, and receipts
never served on another residence's host."""
import datetime as dt
import html as htmllib
import io
import re
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from core.budget.factories import BudgetEntryFactory, BudgetLineFactory, BudgetYearFactory, DecisionFactory
from core.budget.models import BudgetEntry
from core.documents.factories import PDF_BYTES, PNG_BYTES
from tests.conftest import client_on
from tests.downloads import body_of

TODAY_YEAR = dt.date.today().year


@pytest.fixture
def budget_a(residence_a, in_schema):
    with in_schema(residence_a):
        year = BudgetYearFactory(year=TODAY_YEAR)
        line = BudgetLineFactory(year=year, name="Alimentation", planned_amount=D("200.00"), overspend_rule="refuse")
        decision = DecisionFactory(year=year, title="Repas de quartier", amount=D("80.00"), line=line)
    return {"year": year, "line": line, "decision": decision}


@pytest.fixture
def coord_a(residence_a, coordinator_a):
    return client_on(residence_a, coordinator_a)


def parse(text: str) -> D:
    return D(re.sub(r"[\u202f\u00a0 ]", "", text).replace(",", "."))


def expense_post(client, budget, **extra):
    data = {"line": budget["line"].pk, "date": f"{TODAY_YEAR}-03-20", "amount": "45,30", "label": "Courses du repas",
            "supplier": "Épicerie solidaire", "payment_method": "card", "decision": budget["decision"].pk}
    data.update(extra)
    return client.post("/budget/depenses/nouvelle/", data)


def test_an_expense_citing_a_decision_with_its_receipt_shows_in_the_remaining(coord_a, budget_a, residence_a,
                                                                               in_schema, coordinator_a):
    response = expense_post(coord_a, budget_a, receipt=SimpleUploadedFile("ticket.pdf", PDF_BYTES, "application/pdf"))
    assert response.status_code == 302, response.content.decode()[:2000]
    page = coord_a.get(f"/budget/exercices/{budget_a['year'].pk}/").content.decode()
    assert "154,70\u00a0€" in page  # 200,00 − 45,30
    decision = coord_a.get(f"/budget/decisions/{budget_a['decision'].pk}/").content.decode()
    assert "34,70\u00a0€" in decision and "Courses du repas" in decision  # 80,00 − 45,30
    with in_schema(residence_a):
        from auditlog.models import LogEntry

        entry = BudgetEntry.objects.get()
        assert entry.receipt.original_name == "ticket.pdf" and entry.amount == D("45.30")
        audit = LogEntry.objects.get_for_object(entry).get()  # who, when, what
        assert audit.actor_id == coordinator_a.pk and audit.changes_dict["amount"] == ["None", "45.30"]
    download = coord_a.get(f"/documents/{entry.receipt_id}/telecharger/")
    assert download.status_code == 200 and body_of(download) == PDF_BYTES


@pytest.mark.parametrize("extra, field_error", [
    ({"amount": "-12,00"}, "Le montant ne peut pas être négatif."),
    ({"amount": "12,345"}, "Deux décimales au plus"),
    ({"receipt": SimpleUploadedFile("facture.pdf", b"GIF89a fake", "application/pdf")}, "n'est pas d'un format accepté"),
    ({"date": "2019-05-01"}, "La date doit tomber dans l'exercice de la ligne"),
    ({"line": "800001"}, "n'existe pas dans cette résidence"),
])
def test_a_bad_expense_is_refused_on_its_field_and_nothing_is_saved(coord_a, budget_a, residence_a, in_schema,
                                                                   extra, field_error):
    response = expense_post(coord_a, budget_a, **extra)
    assert response.status_code == 200
    html = htmllib.unescape(response.content.decode())
    assert field_error in html and "has-error" in html
    with in_schema(residence_a):
        assert not BudgetEntry.objects.exists()


def test_a_line_of_another_residence_is_refused_on_the_line_field(coord_a, budget_a, residence_b, in_schema):
    with in_schema(residence_b):
        other = BudgetLineFactory(year=BudgetYearFactory(year=TODAY_YEAR), planned_amount=D("999.00"))
    response = expense_post(coord_a, budget_a, line=other.pk + 10_000)
    assert "Ce choix n'existe pas dans cette résidence" in htmllib.unescape(response.content.decode())


def test_the_ledger_export_matches_the_screen_to_the_cent(coord_a, budget_a, residence_a, in_schema):
    with in_schema(residence_a):
        line = budget_a["line"]
        for amount in ("0.10", "0.20", "33.33", "12.07"):
            BudgetEntryFactory(line=line, amount=D(amount), date=dt.date(TODAY_YEAR, 2, 3))
    page = coord_a.get("/budget/ecritures/").content.decode()
    on_screen = [parse(v) for v in re.findall(r'data-amount>([^<]+)\u00a0€', page)]
    workbook = load_workbook(io.BytesIO(coord_a.get("/budget/ecritures/?export=xlsx").content))
    sheet = workbook.active
    header = [c.value for c in sheet[1]]
    column = header.index("Montant (€)")
    in_file = [D(str(row[column])).quantize(D("0.01")) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert on_screen == in_file == [D("0.10"), D("0.20"), D("33.33"), D("12.07")]
    # Money cells are numbers a spreadsheet can sum, shown with their cents.
    cells = [row[column] for row in sheet.iter_rows(min_row=2)]
    assert all(isinstance(c.value, (int, float)) and c.number_format == "#,##0.00" for c in cells)
    csv = coord_a.get("/budget/ecritures/?export=csv").content.decode("utf-8-sig")
    assert "33.33" in csv and "12.07" in csv
    lines = load_workbook(io.BytesIO(coord_a.get(f"/budget/exercices/{budget_a['year'].pk}/?export=xlsx").content))
    rows = list(lines.active.iter_rows(values_only=True))
    assert rows[-1][0] == "Total" and D(str(rows[-1][6])) == D("154.30")  # 200 − 45,70


def test_the_budget_statement_is_a_pdf(coord_a, budget_a):
    response = coord_a.get(f"/budget/exercices/{budget_a['year'].pk}/etat.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_receipt_of_a_is_never_served_on_b(coord_a, budget_a, residence_a, residence_b, coordinator_b, head_office,
                                            in_schema):
    expense_post(coord_a, budget_a, receipt=SimpleUploadedFile("ticket.png", PNG_BYTES, "image/png"))
    with in_schema(residence_a):
        receipt_id = BudgetEntry.objects.get().receipt_id
    for client in (client_on(residence_b, coordinator_b), client_on(residence_b, head_office)):
        assert client.get(f"/documents/{receipt_id}/telecharger/").status_code == 404
    assert client_on(residence_a, coordinator_b).get(f"/documents/{receipt_id}/telecharger/").status_code == 404


def test_closing_a_year_asks_for_confirmation_then_nothing_can_be_entered(coord_a, budget_a, residence_a, in_schema):
    url = f"/budget/exercices/{budget_a['year'].pk}/cloturer/"
    assert "Clôturer l'exercice" in htmllib.unescape(coord_a.get(url).content.decode())
    assert coord_a.post(url, {}).status_code == 200  # not confirmed: nothing happens
    assert coord_a.post(url, {"confirm": "on"}).status_code == 302
    response = expense_post(coord_a, budget_a)
    assert "n'existe pas dans cette résidence ou n'est plus modifiable" in htmllib.unescape(response.content.decode())


def test_ledger_and_year_page_cost_the_same_queries_whatever_the_rows(coord_a, budget_a, residence_a, in_schema,
                                                                     django_assert_max_num_queries):
    def counts():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        result = []
        for url in ("/budget/ecritures/", f"/budget/exercices/{budget_a['year'].pk}/", "/budget/decisions/"):
            with CaptureQueriesContext(connection) as ctx:
                assert coord_a.get(url).status_code == 200
            result.append(len(ctx.captured_queries))
        return result

    with in_schema(residence_a):
        BudgetEntryFactory(line=budget_a["line"], amount=D("1.00"), decision=budget_a["decision"])
    few = counts()
    with in_schema(residence_a):
        year = budget_a["year"]
        for n in range(12):
            line = BudgetLineFactory(year=year, planned_amount=D("100.00"))
            BudgetEntryFactory(line=line, amount=D("1.00"), decision=DecisionFactory(year=year))
    assert counts() == few
