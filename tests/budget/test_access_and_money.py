"""The budget follows the platform's rules: every `access_<thing>_by_id(actor=…, id=…)` checks the
actor (an outsider gets the same 404 as an unknown id), amounts are shown by the one money rule
(`apes_platform.money`, on the one number formatter), and XLSX money cells are numbers with cents."""
import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.template import Context, Template
from django.utils import translation
from openpyxl import load_workbook

from apes_platform.exports import export_response
from apes_platform.money import format_euros
from core.budget import selectors
from core.budget.factories import BudgetEntryFactory, BudgetLineFactory, BudgetYearFactory, DecisionFactory, EnvelopeFactory
from reporting.selectors import format_value

YEAR = dt.date.today().year


def test_every_budget_access_helper_checks_the_actor(residence_a, coordinator_a, coordinator_b, head_office,
                                                     viewer_l1, in_schema):
    with in_schema(residence_a):
        year = BudgetYearFactory(year=YEAR)
        line = BudgetLineFactory(year=year, planned_amount=D("100.00"))
        rows = {
            selectors.access_year_by_id: year,
            selectors.access_line_by_id: line,
            selectors.access_entry_by_id: BudgetEntryFactory(line=line, amount=D("5.00"), date=dt.date(YEAR, 2, 3)),
            selectors.access_decision_by_id: DecisionFactory(year=year, line=line, amount=D("20.00")),
            selectors.access_envelope_by_id: EnvelopeFactory(year=year),
        }
        for access, row in rows.items():
            assert access(actor=coordinator_a, id=row.pk) == row
            assert access(actor=head_office, id=str(row.pk)) == row
            for outsider in (coordinator_b, viewer_l1, AnonymousUser(), None):
                with pytest.raises(Http404):
                    access(actor=outsider, id=row.pk)
            for bad_id in ("not-a-number", row.pk + 10_000):
                with pytest.raises(Http404):
                    access(actor=coordinator_a, id=bad_id)


def test_euros_share_the_separators_of_every_other_number():
    with translation.override("fr"):
        amount = format_euros(D("1234.5"))
        assert amount == f"{format_value(D('1234.50'), places=2)}\u00a0€"
        assert amount.replace("\u202f", " ").replace("\u00a0", " ") == "1 234,50 €"
        assert format_euros(D("-45.30")) == "-45,30\u00a0€"
        assert format_euros(0) == "0,00\u00a0€"
        assert format_euros(None) == "–"
        # The budget templates' filter is the platform's rule, not a copy of it.
        shown = Template("{% load money %}{{ a|euros }} {{ b|euros }}").render(Context({"a": D("1234.50"), "b": None}))
        assert shown == f"{amount} –"
    with translation.override("en"):
        assert format_euros(D("1234.5")) == "1,234.50\u00a0€"


def test_xlsx_decimals_are_numbers_with_their_places():
    rows = [(D("12.50"), 3, D("82.5"), D("-0.07"))]
    columns = [("Montant", lambda r: r[0]), ("Nombre", lambda r: r[1]), ("Taux", lambda r: r[2]),
               ("Écart", lambda r: r[3])]
    sheet = load_workbook(io.BytesIO(export_response(rows, columns, filename="t", fmt="xlsx").content)).active
    amount, count, rate, gap = sheet[2]
    assert isinstance(amount.value, float) and amount.value == 12.5 and amount.number_format == "#,##0.00"
    assert count.value == 3 and count.number_format == "General"
    assert rate.value == 82.5 and rate.number_format == "#,##0.0"
    assert gap.value == -0.07 and gap.number_format == "#,##0.00"  # a negative amount stays a number
