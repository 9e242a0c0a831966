"""The comparison table's cache: scoped per landlord, invalidated by a refresh, same figures as SQL.

The cells of a period are computed once per (scope, period, reporting version) and kept in
Redis (`reporting.selectors.comparison_cells`); medians, sorting, pagination and the cells'
HTML are done per request in Python. These tests prove that this changes nothing users see.
"""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting.indicators import CATALOGUE
from reporting.models import IndicatorValue
from reporting.periods import MONTH, Period
from reporting.selectors import ReportingScope, comparison_cells
from reporting.services import reporting_values_changed, residence_indicators_refresh
from tenants.models import Residence
from tests.conftest import client_on
from tests.reporting.test_indicators import october_in_a  # noqa: F401  (fixture: a hand-counted October)

OCTOBER = dt.date(2026, 10, 1)
PAGE = "/pilotage/?periode=2026-10"
LANDLORD_PAGE = "/pilotage/bailleur/?periode=2026-10"


@pytest.fixture(autouse=True)
def _fresh_generation(db):
    """Entries cached by earlier test runs (same Redis) never match: the generation moves."""
    reporting_values_changed()


def put(residence, code, value, *, start=OCTOBER, basis=None, suppressed=False):
    return IndicatorValue.objects.create(residence=residence, indicator=code, period_kind=MONTH, period_start=start,
                                         value=value, count_basis=value if basis is None else basis,
                                         suppressed=suppressed)


def row_of(page: str, name: str) -> str:
    return page.split(name, 1)[1].split("</tr>", 1)[0].replace(" ", "")


def extra_residence(i, landlord):
    return Residence.objects.create(
        name=f"Résidence cache {i:02d}", slug=f"cache-{i}", schema_name=f"r_cache_{i}", landlord=landlord,
        address="1 rue X", postcode="75001", city="Paris", department="75", dwellings=40,
    )


# --- Isolation: one landlord's table is never served to another ---------------------------


def test_the_cache_never_serves_one_landlords_table_to_another(residence_a, residence_b, head_office, viewer_l1,
                                                                viewer_l2):
    put(residence_a, "residents_reached", 30)
    put(residence_b, "residents_reached", 4)  # a small count: shown to the head office only
    put(residence_b, "activities_held", 2)
    # The head office warms its entry first (every value shown), then each landlord reads.
    head = client_on(None, head_office).get(PAGE).content.decode()
    assert ">4" in row_of(head, residence_b.name)
    for _ in range(2):  # cold, then warm: the same page
        own_b = client_on(None, viewer_l2).get(LANDLORD_PAGE).content.decode()
        assert residence_a.name not in own_b
        assert "&lt;11" in row_of(own_b, residence_b.name) and ">2" in row_of(own_b, residence_b.name)
        own_a = client_on(None, viewer_l1).get(LANDLORD_PAGE).content.decode()
        assert residence_b.name not in own_a and ">30" in row_of(own_a, residence_a.name)
        assert "&lt;11" not in row_of(own_a, residence_a.name)
    # The entries themselves hold one landlord's residences each, suppressed for landlords.
    period = Period(MONTH, OCTOBER)
    code = list(CATALOGUE).index("residents_reached")
    of_a = comparison_cells(scope=ReportingScope.for_user(viewer_l1), period=period)
    of_b = comparison_cells(scope=ReportingScope.for_user(viewer_l2), period=period)
    everyone = comparison_cells(scope=ReportingScope.for_user(head_office), period=period)
    assert set(of_a["cells"]) == {residence_a.pk} and of_a["residences"] == {residence_a.pk}
    assert set(of_b["cells"]) == {residence_b.pk} and of_b["residences"] == {residence_b.pk}
    assert of_b["cells"][residence_b.pk][0][code] is None
    assert of_b["cells"][residence_b.pk][1][code] == "small_count"
    assert everyone["cells"][residence_b.pk][0][code] == 400


def test_a_residence_moved_to_another_landlord_shows_its_values_at_once(residence_a, residence_b, viewer_l1,
                                                                         viewer_l2):
    put(residence_a, "residents_reached", 30)
    put(residence_b, "residents_reached", 25)
    assert residence_b.name not in client_on(None, viewer_l1).get(LANDLORD_PAGE).content.decode()  # cached
    Residence.objects.filter(pk=residence_b.pk).update(landlord=residence_a.landlord)  # no value changes
    page = client_on(None, viewer_l1).get(LANDLORD_PAGE).content.decode()
    assert ">25" in row_of(page, residence_b.name)
    assert residence_b.name not in client_on(None, viewer_l2).get(LANDLORD_PAGE).content.decode()


# --- Invalidation --------------------------------------------------------------------------


def test_a_refresh_invalidates_the_cached_table(october_in_a, head_office):
    """The page is cached; recomputing the residence's indicators shows the new value at once."""
    put(october_in_a, "residents_attending", 99)  # a stale figure, before the refresh
    client = client_on(None, head_office)
    assert ">99" in row_of(client.get(PAGE).content.decode(), october_in_a.name)
    assert ">99" in row_of(client.get(PAGE).content.decode(), october_in_a.name)  # served from the cache
    residence_indicators_refresh(residence=october_in_a, months=[OCTOBER])  # the hand count: 12 people
    row = row_of(client.get(PAGE).content.decode(), october_in_a.name)
    assert ">99" not in row and ">12" in row


def test_the_generation_invalidates_even_when_no_stamp_moves(residence_a, head_office):
    """Parallel workers may commit an older `computed_at` last: the committed refresh's bump still counts."""
    value = put(residence_a, "residents_reached", 30)
    client = client_on(None, head_office)
    assert ">30" in row_of(client.get(PAGE).content.decode(), residence_a.name)
    IndicatorValue.objects.filter(pk=value.pk).update(value=42, count_basis=42)  # same id, same computed_at
    assert ">30" in row_of(client.get(PAGE).content.decode(), residence_a.name)  # still the cached table
    reporting_values_changed()  # what every refresh does on commit
    assert ">42" in row_of(client.get(PAGE).content.decode(), residence_a.name)


def test_refresh_bumps_the_generation_on_commit(october_in_a, django_capture_on_commit_callbacks):
    from reporting.selectors import reporting_version

    before = reporting_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        residence_indicators_refresh(residence=october_in_a, months=[OCTOBER])
    assert reporting_values_changed in callbacks
    stamp = reporting_version()
    for callback in callbacks:
        callback()
    assert reporting_version() not in (before, stamp)


# --- Query counts --------------------------------------------------------------------------


@pytest.mark.parametrize("path,persona", [(PAGE, "head_office"), (LANDLORD_PAGE, "viewer_l1")])
def test_a_warm_page_reads_the_values_table_once_whatever_the_residences(path, persona, residence_a, request):
    """Warm: one index read of the values table (the version stamp), and the same count with 1 or 31 residences."""
    client = client_on(None, request.getfixturevalue(persona))
    put(residence_a, "residents_reached", 20)

    def warm() -> tuple[int, int]:
        assert client.get(path).status_code == 200  # fills the cache
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        reads = [q["sql"] for q in ctx.captured_queries if "reporting_indicatorvalue" in q["sql"]]
        return len(ctx), len(reads)

    few, reads = warm()
    assert reads == 1
    for i in range(30):
        extra = extra_residence(i, residence_a.landlord)
        for code in CATALOGUE:
            put(extra, code, i)
    assert warm() == (few, 1)


# --- Filters rendered without template work ----------------------------------------------


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("data", [None, {"bailleur": "?", "departement": "93", "qpv": "oui", "taille": "200+"},
                                  {"bailleur": "999999", "departement": "<x>", "qpv": "peut-être"}])
def test_quick_select_renders_what_django_renders(language, data, residence_a, residence_b):
    """The filter form's selects: the same HTML as Django's templates, bound or not, valid or not."""
    from django import forms
    from django.utils import translation

    from reporting.forms import QuickSelect, ReportingFilterForm
    from tenants.models import Landlord

    odd = Landlord.objects.create(name='Bailleur "Ô" <Tours> & Cie', short_name='O&T "<b>"')
    if data and data["bailleur"] == "?":
        data = {**data, "bailleur": str(odd.pk)}
    with translation.override(language):
        quick = ReportingFilterForm(data, departments=["75", "93", "<x>"], with_landlord=True)
        plain = ReportingFilterForm(data, departments=["75", "93", "<x>"], with_landlord=True)
        for field in plain.fields.values():
            if isinstance(field.widget, QuickSelect):
                field.widget = forms.Select(attrs=field.widget.attrs, choices=field.widget.choices)
        for name in ("bailleur", "departement", "qpv", "taille"):
            assert isinstance(quick.fields[name].widget, QuickSelect)
            assert str(quick[name]) == str(plain[name]), name
    assert ">O&amp;T &quot;&lt;b&gt;&quot;</option>" in str(quick["bailleur"])  # escaped like Django does


# --- Warm after a refresh run ------------------------------------------------------------


def test_a_finished_refresh_run_warms_the_default_pages(residence_a, residence_b, head_office, viewer_l2,
                                                         django_capture_on_commit_callbacks):
    """Once the run's last residence is recorded, the head office's and each landlord's table of the
    default period (last complete month) are cached: the first visit reads no value."""
    from django.utils import timezone

    from reporting.models import RefreshRun
    from reporting.periods import month_start
    from reporting.services import refresh_run_create, refresh_run_record

    last_month = Period(MONTH, month_start(timezone.localdate())).previous().start
    put(residence_a, "residents_reached", 30, start=last_month)
    put(residence_b, "residents_reached", 25, start=last_month)
    run = refresh_run_create(trigger=RefreshRun.Trigger.ADMIN, months=[last_month], residences=[residence_a, residence_b])
    with django_capture_on_commit_callbacks(execute=True):
        refresh_run_record(run_id=run.pk, residence=residence_a)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        refresh_run_record(run_id=run.pk, residence=residence_b)  # the last one: the run finishes
    assert len(callbacks) == 1

    for persona, path in ((head_office, "/pilotage/"), (viewer_l2, "/pilotage/bailleur/")):
        client = client_on(None, persona)
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(path).content.decode()
        reads = [q for q in ctx.captured_queries if "reporting_indicatorvalue" in q["sql"]]
        assert len(reads) == 1  # the version stamp only: no values, no last-refresh aggregate
        assert ">25" in row_of(page, residence_b.name)
