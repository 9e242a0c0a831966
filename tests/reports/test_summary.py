"""The residence report opens on a one-page summary and marks the month in progress."""
import base64
import datetime as dt
import io
from decimal import Decimal

from django.utils import timezone
from django_tenants.utils import schema_context
from pypdf import PdfReader

from core.evaluation.factories import NarrativeSectionFactory
from reporting.models import IndicatorValue
from reporting.periods import month_start
from reporting.reports import charts
from reporting.reports.models import ReportJob
from reporting.reports.selectors import report_pdf
from reporting.reports.services import report_job_run


def put(residence, code, value, *, kind, start):
    IndicatorValue.objects.create(residence=residence, indicator=code, period_kind=kind, period_start=start,
                                  value=Decimal(value), count_basis=value)


def test_summary_page_first_then_the_month_in_progress_is_marked(residence_a):
    today = timezone.localdate()
    this_month = month_start(today)
    put(residence_a, "activities_held", 37, kind="year", start=dt.date(today.year, 1, 1))
    put(residence_a, "activities_held", 3, kind="month", start=this_month)
    with schema_context(residence_a.schema_name):
        NarrativeSectionFactory(year=today.year, kind="highlights", body="La fête des voisins a réuni 80 personnes.")
    job = ReportJob.objects.create(kind=ReportJob.Kind.RESIDENCE, residence=residence_a, year=today.year)
    with schema_context(residence_a.schema_name):
        job = report_job_run(job_id=job.pk)
    assert job.status == "done", job.error
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(report_pdf(job=job))).pages]

    first = pages[0]
    assert "L'année en bref" in first and "Chiffres clés de l'année" in first
    assert "37 Animations organisées" in first  # the year's figure, not a month's
    assert "Faits marquants" in first and "La fête des voisins a réuni 80 personnes." in first
    assert "L'année est en cours" in first
    assert "Indicateurs de l'année, mois par mois" not in first  # the summary has its page

    rest = " ".join(pages[1:])
    label = charts.MONTH_LABELS[today.month - 1]
    monthly = rest.split("Animations organisées", 1)[1].split("Graphique", 1)[0]
    assert f"{label} *" in monthly and "3 *" in monthly  # the month in progress, marked
    assert "est en cours : ses valeurs ne portent que sur les jours écoulés" in rest


def test_the_chart_draws_the_month_in_progress_apart():
    def svg(uri: str) -> str:
        return base64.b64decode(uri.split(",", 1)[1]).decode()

    values = [4.0] * 12
    marked = svg(charts.monthly_bars(values, unit="animations", partial=12))
    plain = svg(charts.monthly_bars(values, unit="animations"))
    assert marked.count('fill="url(#partial)"') == 1 and "déc.*" in marked
    assert 'fill="url(#partial)"' not in plain and "déc.*" not in plain
    lines = svg(charts.monthly_lines({"A": values}, unit="animations", partial=3))
    assert "mars*" in lines
