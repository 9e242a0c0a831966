"""The one door to the indicator values (`ReportingScope.cells`) and the defects it closed.

Each test below failed on the code before the door (8743e66): the landlord PDF printed cells
hidden by secondary suppression, both PDFs showed a quarter's or a year's row in a month
column, a secondary cell read « < 11 », a landlord median over one residence revealed it, and
one column mixed « 82.5 » and « 66,25 ». The last test keeps every other module away from
IndicatorValue.
"""
import ast
import csv
import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django_tenants.utils import schema_context

from reporting.indicators import CATALOGUE
from reporting.models import IndicatorValue
from reporting.reports.models import ReportJob
from reporting.reports.selectors import report_pdf
from reporting.reports.services import report_job_run
from reporting.services import reporting_values_changed
from tenants.models import Residence
from tests.conftest import client_on
from tests.reports.test_reports import pdf_text

ROOT = Path(__file__).resolve().parents[2]
REACHED = "residents_reached"


@pytest.fixture(autouse=True)
def _fresh_generation(db):
    reporting_values_changed()


def put(residence, code, value, *, kind="month", start, basis=None, suppressed=False):
    return IndicatorValue.objects.create(
        residence=residence, indicator=code, period_kind=kind, period_start=start,
        value=None if value is None else Decimal(value), count_basis=int(value or 0) if basis is None else basis,
        suppressed=suppressed)


def extra_residence(name, slug, landlord):
    return Residence.objects.create(name=name, slug=slug, schema_name=f"r_{slug.replace('-', '_')}",
                                    landlord=landlord, address="1 rue X", postcode="92000", city="Nanterre",
                                    department="92", dwellings=60)


def flat(text: str) -> str:
    return " ".join(text.split())


def landlord_pdf(landlord, year=2026) -> str:
    job = ReportJob.objects.create(kind=ReportJob.Kind.LANDLORD, landlord=landlord, year=year)
    with schema_context("public"):
        job = report_job_run(job_id=job.pk)
    assert job.status == "done", job.error
    return flat(pdf_text(report_pdf(job=job)))


def residence_pdf(residence, year=2026) -> str:
    job = ReportJob.objects.create(kind=ReportJob.Kind.RESIDENCE, residence=residence, year=year)
    with schema_context(residence.schema_name):
        job = report_job_run(job_id=job.pk)
    assert job.status == "done", job.error
    return flat(pdf_text(report_pdf(job=job)))


def page_cell(page: str, residence_name: str, column: int) -> str:
    """The text of one indicator cell of a residence's row on a comparison page."""
    row = page.split(residence_name, 1)[1].split("</tr>", 1)[0]
    cells = re.findall(r"<td class=\"num[^\"]*\"[^>]*>(.*?)</td>", row)[1:]  # after the dwellings
    return re.sub(r"<span.*", "", cells[column]).replace("&lt;", "<").strip()


@pytest.fixture
def suppressed_grid(residence_a):
    """Les Tilleuls (Seqens), people reached in 2026: September 30 shown, October 7 (small count),
    November 47 hidden by secondary suppression (else the quarter minus two months gives October)."""
    put(residence_a, REACHED, 30, start=dt.date(2026, 9, 1))
    put(residence_a, REACHED, 7, start=dt.date(2026, 10, 1), suppressed=True)
    put(residence_a, REACHED, 47, start=dt.date(2026, 11, 1), suppressed=True)
    return residence_a


# 1 and 3 — secondary cells: hidden everywhere, and called « masqué », not « < 11 ».

def test_landlord_pdf_and_pages_agree_cell_for_cell_with_primary_and_secondary_suppression(
        suppressed_grid, viewer_l1):
    from reporting.indicators import CATALOGUE

    column = list(CATALOGUE).index(REACHED)
    client = client_on(None, viewer_l1)
    on_pages = []
    for month in range(7, 13):
        page = client.get(f"/pilotage/bailleur/?periode=2026-{month:02d}").content.decode()
        on_pages.append(page_cell(page, suppressed_grid.name, column))
    assert on_pages == ["–", "–", "30", "< 11", "masqué", "–"]

    text = landlord_pdf(suppressed_grid.landlord)
    block = text.split(str(CATALOGUE[REACHED].label), 1)[1]
    second_half = block.split(suppressed_grid.name, 2)[2]  # the row of the July-December table
    assert second_half.strip().startswith(" ".join(on_pages))
    assert "47" not in block.split("Graphique", 1)[0]
    assert "« masqué »" in text  # the footnote saying why


def test_api_and_exports_say_why_a_cell_is_hidden(suppressed_grid, viewer_l1, head_office):
    client = client_on(None, viewer_l1)
    rows = {(r["period"], r["indicator"]): r for month in ("2026-10", "2026-11", "2026-09")
            for r in client.get(f"/api/reporting/values/?period={month}").json()["results"]}
    assert (rows[("2026-10", REACHED)]["suppressed_reason"], rows[("2026-10", REACHED)]["value"]) == (
        "small_count", None)
    assert (rows[("2026-11", REACHED)]["suppressed_reason"], rows[("2026-11", REACHED)]["value"],
            rows[("2026-11", REACHED)]["display"]) == ("secondary", None, "masqué")
    assert (rows[("2026-09", REACHED)]["suppressed_reason"], rows[("2026-09", REACHED)]["display"]) == (None, "30")
    # The head office sees the real value and no reason.
    head = client_on(None, head_office).get("/api/reporting/values/?period=2026-11").json()["results"]
    mine = next(r for r in head if r["indicator"] == REACHED)
    assert (mine["value"], mine["suppressed_reason"]) == ("47.00", None)

    text = client.get("/pilotage/bailleur/?periode=2026-11&export=csv").content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    reached = lines[0].index(f"{CATALOGUE[REACHED].label} ({CATALOGUE[REACHED].unit})")
    assert lines[1][reached] == "masqué" and "47" not in text

    page = client.get("/pilotage/bailleur/?periode=2026-10").content.decode()
    assert '<td class="num suppressed" aria-describedby="note-small-count">&lt; 11</td>' in page
    assert 'id="note-small-count"' in page and "« &lt; 11 »" in page and "« < 11 »" not in page
    page = client.get("/pilotage/bailleur/?periode=2026-11").content.decode()
    assert '<td class="num suppressed" aria-describedby="note-secondary">masqué</td>' in page
    assert 'id="note-secondary"' in page


# 2 — month columns show month rows only.

def test_both_pdfs_never_show_a_quarter_or_a_year_in_a_month_column(residence_a, viewer_l1):
    activities = "activities_held"
    put(residence_a, activities, 555, kind="year", start=dt.date(2026, 1, 1))
    put(residence_a, activities, 99, kind="quarter", start=dt.date(2026, 10, 1))
    put(residence_a, activities, 4, start=dt.date(2026, 3, 1))

    for text in (residence_pdf(residence_a), landlord_pdf(residence_a.landlord)):
        monthly = text.split("mois par mois", 1)[1]
        block = monthly.split("Animations organisées", 1)[1].split("Graphique", 1)[0]
        assert "555" not in block and "99" not in block
        assert "– – 4 – – –" in block  # January to June: only March has a month row


# 4 — no landlord median over fewer than three shown residences.

def test_landlord_median_needs_three_shown_residences_and_says_why(residence_a, viewer_l1, head_office):
    from reporting.indicators import CATALOGUE

    october = dt.date(2026, 10, 1)
    second = extra_residence("Le Clos des Vignes", "clos-vignes-door", residence_a.landlord)
    put(residence_a, REACHED, 30, start=october)
    put(second, REACHED, 4, start=october, suppressed=True)
    column = list(CATALOGUE).index(REACHED)
    client = client_on(None, viewer_l1)

    def median_cell(page: str) -> str:
        footer = page.split("<tfoot>", 1)[1].split("</tr>", 1)[0]
        return re.findall(r'<td class="num median"[^>]*>(.*?)</td>', footer)[column]

    page = client.get("/pilotage/bailleur/?periode=2026-10").content.decode()
    assert median_cell(page) == "non publiée" and 'id="note-too-few"' in page and ">30" not in page.split(
        "<tfoot>", 1)[1]
    profile = client.get(f"/pilotage/residences/{residence_a.pk}/?periode=2026-10").content.decode()
    assert 'aria-describedby="note-too-few">non publiée</td>' in profile

    for n, value in ((3, 40), (4, 50)):
        put(extra_residence(f"Résidence {n}", f"door-{n}", residence_a.landlord), REACHED, value, start=october)
    assert median_cell(client.get("/pilotage/bailleur/?periode=2026-10").content.decode()) == "40"
    # The head office's median is over every residence, however few.
    head = client_on(None, head_office).get(f"/pilotage/?periode=2026-10&bailleur={residence_a.landlord.pk}")
    assert head.status_code == 200


# 6 — one number format per column.

def test_values_and_medians_share_one_french_format(residence_a, residence_b, head_office):
    from reporting.indicators import CATALOGUE

    rate = "dwellings_reach_rate"
    october = dt.date(2026, 10, 1)
    put(residence_a, rate, "82.5", start=october, basis=40)
    put(residence_b, rate, "50", start=october, basis=40)
    column = list(CATALOGUE).index(rate)
    page = client_on(None, head_office).get("/pilotage/?periode=2026-10").content.decode()
    footer = page.split("<tfoot>", 1)[1].split("</tr>", 1)[0]
    median = re.findall(r'<td class="num median"[^>]*>(.*?)</td>', footer)[column]
    assert (page_cell(page, residence_a.name, column), page_cell(page, residence_b.name, column), median) == (
        "82,5", "50,0", "66,3")
    text = residence_pdf(residence_a)
    assert "82,5" in text and "82.5" not in text


def test_one_formatter_for_every_number():
    from django.utils import translation

    from reporting.selectors import format_value

    with translation.override("fr"):
        assert format_value(Decimal("1234.56"), 1) == "1\xa0234,6"
        assert format_value(Decimal("66.25"), 1) == "66,3" and format_value(Decimal("30.00"), 0) == "30"
        assert format_value(None, 1) == "–"
    with translation.override("en"):
        assert format_value(Decimal("1234.56"), 1) == "1,234.6"


# Enforced, not remembered.

ALLOWED = {
    "reporting/selectors.py": "the one door",
    "reporting/models.py": "the model itself",
    "reporting/services.py": "computes and writes the values, shows none",
    "reporting/admin.py": "read-only support table for the head office's staff",
}


def _reads_indicator_values(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(), filename=str(path))
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == "IndicatorValue":
            lines.append(node.lineno)
        elif isinstance(node, ast.Attribute) and node.attr in ("IndicatorValue", "indicator_values"):
            lines.append(node.lineno)
        elif isinstance(node, ast.alias) and node.name.split(".")[-1] == "IndicatorValue":
            lines.append(getattr(node, "lineno", 0))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and re.fullmatch(
                r"(reporting\.)?IndicatorValue|reporting_indicatorvalue", node.value):
            lines.append(node.lineno)
    return lines


def test_no_code_outside_the_selectors_reads_indicator_values_for_display():
    packages = ["reporting", "core", "tenants", "platform"]
    offenders = {}
    scanned = set()
    for package in packages:
        for path in (ROOT / package).rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" in relative:
                continue
            scanned.add(relative)
            if relative in ALLOWED:
                continue
            if found := _reads_indicator_values(path):
                offenders[relative] = found
    assert "reporting/reports/report_sections.py" in scanned and "reporting/reports/selectors.py" in scanned
    assert offenders == {}, f"read indicator values through ReportingScope.cells, not directly: {offenders}"


def test_the_guard_catches_a_direct_read(tmp_path):
    leaky = tmp_path / "leaky.py"
    leaky.write_text("from reporting.models import IndicatorValue\nrows = IndicatorValue.objects.all()\n")
    assert sorted(set(_reads_indicator_values(leaky))) == [1, 2]
