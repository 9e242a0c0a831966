"""Reporting in a real browser: head-office filter and charts, landlord scope, XLSX download."""
import datetime as dt
import io
from pathlib import Path

from openpyxl import load_workbook

from reporting.indicators import CATALOGUE
from reporting.models import IndicatorValue
from tests.browser.conftest import log_in

OCTOBER = dt.date(2026, 10, 1)


def _values(residence_a, residence_b):
    for residence, reached, held in ((residence_a, 30, 5), (residence_b, 14, 2)):
        for month in range(1, 11):
            IndicatorValue.objects.create(residence=residence, indicator="residents_reached", period_kind="month",
                                          period_start=dt.date(2026, month, 1), value=reached + month,
                                          count_basis=reached + month)
        IndicatorValue.objects.create(residence=residence, indicator="activities_held", period_kind="month",
                                      period_start=OCTOBER, value=held, count_basis=held)


def test_head_office_filters_the_comparison_and_sees_a_drawn_chart(live, page, residence_a, residence_b, head_office):
    _values(residence_a, residence_b)
    log_in(page, live, None, head_office)
    page.goto(live.url(None, "/pilotage/?periode=2026-10"))
    table = page.locator("table.comparison tbody")
    assert table.get_by_text(residence_a.name).is_visible() and table.get_by_text(residence_b.name).is_visible()

    page.get_by_label("Département").select_option("94")
    page.get_by_role("button", name="Afficher").click()
    page.wait_for_load_state()
    assert table.get_by_text(residence_b.name).is_visible()
    assert table.get_by_text(residence_a.name).count() == 0

    page.get_by_role("link", name="Tendances sur 12 ou 24 mois").click()
    page.wait_for_load_state()
    page.get_by_label("Indicateur", exact=True).select_option("residents_reached")
    page.get_by_role("button", name="Afficher").click()
    page.wait_for_load_state()
    canvas = page.locator("canvas#trend-residents_reached")
    canvas.wait_for()
    page.wait_for_function("document.querySelector('#trend-residents_reached').dataset.drawn === '3'")  # 1st quartile, median, 3rd quartile
    painted = page.evaluate("""() => {
        const c = document.querySelector('#trend-residents_reached');
        const pixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) n++; }
        return n;
    }""")
    assert painted > 500


def test_landlord_sees_only_its_residences(live, page, residence_a, residence_b, viewer_l2):
    _values(residence_a, residence_b)
    log_in(page, live, None, viewer_l2)
    assert page.url.endswith("/pilotage/bailleur/")
    page.goto(live.url(None, "/pilotage/bailleur/?periode=2026-10"))
    body = page.locator("table.comparison tbody")
    assert body.get_by_text(residence_b.name).is_visible()
    assert residence_a.name not in page.content()
    assert body.locator("tr").count() == 1


def test_head_office_downloads_the_xlsx(live, page, residence_a, residence_b, head_office):
    _values(residence_a, residence_b)
    log_in(page, live, None, head_office)
    page.goto(live.url(None, "/pilotage/?periode=2026-10&tri=residents_reached&ordre=desc"))
    with page.expect_download() as info:
        page.get_by_role("link", name="XLSX").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    label = CATALOGUE["residents_reached"]
    column = rows[0].index(f"{label.label} ({label.unit})")
    assert [(r[0], r[column]) for r in rows[1:3]] == [(residence_a.name, 40), (residence_b.name, 24)]
    assert rows[3][column] == 32  # the median row, as on screen
