"""The head office's support view of stored values reads indicator names, not codes."""
import datetime as dt
import re

from reporting.models import IndicatorValue
from tests.conftest import client_on


def test_stored_values_show_and_filter_indicators_by_their_french_name(residence_a, head_office):
    value = IndicatorValue.objects.create(residence=residence_a, indicator="activities_held", period_kind="month",
                                          period_start=dt.date(2026, 10, 1), value=4, count_basis=4)
    client = client_on(None, head_office)

    listing = client.get("/admin/reporting/indicatorvalue/").content.decode()
    cells = re.findall(r'<td class="field-indicator_label">(.*?)</td>', listing)
    assert cells == ["Animations organisées"]
    # The filter lists names and filters on the code.
    assert re.search(r'<a href="\?indicator=activities_held"[^>]*>Animations organisées</a>', listing)
    assert client.get("/admin/reporting/indicatorvalue/?indicator=residents_reached").context["cl"].result_count == 0
    assert client.get("/admin/reporting/indicatorvalue/?indicator=activities_held").context["cl"].result_count == 1
    # Searching by the name finds it, as searching by the code or the residence does.
    for term, found in (("animations organisées", 1), ("activities_held", 1), ("Tilleuls", 1), ("inconnu", 0)):
        assert client.get("/admin/reporting/indicatorvalue/", {"q": term}).context["cl"].result_count == found, term

    form = client.get(f"/admin/reporting/indicatorvalue/{value.pk}/change/").content.decode()
    shown = dict(re.findall(r'<label>([^<]*?)\s*:</label>\s*<div class="readonly">([^<]*)</div>', form))
    assert shown["Indicateur"] == "Animations organisées" and shown["Code de l&#x27;indicateur"] == "activities_held"
    assert "<title>Animations organisées · mois 2026-10-01 |" in form
