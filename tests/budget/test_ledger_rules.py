"""Ledger rules in the services and the database: over-spend rules, closed years, counter-entries,
decisions, carry-over, exact totals, audit trail."""
import datetime as dt
from decimal import Decimal as D

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.budget.factories import BudgetLineFactory, BudgetYearFactory, DecisionFactory
from core.budget.models import BudgetEntry, BudgetLine
from core.budget.selectors import decision_list, line_figures, year_summary
from core.budget.services import (
    commitment_create,
    decision_save,
    entry_correct,
    expense_create,
    income_create,
    line_save,
    refund_create,
    year_close,
)

DAY = dt.date(2026, 5, 4)


@pytest.fixture
def year(residence_a, in_schema):
    with in_schema(residence_a):
        yield BudgetYearFactory(year=2026)


def refuse_line(year, planned="100.00", **extra):
    return BudgetLineFactory(year=year, planned_amount=D(planned), overspend_rule="refuse", **extra)


def spend(line, amount, **extra):
    return expense_create(line=line, date=extra.pop("date", DAY), amount=D(amount), label=extra.pop("label", "Achat"),
                          **extra)


def errors_of(exc) -> dict:
    return {field: " ".join(messages) for field, messages in exc.value.message_dict.items()}


def test_remaining_is_planned_minus_spent_plus_refunds_to_the_cent(year):
    line = refuse_line(year, "100.00")
    spend(line, "33.33")
    spend(line, "33.33")
    refund_create(line=line, date=DAY, amount=D("0.01"), label="Avoir")
    figures = line_figures([line])[line.pk]
    assert (figures.spent, figures.refunds, figures.remaining) == (D("66.66"), D("0.01"), D("33.35"))


def test_a_refuse_line_refuses_the_expense_that_goes_over_and_saves_nothing(year):
    line = refuse_line(year, "100.00", name="Alimentation")
    spend(line, "99.99")
    with pytest.raises(ValidationError) as exc:
        spend(line, "0.02")
    message = errors_of(exc)["amount"]
    assert "Dépassement refusé" in message and "0,01" in message and "« Alimentation »" in message
    assert BudgetEntry.objects.filter(line=line).count() == 1
    spend(line, "0.01")  # the last cent fits exactly
    assert line_figures([line])[line.pk].remaining == D("0.00")


def test_a_warn_line_goes_over_only_with_a_reason(year):
    line = BudgetLineFactory(year=year, planned_amount=D("50.00"), overspend_rule="warn", name="Sorties")
    with pytest.raises(ValidationError) as exc:
        spend(line, "60.00")
    assert "raison du dépassement" in errors_of(exc)["overspend_reason"]
    entry = spend(line, "60.00", overspend_reason="Car plus cher que prévu")
    assert entry.overspend_reason == "Car plus cher que prévu"
    assert line_figures([line])[line.pk].remaining == D("-10.00")


def test_commitments_reserve_money_until_an_expense_settles_them(year):
    line = refuse_line(year, "100.00")
    quote = commitment_create(line=line, date=DAY, amount=D("80.00"), label="Devis traiteur", supplier="Traiteur")
    with pytest.raises(ValidationError) as exc:
        spend(line, "30.00")  # only 20 € are not reserved
    assert "amount" in errors_of(exc)
    spend(line, "80.00", commitment=quote, label="Facture traiteur")
    figures = line_figures([line])[line.pk]
    assert (figures.outstanding, figures.available, figures.remaining) == (D("0.00"), D("20.00"), D("20.00"))


@pytest.mark.parametrize("amount, message", [
    ("-5.00", "ne peut pas être négatif"),
    ("0", "supérieur à zéro"),
    ("1.005", "Deux décimales"),
    (None, "Indiquez un montant"),
])
def test_a_bad_amount_is_refused_on_the_amount_field(year, amount, message):
    line = refuse_line(year)
    with pytest.raises(ValidationError) as exc:
        expense_create(line=line, date=DAY, amount=None if amount is None else D(amount), label="Achat")
    assert message in errors_of(exc)["amount"]
    assert not BudgetEntry.objects.exists()


def test_the_database_refuses_a_negative_entry_that_corrects_nothing(year):
    line = refuse_line(year)
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetEntry.objects.create(year=year, line=line, kind="expense", date=DAY, amount=D("-1.00"), label="x")


def test_an_expense_dated_in_a_closed_year_is_refused_on_the_date(year):
    old = BudgetYearFactory(year=2025)
    old_line = refuse_line(old)
    year_close(year=old, closed_by="Coordination")
    with pytest.raises(ValidationError) as exc:
        expense_create(line=old_line, date=dt.date(2025, 12, 30), amount=D("10.00"), label="Oubli")
    assert "L'exercice 2025 est clôturé" in errors_of(exc)["date"]
    line = refuse_line(year)
    with pytest.raises(ValidationError) as exc:
        expense_create(line=line, date=dt.date(2025, 12, 30), amount=D("10.00"), label="Oubli")
    assert "L'exercice 2025 est clôturé" in errors_of(exc)["date"]
    assert not BudgetEntry.objects.exists()


def test_a_closed_year_cannot_change_at_all(year):
    line = refuse_line(year)
    entry = spend(line, "10.00")
    decision = DecisionFactory(year=year)
    year_close(year=year, closed_by="Coordination")
    with pytest.raises(ValidationError):
        entry_correct(entry=entry, reason="Erreur")
    with pytest.raises(ValidationError):
        line_save(year=year, line=line, name=line.name, planned_amount=D("5.00"), category=line.category,
                  overspend_rule="warn")
    with pytest.raises(ValidationError):
        decision_save(decision=decision, decided_on=decision.decided_on, body=decision.body, title="Autre",
                      text=decision.text, amount=D("1.00"))
    with pytest.raises(ValidationError):
        income_create(date=DAY, amount=D("5.00"), label="Café", income_kind="cafe")
    with pytest.raises(ValidationError):
        year_close(year=year)
    assert BudgetEntry.objects.count() == 1
    assert BudgetLine.objects.get(pk=line.pk).planned_amount == line.planned_amount


def test_a_correction_is_a_counter_entry_and_the_entry_itself_never_changes(year):
    line = refuse_line(year)
    entry = spend(line, "40.00", label="Facture en double")
    counter = entry_correct(entry=entry, reason="Saisie en double", recorded_by="Coordination")
    assert (counter.amount, counter.kind, counter.corrects_id, counter.line_id) == (D("-40.00"), "expense", entry.pk,
                                                                                   line.pk)
    assert BudgetEntry.objects.get(pk=entry.pk).amount == D("40.00")
    assert line_figures([line])[line.pk].remaining == D("100.00")
    with pytest.raises(ValidationError) as exc:
        entry_correct(entry=entry, reason="encore")
    assert "déjà contre-passée" in errors_of(exc)["entry"]


def test_a_decision_tells_what_is_left_and_an_expense_cannot_exceed_it(year):
    line = refuse_line(year, "500.00")
    decision = decision_save(decided_on=dt.date(2026, 3, 12), body="residents_committee", title="Sortie plage",
                             text="Le comité décide d'une sortie à la mer.", amount=D("120.00"), line=line)
    spend(line, "100.00", decision=decision)
    with pytest.raises(ValidationError) as exc:
        spend(line, "20.01", decision=decision)
    assert "Il ne reste que 20,00" in errors_of(exc)["decision"]
    assert decision_list(year=year).get(pk=decision.pk).spent == D("100.00")


def test_closing_with_carry_over_writes_an_explicit_entry_in_the_next_year(year):
    line = refuse_line(year, "300.00")
    spend(line, "120.50")
    following = BudgetYearFactory(year=2027)
    carried = year_close(year=year, closed_by="Coordination", carry_over=True)
    assert (carried.kind, carried.year, carried.amount, carried.date) == ("carry_over", following, D("179.50"),
                                                                         dt.date(2027, 1, 1))
    assert year_summary(following).carried_in == D("179.50")
    year.refresh_from_db()
    assert year.is_closed and year.closed_by == "Coordination"


def test_every_change_is_in_the_residence_audit_trail_with_before_and_after(year):
    line = refuse_line(year, "100.00", name="Communication")
    line_save(year=year, line=line, name="Communication", planned_amount=D("150.00"), category="communication",
              overspend_rule="refuse")
    entry = LogEntry.objects.get_for_object(line).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.changes_dict["planned_amount"] == ["100.00", "150.00"]
    assert entry.additional_data["residence"] == "r_tilleuls_test"


def test_two_places_exact_totals_over_many_cents(year):
    line = BudgetLineFactory(year=year, planned_amount=D("1000.00"), overspend_rule="refuse")
    for _ in range(30):
        spend(line, "0.10")
    assert line_figures([line])[line.pk].remaining == D("997.00")


# --- Receipts (stored by core.documents) ---------------------------------------------------------

def test_a_receipt_must_be_a_pdf_jpeg_or_png_read_from_its_content(year, coordinator_a):
    from django.core.files.base import ContentFile

    from core.documents.models import Document

    line = refuse_line(year)
    fake = ContentFile(b"MZ\x90\x00 not a pdf at all", name="facture.pdf")
    with pytest.raises(ValidationError) as exc:
        spend(line, "10.00", receipt=fake, actor=coordinator_a)
    assert "n'est pas d'un format accepté (PDF, JPEG, PNG)" in errors_of(exc).get("receipt", ""), errors_of(exc)
    docx = ContentFile(b"PK\x03\x04" + b"\x00" * 40, name="facture.docx")
    with pytest.raises(ValidationError):
        spend(line, "10.00", receipt=docx, actor=coordinator_a)
    assert not BudgetEntry.objects.exists() and not Document.objects.exists()


def test_a_receipt_over_the_size_limit_is_refused_and_nothing_is_saved(year, coordinator_a, settings):
    from django.core.files.base import ContentFile

    from core.documents.factories import PDF_BYTES
    from core.documents.models import Document

    settings.DOCUMENT_MAX_BYTES = 1024
    line = refuse_line(year)
    big = ContentFile(PDF_BYTES + b"0" * 2048, name="facture.pdf")
    with pytest.raises(ValidationError) as exc:
        spend(line, "10.00", receipt=big, actor=coordinator_a)
    assert "la limite est de 1,0" in errors_of(exc)["receipt"]
    assert not BudgetEntry.objects.exists() and not Document.objects.exists()


def test_a_pdf_receipt_is_stored_as_a_document_of_the_residence(year, coordinator_a):
    from core.documents.factories import pdf_upload

    line = refuse_line(year)
    entry = spend(line, "10.00", receipt=pdf_upload("ticket.pdf"), actor=coordinator_a)
    assert entry.receipt.kind == "receipt" and entry.receipt.original_name == "ticket.pdf"
    assert entry.receipt.content_type == "application/pdf"


def test_an_expense_refused_after_its_receipt_was_stored_leaves_no_file(year, coordinator_a, settings, tmp_path):
    from core.documents.factories import pdf_upload
    from core.documents.models import Document

    settings.MEDIA_ROOT = tmp_path
    line = refuse_line(year)
    with pytest.raises(ValidationError) as exc:
        spend(line, "10.00", receipt=pdf_upload("ticket.pdf"), actor=coordinator_a, supplier="S" * 201)
    assert "supplier" in errors_of(exc)
    assert not BudgetEntry.objects.exists() and not Document.objects.exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
