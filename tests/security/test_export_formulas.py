"""Formula (CSV) injection: every export of the project, CSV read back and XLSX opened with openpyxl.

A value someone typed that starts with = + - @ a tab or a carriage return must come out as
text prefixed with a single quote, never as a live formula; numbers and dates stay typed.
The exports are the project's list downloads (`?export=csv|xlsx`), the reporting comparison
and the report-job list; a static check makes sure no other module writes CSV or XLSX, so a
future export goes through `apes_platform.exports` too.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import pathlib
import re

import pytest
from openpyxl import load_workbook

from apes_platform.exports import export_response
from core.activities.factories import ActivityFactory
from core.dropins.factories import DropInSlotFactory, DropInVisitFactory, FollowUpFactory
from core.evaluation.factories import SurveyResponseFactory, SurveyWaveFactory
from core.partners.factories import PartnerFactory
from core.people.factories import ResidentFactory
from core.safety.factories import IncidentFactory, SafetyCheckFactory
from core.spaces.factories import BookingFactory, DeskSignInFactory, SpaceFactory
from reporting.reports.models import ReportJob
from tests.conftest import aware, client_on

HYPERLINK = '=HYPERLINK("http://evil.invalid/","x")'
PAYLOADS = [HYPERLINK, "+33 1 02 03 04", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]
NOW = aware(2026, 10, 12, 10)
# What a spreadsheet reads as the start of a formula (OWASP).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def payload(n: int) -> str:
    return PAYLOADS[n % len(PAYLOADS)]


def _residents(n):
    return ResidentFactory(first_name=payload(n), pseudonym="", last_name_initial="")


def _activities(n):
    return ActivityFactory(title=payload(n), place=payload(n + 1), space=None, starts_at=NOW - dt.timedelta(days=n))


def _visits(n):
    return DropInVisitFactory(note=payload(n), resident=_residents(n + 1), visited_at=NOW - dt.timedelta(days=n))


def _follow_ups(n):
    return FollowUpFactory(visit=_visits(n), outcome=payload(n + 2))


def _slots(n):
    return DropInSlotFactory(place=payload(n), note=payload(n + 1), first_date=NOW.date() + dt.timedelta(days=n))


def _checks(n):
    return SafetyCheckFactory(label=payload(n))


def _incidents(n):
    return IncidentFactory(title=payload(n), description=payload(n + 1), actions_taken=payload(n + 2))


def _partners(n):
    return PartnerFactory(name=payload(n), contact_name=payload(n + 1), email=payload(n + 2), phone="-1")


def _spaces(n):
    return SpaceFactory(name=payload(n))


def _bookings(n):
    return BookingFactory(title=payload(n), space=_spaces(n + 1), starts_at=NOW + dt.timedelta(days=n))


def _desk(n):
    return DeskSignInFactory(visitor_name=payload(n), arrived_at=NOW - dt.timedelta(days=n),
                             left_at=NOW - dt.timedelta(days=n) + dt.timedelta(hours=2))


def _responses(n):
    return SurveyResponseFactory(wave=SurveyWaveFactory(label=payload(n)), resident=_residents(n + 1))


# (path on residence A, rows maker): every list download of a residence.
RESIDENCE_EXPORTS = {
    "/habitants/": _residents,
    "/activites/": _activities,
    "/permanences/": _visits,
    "/permanences/suites/": _follow_ups,
    "/permanences/creneaux/": _slots,
    "/securite/controles/": _checks,
    "/securite/incidents/": _incidents,
    "/partenaires/": _partners,
    "/espaces/": _spaces,
    "/espaces/reservations/": _bookings,
    "/espaces/coworking/": _desk,
    "/evaluation/reponses/": _responses,
}
# Filters that show every row (some lists default to "open" or "upcoming" only).
SHOW_ALL = {"/securite/incidents/": "status=", "/espaces/reservations/": "status=all",
            "/permanences/suites/": "status="}


def csv_cells(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def assert_csv_neutralised(response, where):
    assert response.status_code == 200, where
    cells = [cell for row in csv_cells(response) for cell in row]
    for cell in cells:
        assert not cell.startswith(FORMULA_PREFIXES), (where, cell)
    assert "'" + HYPERLINK in cells, (where, "the hostile value is not in the export")


def assert_xlsx_neutralised(response, where):
    assert response.status_code == 200, where
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    values = []
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", (where, cell.coordinate, cell.value)
            if isinstance(cell.value, str):
                assert not cell.value.startswith(FORMULA_PREFIXES), (where, cell.coordinate, cell.value)
            values.append(cell.value)
    assert "'" + HYPERLINK in values, (where, "the hostile value is not in the export")
    # The readable sheet: bold frozen header, autofilter over the table, sized columns.
    assert all(cell.font.bold for cell in sheet[1]), where
    assert sheet.freeze_panes == "A2", where
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}", where
    return sheet


@pytest.mark.parametrize("path", sorted(RESIDENCE_EXPORTS))
def test_every_residence_export_neutralises_formulas(path, residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        for n in range(len(PAYLOADS)):
            RESIDENCE_EXPORTS[path](n)
    client = client_on(residence_a, coordinator_a)
    query = SHOW_ALL.get(path, "")
    base = f"{path}?{query}&" if query else f"{path}?"
    assert_csv_neutralised(client.get(base + "export=csv"), path)
    assert_xlsx_neutralised(client.get(base + "export=xlsx"), path)


def test_typed_values_stay_numbers_and_dates_in_xlsx(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        for n in range(len(PAYLOADS)):
            _activities(n)
    sheet = assert_xlsx_neutralised(client_on(residence_a, coordinator_a).get("/activites/?export=xlsx"),
                                    "/activites/")
    headers = [cell.value for cell in sheet[1]]
    starts = [row[headers.index("Début")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    places = [row[headers.index("Inscrit·es")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(value, dt.datetime) for value in starts)
    assert all(isinstance(value, int) for value in places)
    assert sheet.cell(2, headers.index("Début") + 1).number_format == "dd/mm/yyyy hh:mm"
    # Fitted: the title column is wider than the default and no column is absurdly wide.
    title_letter = sheet.cell(1, headers.index("Animation") + 1).column_letter
    assert sheet.column_dimensions[title_letter].width >= len(HYPERLINK)
    assert all(sheet.column_dimensions[c.column_letter].width <= 60 for c in sheet[1])


def test_report_job_list_export(residence_a, coordinator_a, head_office):
    head_office.full_name = HYPERLINK
    head_office.save(update_fields=["full_name"])
    ReportJob.objects.create(kind=ReportJob.Kind.RESIDENCE, residence=residence_a, year=2025,
                             status=ReportJob.Status.DONE, requested_by=head_office)
    client = client_on(residence_a, coordinator_a)
    assert_csv_neutralised(client.get("/rapports/?export=csv"), "/rapports/")
    assert_xlsx_neutralised(client.get("/rapports/?export=xlsx"), "/rapports/")


def test_reporting_comparison_export(residence_a, head_office):
    residence_a.city = HYPERLINK
    residence_a.save(update_fields=["city"])
    client = client_on(None, head_office)
    assert_csv_neutralised(client.get("/pilotage/?export=csv"), "/pilotage/")
    assert_xlsx_neutralised(client.get("/pilotage/?export=xlsx"), "/pilotage/")


def test_the_export_module_itself():
    """Each formula prefix, typed values, and the values openpyxl cannot store (control characters)."""
    rows = [[p] for p in PAYLOADS] + [[-3], [2.5], [dt.date(2026, 1, 2)], ["ok\x01\x02"], ["'déjà cité"]]
    columns = [("=Colonne", lambda r: r[0])]
    sheet = load_workbook(io.BytesIO(export_response(rows, columns, filename="t", fmt="xlsx").content)).active
    values = [c.value for c in sheet["A"]]
    # XML stores a carriage return as a line feed: still after the quote, still text.
    assert values == ["'=Colonne", *("'" + p.replace("\r", "\n") for p in PAYLOADS), -3, 2.5, dt.datetime(2026, 1, 2), "ok", "'déjà cité"]
    text = [r[0] for r in csv_cells(export_response(rows, columns, filename="t", fmt="csv"))]
    assert text == ["'=Colonne", *("'" + p for p in PAYLOADS), "-3", "2.5", "2026-01-02", "ok\x01\x02", "'déjà cité"]


def test_no_module_writes_csv_or_xlsx_but_the_export_module():
    """A future export cannot forget the rule: only apes_platform/exports.py writes these formats."""
    root = pathlib.Path(__file__).resolve().parents[2]
    writers = re.compile(r"csv\.writer\(|csv\.DictWriter\(|Workbook\(|xlsxwriter|text/csv")
    offenders = [
        str(path.relative_to(root)) for folder in ("core", "reporting", "tenants", "platform")
        for path in (root / folder).rglob("*.py")
        if path.name != "exports.py" and writers.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
