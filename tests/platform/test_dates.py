"""Dates as the French UI writes them (apes_platform/dates.py)."""
import datetime as dt

from django.template import Context, Template
from django.utils import translation

from apes_platform.dates import month_label, short_date, short_datetime

TODAY = dt.date(2026, 12, 1)


def test_lowercase_abbreviations_and_the_year_only_when_not_this_one():
    with translation.override("fr"):
        assert short_date(dt.date(2026, 1, 6), today=TODAY) == "6 janv."
        assert short_date(dt.date(2025, 12, 6), today=TODAY) == "6 déc. 2025"
        assert month_label(dt.date(2026, 1, 1)) == "janv. 2026"
        assert short_datetime(dt.datetime(2025, 2, 4, 14, 5), with_weekday="jour", today=TODAY) == "mar. 4 févr. 2025 14:05"


def test_filters_are_built_into_every_template():
    with translation.override("fr"):
        html = Template("{{ d|short_date }} · {{ d|month_label }}").render(Context({"d": dt.date(2020, 8, 3)}))
    assert html == "3 août 2020 · août 2020"


def test_trend_charts_label_months_and_give_their_data_as_a_table(head_office):
    from tests.conftest import client_on

    html = client_on(None, head_office).get("/pilotage/tendances/").content.decode()
    assert '<summary>Données du graphique</summary>' in html
    assert "<th scope=\"col\">1er quartile</th><th scope=\"col\">Médiane des résidences</th><th scope=\"col\">3e quartile</th>" in html
    assert '<select id="period-select" name="periode">' in html  # chosen from a list, not typed
    assert '"labels": ["' in html and "-0" not in html.split('"labels": [', 1)[1].split("]", 1)[0]
