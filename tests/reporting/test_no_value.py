"""An indicator with no value for a period (a share or mean without respondents) is stored NULL and
shown « – » on the head-office pages and exports, `null` in the API, never 0; medians ignore it."""
import csv
import datetime as dt
import html
import io
import re
from decimal import Decimal

import pytest
import time_machine

from core.evaluation.factories import SurveyResponseFactory, SurveyWaveFactory
from core.safety.indicators import safety_checks_on_time
from reporting.indicators import CATALOGUE
from reporting.models import IndicatorValue
from reporting.periods import month_bounds
from reporting.services import residence_indicators_refresh
from tests.conftest import aware, client_on

pytestmark = pytest.mark.django_db
OCTOBER = dt.date(2026, 10, 1)
MEAN = "survey_ties_score_mean"
SHARE = "survey_often_lonely_share"


@pytest.fixture
def answers_in_a_only(residence_a, residence_b, in_schema):
    """A: one answer in October, every answer at its best (score 10); B: no answer at all. Both refreshed."""
    with in_schema(residence_a):
        wave = SurveyWaveFactory(label="Automne 2026", starts_on=dt.date(2026, 10, 1), ends_on=dt.date(2026, 11, 30))
        SurveyResponseFactory(wave=wave, answered_on=dt.date(2026, 10, 5), neighbour_contacts=4, loneliness=0,
                              someone_to_count_on=2, collective_participation=3, feels_at_home=3)
    for residence in (residence_a, residence_b):
        residence_indicators_refresh(residence=residence, months=[OCTOBER])
    return residence_a, residence_b


def stored(residence, code, kind="month"):
    return IndicatorValue.objects.get(residence=residence, indicator=code, period_kind=kind, period_start=OCTOBER
                                      if kind == "month" else dt.date(2026, 1 if kind == "year" else 10, 1))


def cells_of(page: str, name: str) -> dict[str, str]:
    """{indicator code: cell text} of one residence's row of the comparison table."""
    row = page.split(f">{name}</a></th>", 1)[1].split("</tr>", 1)[0]
    cells = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    return dict(zip(CATALOGUE, cells[-len(CATALOGUE):]))


def test_survey_share_and_mean_have_no_value_without_respondents(answers_in_a_only, in_schema):
    a, b = answers_in_a_only
    october = month_bounds(OCTOBER)
    with in_schema(b):
        assert CATALOGUE[SHARE].compute(*october) == (None, 0)
        assert CATALOGUE[MEAN].compute(*october) == (None, 0)
    for kind in ("month", "quarter", "year"):
        assert (stored(b, MEAN, kind).value, stored(b, MEAN, kind).count_basis) == (None, 0)
        assert stored(b, SHARE, kind).value is None
    assert stored(a, MEAN).value == Decimal("10.00") and stored(a, SHARE).value == Decimal("0.00")
    assert stored(b, "survey_respondents").value == Decimal("0.00")  # a count of nobody is 0, not « – »


def test_a_value_that_disappears_is_overwritten_with_no_value(answers_in_a_only, in_schema):
    a, _ = answers_in_a_only
    with in_schema(a):
        from core.evaluation.models import SurveyResponse

        SurveyResponse.objects.all().delete()
    result = residence_indicators_refresh(residence=a, months=[OCTOBER])
    assert result[OCTOBER.isoformat()][MEAN] is None
    assert stored(a, MEAN).value is None


def test_head_office_pages_exports_and_api_show_a_dash_not_zero(answers_in_a_only, head_office):
    a, b = answers_in_a_only
    client = client_on(None, head_office)
    page = client.get("/pilotage/?periode=2026-10").content.decode()
    assert cells_of(page, b.name)[MEAN] == "–" and cells_of(page, b.name)[SHARE] == "–"
    assert cells_of(page, a.name)[MEAN] == "10,0"  # one decimal for a mean, French separator
    # The median of the residences ignores the missing value: 10, not (10 + 0) / 2.
    medians = page.split("Médiane des résidences affichées", 1)[1].split("</tr>", 1)[0]
    median_cells = [c.strip() for c in re.findall(r'<td class="num median">(.*?)</td>', medians)]
    assert dict(zip(CATALOGUE, median_cells))[MEAN] == "10,0"

    profile = client.get(f"/pilotage/residences/{b.pk}/?periode=2026-10").content.decode()
    label = str(CATALOGUE[MEAN].label)
    assert re.search(r'<td class="num">\s*–\s*</td>', profile.split(label, 1)[1].split("</tr>", 1)[0])

    text = client.get("/pilotage/?periode=2026-10&export=csv").content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    column = lines[0].index(f"{CATALOGUE[MEAN].label} ({CATALOGUE[MEAN].unit})")
    by_name = {line[0]: line for line in lines[1:]}
    # A number stays a number in exports (one decimal for a mean); the export module writes it.
    assert by_name[b.name][column] == "–" and float(by_name[a.name][column]) == 10

    rows = client.get(f"/api/reporting/values/?period=2026-10&residence={b.slug}&page_size=500").json()["results"]
    mean = next(r for r in rows if r["indicator"] == MEAN)
    assert mean["value"] is None and mean["suppressed"] is False


def test_landlords_still_see_the_small_count_mark(answers_in_a_only, viewer_l2):
    _, b = answers_in_a_only
    page = client_on(None, viewer_l2).get("/pilotage/bailleur/?periode=2026-10").content.decode()
    assert cells_of(page, b.name)[MEAN] == "< 11"


def test_a_rate_with_nothing_to_divide_by_has_no_value(residence_a, in_schema):
    with in_schema(residence_a), time_machine.travel(aware(2026, 10, 15), tick=False):
        assert safety_checks_on_time(*month_bounds(OCTOBER)) == (None, 0)
