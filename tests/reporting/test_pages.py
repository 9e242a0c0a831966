"""Head-office comparison, landlord view, trends, profiles, exports, API, refresh runs.

Values are written straight into the public table (the pages never enter a residence schema).
Personas: the head-office analyst, a landlord viewer of Seqens (Les Tilleuls, A) and of
Logirep (Les Cèdres, B).
"""
import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from reporting.indicators import CATALOGUE
from reporting.models import IndicatorValue, RefreshRun
from tenants.models import Residence
from tests.conftest import client_on

OCTOBER = dt.date(2026, 10, 1)


def put(residence, code, value, *, kind="month", start=OCTOBER, basis=None, suppressed=False):
    return IndicatorValue.objects.create(residence=residence, indicator=code, period_kind=kind, period_start=start,
                                         value=value, count_basis=value if basis is None else basis,
                                         suppressed=suppressed)


def extra_residence(i, landlord, *, department="75", dwellings=40, qpv=False):
    return Residence.objects.create(
        name=f"Résidence extra {i:02d}", slug=f"extra-{i}", schema_name=f"r_extra_{i}", landlord=landlord,
        address="1 rue X", postcode="75001", city="Paris", department=department, dwellings=dwellings,
        is_priority_neighbourhood=qpv,
    )


@pytest.fixture
def october(residence_a, residence_b):
    """A: 30 people reached, 5 activities; B: 4 people reached (small), 2 activities."""
    put(residence_a, "residents_reached", 30)
    put(residence_a, "activities_held", 5)
    put(residence_b, "residents_reached", 4)
    put(residence_b, "activities_held", 2)
    return residence_a, residence_b


def row_of(page: str, name: str) -> str:
    return page.split(name, 1)[1].split("</tr>", 1)[0].replace(" ", "")


def test_head_office_sees_every_residence_with_real_values_and_the_median(october, head_office):
    page = client_on(None, head_office).get("/pilotage/?periode=2026-10").content.decode()
    a, b = october
    assert ">30" in row_of(page, a.name) and ">4" in row_of(page, b.name)
    assert "&lt; 11" not in page
    footer = page.split("<tfoot>", 1)[1]
    assert "17" in footer  # median of 30 and 4
    assert "Dernier calcul des indicateurs" in page


def test_filters_by_landlord_department_qpv_and_size(october, head_office):
    a, b = october
    extra = extra_residence(1, a.landlord, department="75", dwellings=250, qpv=True)
    client = client_on(None, head_office)

    def names(query):
        page = client.get(f"/pilotage/?periode=2026-10&{query}").content.decode()
        return {r.name for r in (a, b, extra) if r.name in page.split("<tbody>", 1)[1]}

    assert names(f"bailleur={b.landlord.pk}") == {b.name}
    assert names("departement=93") == {a.name}
    assert names("qpv=oui") == {extra.name}
    assert names("qpv=non") == {a.name, b.name}
    assert names("taille=200%2B") == {extra.name}
    assert names("taille=100-199") == {a.name, b.name}


def test_sorting_by_an_indicator(october, head_office):
    a, b = october
    client = client_on(None, head_office)
    descending = client.get("/pilotage/?periode=2026-10&tri=residents_reached&ordre=desc").content.decode()
    ascending = client.get("/pilotage/?periode=2026-10&tri=residents_reached&ordre=asc").content.decode()
    assert descending.index(a.name) < descending.index(b.name)
    assert ascending.index(b.name) < ascending.index(a.name)


def test_a_bad_period_is_named(head_office):
    page = client_on(None, head_office).get("/pilotage/?periode=octobre").content.decode()
    assert 'role="alert"' in page and "Période" in page


def test_quarter_and_year_pages_read_their_own_rows(residence_a, head_office):
    put(residence_a, "residents_reached", 12, kind="quarter")
    put(residence_a, "residents_reached", 41, kind="year", start=dt.date(2026, 1, 1))
    client = client_on(None, head_office)
    assert ">12" in row_of(client.get("/pilotage/?periode=2026-T4").content.decode(), residence_a.name)
    assert ">41" in row_of(client.get("/pilotage/?periode=2026").content.decode(), residence_a.name)


def test_landlord_sees_only_its_residences_with_small_counts_hidden(october, viewer_l2):
    a, b = october
    client = client_on(None, viewer_l2)
    page = client.get("/pilotage/bailleur/?periode=2026-10").content.decode()
    assert a.name not in page
    row = row_of(page, b.name)
    assert "&lt;11" in row and ">2" in row
    # The head office's pages are closed to landlords; another landlord's profile does not exist.
    assert client.get("/pilotage/").status_code == 403
    assert client.get(f"/pilotage/residences/{a.pk}/").status_code == 404
    assert client.get(f"/pilotage/bailleur/?bailleur={a.landlord.pk}").content.decode().count(a.name) == 0


def test_landlord_never_sees_a_flagged_cell(residence_a, viewer_l1, head_office):
    put(residence_a, "residents_reached", 25, suppressed=True)  # hidden by secondary suppression
    row = row_of(client_on(None, viewer_l1).get("/pilotage/bailleur/?periode=2026-10").content.decode(),
                 residence_a.name)
    assert "masqué" in row and "25" not in row and "&lt;11" not in row  # hidden, but not a small count
    assert ">25" in row_of(client_on(None, head_office).get("/pilotage/?periode=2026-10").content.decode(),
                           residence_a.name)


def test_exports_are_the_table_on_screen(october, head_office, viewer_l2):
    a, b = october
    response = client_on(None, head_office).get("/pilotage/?periode=2026-10&tri=residents_reached&ordre=desc&export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    reached = header.index(f"{CATALOGUE['residents_reached'].label} ({CATALOGUE['residents_reached'].unit})")
    assert [r[0] for r in rows[1:3]] == [a.name, b.name]
    assert (rows[1][reached], rows[2][reached]) == (30, 4)
    assert rows[-1][0] == "Médiane des résidences affichées" and rows[-1][reached] == 17

    text = client_on(None, viewer_l2).get("/pilotage/bailleur/?periode=2026-10&export=csv").content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert [line[0] for line in lines[1:-1]] == [b.name]
    assert lines[1][header.index(header[reached])] == "< 11"
    assert a.name not in text


def test_profile_page_shows_every_indicator_and_the_charts_data(october, head_office):
    a, _ = october
    page = client_on(None, head_office).get(f"/pilotage/residences/{a.pk}/?periode=2026-10").content.decode()
    from django.utils.html import escape

    for indicator in CATALOGUE.values():
        assert escape(str(indicator.label)) in page
        assert f'id="profile-{indicator.code}-data"' in page
    assert "<script>" not in page and "onclick" not in page and 'style="' not in page
    assert "reporting/charts.js" in page


def test_trends_page_charts_the_chosen_indicator(october, head_office, viewer_l1):
    client = client_on(None, head_office)
    page = client.get("/pilotage/tendances/?periode=2026-10&mois=24&indicateur=activities_held").content.decode()
    assert page.count("<canvas") == 1 and 'id="trend-activities_held"' in page
    assert '"nov. 2024"' in page and '"oct. 2026"' in page  # 24 months up to October 2026, « janv. 2026 » labels
    assert "[3.5]" not in page and "3.5" in page         # median of 5 and 2 activities in October
    assert 'id="indicator-select"' in page
    assert client_on(None, viewer_l1).get("/pilotage/tendances/").status_code == 200


def test_trend_medians_for_landlords_use_shown_cells_only(residence_a, residence_b, viewer_l1, head_office):
    from reporting.selectors import ReportingScope, median_trends

    others = [extra_residence(n, residence_a.landlord) for n in (2, 3, 4)]
    put(residence_a, "residents_reached", 30)
    for residence, value in zip(others, (4, 40, 50)):
        put(residence, "residents_reached", value)
    landlord = ReportingScope.for_user(viewer_l1)
    # The 4 is hidden: the median of 30, 40 and 50.
    assert [m.value for m in median_trends(scope=landlord, months=[OCTOBER], codes=["residents_reached"])[
        "residents_reached"]] == [40]
    everyone = ReportingScope.for_user(head_office)
    assert [m.value for m in median_trends(scope=everyone, months=[OCTOBER], codes=["residents_reached"])[
        "residents_reached"]] == [35]


@pytest.mark.parametrize("path", ["/pilotage/?periode=2026-10", "/pilotage/bailleur/?periode=2026-10",
                                  "/pilotage/tendances/?periode=2026-10"])
def test_query_count_does_not_grow_with_residences(path, residence_a, head_office, viewer_l1):
    user = head_office if path == "/pilotage/?periode=2026-10" else viewer_l1
    put(residence_a, "residents_reached", 20)
    client = client_on(None, user)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        return len(ctx)

    few = count()
    for i in range(30):
        extra = extra_residence(10 + i, residence_a.landlord)
        for code in CATALOGUE:
            put(extra, code, i)
    assert count() == few


def test_profile_query_count_does_not_grow_with_residences(residence_a, head_office):
    put(residence_a, "residents_reached", 20)  # a fresh value: cached medians of earlier runs do not apply
    client = client_on(None, head_office)
    path = f"/pilotage/residences/{residence_a.pk}/?periode=2026-10"

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        return len(ctx)

    few = count()
    for i in range(30):
        put(extra_residence(50 + i, residence_a.landlord), "residents_reached", i)
    assert count() == few


def test_api_is_landlord_scoped_with_token_auth(october, viewer_l1, viewer_l2):
    from rest_framework.authtoken.models import Token
    from django.test import Client

    a, b = october
    token = Token.objects.create(user=viewer_l2)
    api = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Token {token.key}")
    residences = api.get("/api/reporting/residences/").json()["results"]
    assert [r["slug"] for r in residences] == [b.slug]
    assert api.get(f"/api/reporting/residences/{a.pk}/").status_code == 404
    assert api.get(f"/api/reporting/residences/{b.pk}/").json()["dwellings"] == b.dwellings
    values = api.get(f"/api/reporting/values/?period=2026-10&residence={a.slug}").json()["results"]
    assert values == []
    values = api.get("/api/reporting/values/?period=2026-10").json()["results"]
    assert {v["residence"] for v in values} == {b.slug}
    reached = next(v for v in values if v["indicator"] == "residents_reached")
    assert reached["value"] is None and reached["suppressed"] is True and reached["period"] == "2026-10"
    catalogue = api.get("/api/reporting/indicators/").json()
    assert {c["code"] for c in catalogue} == set(CATALOGUE)


def test_api_names_a_bad_period_and_refuses_coordinators(head_office, coordinator_a):
    response = client_on(None, head_office).get("/api/reporting/values/?period=T5")
    assert response.status_code == 400 and "period" in response.json()
    assert client_on(None, coordinator_a).get("/api/reporting/residences/").status_code == 403


def test_openapi_schema_lists_the_reporting_endpoints(head_office):
    schema = client_on(None, head_office).get("/api/schema/?format=json").json()
    for path in ("/api/reporting/values/", "/api/reporting/residences/", "/api/reporting/residences/{id}/",
                 "/api/reporting/indicators/"):
        assert path in schema["paths"]


def test_a_reporting_view_cannot_override_the_scoped_queryset():
    from reporting.api.views import ReportingScopedView

    with pytest.raises(TypeError, match="safely_get_queryset"):
        type("Leaky", (ReportingScopedView,), {"get_queryset": lambda self: IndicatorValue.objects.all()})


def test_reporting_views_read_only_through_the_scope():
    """Pages and API never query residences or values directly: selectors start from ReportingScope."""
    from pathlib import Path

    import reporting

    root = Path(reporting.__file__).parent
    for name in ("views.py", "api/views.py"):
        source = (root / name).read_text()
        assert "IndicatorValue.objects" not in source and "Residence.objects" not in source, name


def test_no_person_level_column_in_public_reporting_tables(db):
    """Introspect every table of the reporting app: no names, no resident ids, nothing about a person."""
    from django.apps import apps

    forbidden = ("name", "resident", "person", "first", "last", "email", "birth", "age", "user", "phone")
    allowed_fk = {"residence_id"}
    with connection.cursor() as cursor:
        for model in apps.get_app_config("reporting").get_models():
            table = model._meta.db_table
            cursor.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
                           "AND table_name = %s", [table])
            columns = {row[0] for row in cursor.fetchall()}
            assert columns, table
            for column in columns - allowed_fk:
                assert not any(word in column for word in forbidden), (table, column)
                assert not column.endswith("_id"), (table, column)


def test_head_office_starts_a_refresh_and_follows_its_progress(residence_a, residence_b, head_office, viewer_l1,
                                                               django_capture_on_commit_callbacks):
    client = client_on(None, head_office)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post("/pilotage/calculs/lancer/")
    run = RefreshRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/pilotage/calculs/{run.pk}/"
    assert run.trigger == "head_office" and run.total == Residence.objects.filter(status="active").count()
    assert len(callbacks) == 1  # the fan-out is sent once the run is committed

    from reporting.services import refresh_run_record

    refresh_run_record(run_id=run.pk, residence=residence_a)
    refresh_run_record(run_id=run.pk, residence=residence_b, error="OperationalError: boom")
    partial = client.get(f"/pilotage/calculs/{run.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "1 résidence(s) calculée(s) sur 2, 1 en erreur" in partial
    assert "cedres-test : OperationalError: boom" in partial
    run.refresh_from_db()
    assert run.is_finished and run.finished_at is not None and 'hx-trigger' not in partial

    assert client_on(None, viewer_l1).get(f"/pilotage/calculs/{run.pk}/").status_code == 404
    assert client_on(None, viewer_l1).post("/pilotage/calculs/lancer/").status_code == 403


def test_a_running_refresh_polls(head_office):
    run = RefreshRun.objects.create(trigger="nightly", total=3, done=1)
    page = client_on(None, head_office).get(f"/pilotage/calculs/{run.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in page and "En cours" in page


def test_admin_button_starts_a_run(head_office, django_capture_on_commit_callbacks):
    head_office.is_staff = True
    head_office.save()
    client = client_on(None, head_office)
    assert "Recalculer les indicateurs maintenant" in client.get("/admin/reporting/refreshrun/").content.decode()
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post("/admin/reporting/refreshrun/lancer/")
    assert response.status_code == 302
    assert RefreshRun.objects.get().trigger == "admin"


def test_indicator_doc_is_up_to_date():
    from django.core.management import call_command

    # Fails when an indicator was added without `python manage.py indicators_doc`.
    call_command("indicators_doc", check=True)
