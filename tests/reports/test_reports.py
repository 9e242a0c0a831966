"""Activity reports: sections, PDF content, progress, failure, idempotence and scoping (in-process)."""
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django_tenants.utils import schema_context
from pypdf import PdfReader

from core.activities.factories import ActivityFactory
from core.evaluation.factories import NarrativeSectionFactory, SurveyWaveFactory
from core.evaluation.services import survey_response_record
from core.people.factories import ResidentFactory
from reporting.models import IndicatorValue
from reporting.reports import sections as registry
from reporting.reports.models import ReportJob
from reporting.reports.sections import report_section, sections_for
from reporting.reports.selectors import report_pdf
from reporting.reports.services import report_job_run
from reporting.services import residence_indicators_refresh
from tenants.models import Residence
from tests.conftest import aware, client_on
from tests.evaluation.test_survey import LONELY_ALWAYS, WELL_CONNECTED

OCTOBER = dt.date(2026, 10, 1)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def make_year_of(residence):
    """Les Tilleuls in 2026, by hand: 2 activities in October with 12 distinct people (10 + 2 new),
    1 in March with 3 of them; the autumn wave has 2 answers (1 often lonely: 50 %, mean 5.0);
    a highlights section. Indicators refreshed for March and October."""
    with schema_context(residence.schema_name):
        people = ResidentFactory.create_batch(12)
        ActivityFactory(title="Atelier couture", starts_at=aware(2026, 10, 3), ends_at=aware(2026, 10, 3, 16),
                        facilitator="Aïcha Benali").attendees.set(people[:10])
        ActivityFactory(title="Repas partagé", starts_at=aware(2026, 10, 17), ends_at=aware(2026, 10, 17, 16),
                        facilitator="Comité").attendees.set(people[8:12])
        ActivityFactory(title="Loto intergénérationnel", starts_at=aware(2026, 3, 7), ends_at=aware(2026, 3, 7, 16),
                        facilitator="Comité").attendees.set(people[:3])
        wave = SurveyWaveFactory(label="Automne 2026", starts_on=dt.date(2026, 10, 1), ends_on=dt.date(2026, 11, 15))
        survey_response_record(wave=wave, answered_on=dt.date(2026, 10, 5), **WELL_CONNECTED)
        survey_response_record(wave=wave, answered_on=dt.date(2026, 10, 6), **LONELY_ALWAYS)
        NarrativeSectionFactory(year=2026, kind="highlights", body="La fête des voisins a réuni 80 personnes.")
        NarrativeSectionFactory(year=2026, kind="free", title="Le jardin partagé", body="Douze parcelles cultivées.")
    residence_indicators_refresh(residence=residence, months=[dt.date(2026, 3, 1), OCTOBER])
    return residence


def residence_job(residence, user=None, year=2026) -> ReportJob:
    return ReportJob.objects.create(kind=ReportJob.Kind.RESIDENCE, residence=residence, year=year, requested_by=user)


def run_in(schema: str, job: ReportJob) -> ReportJob:
    with schema_context(schema):
        return report_job_run(job_id=job.pk)


@pytest.fixture
def extra_section():
    """Register a section for the test only, as a later capability would."""
    added = []

    def add(code, render, kinds=(registry.RESIDENCE,), order=50):
        report_section(code=code, title=f"Section {code}", order=order, kinds=kinds)(render)
        added.append(code)

    yield add
    for code in added:
        registry.SECTIONS.pop(code, None)


def test_registry_orders_sections_and_accepts_new_ones(extra_section):
    codes = [s.code for s in sections_for("residence")]
    mine = ["indicators", "activities", "social_ties", "narrative"]
    assert [c for c in codes if c in mine] == mine  # other capabilities may add theirs in between
    extra_section("budget", lambda report: "<p>Budget exécuté : 1 234 €</p>", order=60)
    codes = [s.code for s in sections_for("residence")]
    assert codes.index("social_ties") < codes.index("budget") < codes.index("narrative")
    assert "budget" not in [s.code for s in sections_for("landlord")]


def test_residence_pdf_holds_the_figures_of_the_year(residence_a, coordinator_a):
    make_year_of(residence_a)
    job = run_in(residence_a.schema_name, residence_job(residence_a, coordinator_a))

    assert job.status == "done" and job.progress == 100 and job.filename == "rapport-activite-tilleuls-test-2026.pdf"
    text = pdf_text(report_pdf(job=job))
    assert "Rapport d'activité 2026" in text and "Les Tilleuls" in text
    assert "3\nanimations dans l'année" in text or "3 animations dans l'année" in text.replace("\n", " ")
    assert "12" in text.split("habitant·es différent·es")[0][-20:]
    assert "Atelier couture" in text and "Aïcha Benali" in text
    assert "Habitant·es venu·es à au moins une animation" in text
    # October of the monthly tables: 12 people, 2 activities; the survey: 50 %, mean 5.
    flat = " ".join(text.split())
    assert "Automne 2026 2 50,0 %" in flat
    assert "La fête des voisins a réuni 80 personnes." in flat
    assert "Le jardin partagé" in flat and "Douze parcelles cultivées." in flat


def test_progress_is_committed_while_sections_render(residence_a, coordinator_a, extra_section):
    seen = []
    job = residence_job(residence_a, coordinator_a)
    extra_section("probe", lambda report: seen.append(ReportJob.objects.values_list("status", "progress", "step")
                                                     .get(pk=job.pk)) or None)
    run_in(residence_a.schema_name, job)
    status, progress, step = seen[0]
    assert status == "running" and 5 < progress < 90 and step.startswith("Section")


def test_a_failing_section_keeps_no_pdf_and_shows_the_error(residence_a, coordinator_a, extra_section):
    def broken(report):
        raise ZeroDivisionError

    extra_section("broken", broken)
    job = run_in(residence_a.schema_name, residence_job(residence_a, coordinator_a))

    assert job.status == "failed" and report_pdf(job=job) is None and job.filename == ""
    assert "ZeroDivisionError" in job.error and "Réessayez" in job.error
    page = client_on(residence_a, coordinator_a).get(f"/rapports/{job.pk}/").content.decode()
    assert 'role="alert"' in page and "La génération du rapport a échoué" in page
    assert client_on(residence_a, coordinator_a).get(f"/rapports/{job.pk}/telecharger/").status_code == 404


def test_a_job_run_on_another_schema_fails_instead_of_reading_it(residence_a, residence_b, coordinator_a):
    job = run_in(residence_b.schema_name, residence_job(residence_a, coordinator_a))
    assert job.status == "failed" and report_pdf(job=job) is None


def test_running_a_finished_job_again_changes_nothing(residence_a, coordinator_a):
    job = run_in(residence_a.schema_name, residence_job(residence_a, coordinator_a))
    first = (job.finished_at, report_pdf(job=job))
    again = run_in(residence_a.schema_name, job)
    assert (again.finished_at, report_pdf(job=again)) == first
    assert ReportJob.objects.count() == 1


def test_coordinator_starts_a_report_and_follows_it(residence_a, coordinator_a, django_capture_on_commit_callbacks):
    client = client_on(residence_a, coordinator_a)
    page = client.get("/rapports/").content.decode()
    assert "Générer le rapport" in page
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post("/rapports/", {"year": 2026})
        again = client.post("/rapports/", {"year": 2026})  # double click: the same job
    job = ReportJob.objects.get()
    assert response["Location"] == again["Location"] == f"/rapports/{job.pk}/"
    assert len(callbacks) == 1 and job.requested_by == coordinator_a and job.status == "pending"

    status = client.get(f"/rapports/{job.pk}/etat/").content.decode()
    assert f'hx-get="/rapports/{job.pk}/etat/"' in status and 'value="0"' in status
    assert client.get(f"/rapports/{job.pk}/telecharger/").status_code == 404

    run_in(residence_a.schema_name, job)
    status = client.get(f"/rapports/{job.pk}/etat/").content.decode()
    assert "hx-get" not in status and "Télécharger le PDF" in status
    download = client.get(f"/rapports/{job.pk}/telecharger/")
    assert download["Content-Type"] == "application/pdf" and download.content.startswith(b"%PDF")


def test_year_is_checked_and_named(residence_a, coordinator_a):
    response = client_on(residence_a, coordinator_a).post("/rapports/", {"year": 1999})
    assert response.status_code == 200 and "L&#x27;année doit être 2000 ou après." in response.content.decode()
    assert not ReportJob.objects.exists()


def test_report_jobs_stay_in_their_residence(residence_a, residence_b, coordinator_a, coordinator_b, head_office):
    job = residence_job(residence_a, coordinator_a)
    b = client_on(residence_b, coordinator_b)
    for path in (f"/rapports/{job.pk}/", f"/rapports/{job.pk}/etat/", f"/rapports/{job.pk}/telecharger/"):
        assert b.get(path).status_code == 404
    assert client_on(residence_b, head_office).get(f"/rapports/{job.pk}/").status_code == 404
    assert client_on(residence_a, head_office).get(f"/rapports/{job.pk}/").status_code == 200
    assert "tilleuls" not in b.get("/rapports/").content.decode().lower()


def test_job_list_filters_exports_and_keeps_its_query_count(residence_a, coordinator_a):
    from django.test.utils import CaptureQueriesContext

    client = client_on(residence_a, coordinator_a)
    residence_job(residence_a, coordinator_a, year=2025)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/rapports/").status_code == 200
        return len(ctx)

    few = count()
    for year in range(2001, 2021):
        residence_job(residence_a, coordinator_a, year=year)
    assert count() == few
    assert "1 rapport" in client.get("/rapports/?year=2025").content.decode()
    export = client.get("/rapports/?year=2025&export=csv").content.decode("utf-8-sig").strip().splitlines()
    assert len(export) == 2 and export[1].startswith("2025;Les Tilleuls")


# --- Landlord report ----------------------------------------------------------------------------

@pytest.fixture
def seqens_values(residence_a):
    """Seqens owns Les Tilleuls (7 people in October: hidden from landlords) and a second
    residence with 23 people (shown); both held 5 activities (not people: shown)."""
    other = Residence.objects.create(
        name="Le Clos des Vignes", slug="clos-vignes-test", schema_name="r_clos_vignes_test",
        landlord=residence_a.landlord, address="4 allée des Vignes", postcode="92500", city="Rueil-Malmaison",
        department="92", dwellings=64)
    for residence, people in ((residence_a, 7), (other, 23)):
        IndicatorValue.objects.create(residence=residence, indicator="residents_attending", period_start=OCTOBER,
                                      value=Decimal(people), count_basis=people)
        IndicatorValue.objects.create(residence=residence, indicator="activities_held", period_start=OCTOBER,
                                      value=Decimal(5), count_basis=5)
    return other


def landlord_job(landlord, user=None) -> ReportJob:
    return ReportJob.objects.create(kind=ReportJob.Kind.LANDLORD, landlord=landlord, year=2026, requested_by=user)


def test_landlord_pdf_hides_small_counts_of_people(residence_a, residence_b, seqens_values, viewer_l1):
    IndicatorValue.objects.create(residence=residence_b, indicator="activities_held", period_start=OCTOBER,
                                  value=Decimal(777), count_basis=777)
    job = run_in("public", landlord_job(residence_a.landlord, viewer_l1))
    assert job.status == "done", job.error
    flat = " ".join(pdf_text(report_pdf(job=job)).split())
    assert "Rapport bailleur 2026" in flat and "Les Tilleuls" in flat and "Le Clos des Vignes" in flat
    assert "Les Cèdres" not in flat  # another landlord's residence
    assert "777" not in flat
    people = flat.split("Habitant·es venu·es à au moins une animation", 1)[1].split("Animations organisées", 1)[0]
    tilleuls = people.split("Les Tilleuls", 2)[2].split("Le Clos des Vignes")[0]  # second half of the year
    assert "< 11" in tilleuls and " 7 " not in f" {tilleuls} "
    assert "23" in people


def test_landlord_report_access(residence_a, residence_b, viewer_l1, viewer_l2, head_office, coordinator_a):
    job = landlord_job(residence_a.landlord, viewer_l1)
    assert client_on(None, viewer_l1).get(f"/rapports/{job.pk}/").status_code == 200
    assert client_on(None, head_office).get(f"/rapports/{job.pk}/etat/").status_code == 200
    l2 = client_on(None, viewer_l2)
    for path in (f"/rapports/{job.pk}/", f"/rapports/{job.pk}/etat/", f"/rapports/{job.pk}/telecharger/"):
        assert l2.get(path).status_code == 404
    assert residence_a.landlord.short_name not in l2.get("/rapports/").content.decode()
    assert client_on(None, coordinator_a).get("/rapports/").status_code == 403
    # A residence job id is not a landlord job.
    other = residence_job(residence_a, coordinator_a)
    assert client_on(None, head_office).get(f"/rapports/{other.pk}/").status_code == 404


def test_viewer_requests_only_its_own_landlord(residence_a, residence_b, viewer_l1, head_office,
                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        # A landlord id in the form is ignored for a viewer: the scope decides.
        client_on(None, viewer_l1).post("/rapports/", {"year": 2026, "landlord": residence_b.landlord.pk})
        client_on(None, head_office).post("/rapports/", {"year": 2026, "landlord": residence_b.landlord.pk})
    assert sorted(ReportJob.objects.values_list("landlord__short_name", flat=True)) == sorted(
        [residence_a.landlord.short_name, residence_b.landlord.short_name])
