"""Experiments: replications followed from « Faire pareil chez nous », indicators before/after through the
one reporting door (small counts hidden for landlords); the network's own indicators per residence."""
import datetime as dt
import html as html_lib

import pytest
from django.utils import timezone

from network.practice import services
from network.practice.models import EventRegistration, NetworkEvent, PracticeSheet, SheetReuse
from reporting.models import IndicatorValue
from reporting.periods import MONTH
from reporting.services import residence_indicators_refresh
from tests.conftest import aware, client_on


@pytest.fixture
def experiment(residence_a, residence_b, head_office, in_schema):
    sheet = PracticeSheet.objects.create(residence=residence_a, source_kind="series", source_id=1,
                                         title="Café des voisins", size_band="medium", status="submitted",
                                         how="Un café le jeudi", skeleton={"activity": {"title": "Café des voisins",
                                                                                      "kind": "collective_moment"}})
    services.sheet_publish(sheet=sheet, actor=head_office, for_landlords=True)
    services.sheet_experiment_set(sheet=sheet, actor=head_office, is_experiment=True)
    with in_schema(residence_b):
        reuse = services.sheet_replicate(sheet=sheet, actor=head_office)
    SheetReuse.objects.filter(pk=reuse.pk).update(reused_at=aware(2026, 4, 10))
    for month, value in ((1, 4), (2, 5), (3, 6), (4, 25), (5, 30), (6, 31)):
        IndicatorValue.objects.create(residence=residence_b, indicator="residents_attending", period_kind=MONTH,
                                      period_start=dt.date(2026, month, 1), value=value, count_basis=value)
    return sheet


def row_text(page: str) -> str:
    return html_lib.unescape(page).split("<caption>Les Cèdres", 1)[1].split("</table>", 1)[0]


def test_the_head_office_compares_before_and_after_the_replication(experiment, head_office):
    page = client_on(None, head_office).get(f"/reseau/experimentations/{experiment.pk}/").content.decode()
    table = row_text(page)
    line = table.split("Habitant", 1)[1].split("</tr>", 1)[0]
    before, after = line.split("</td>", 1)
    assert "4" in before and "5" in before and "6" in before and "25" not in before
    assert "25" in after and "30" in after and "31" in after


def test_a_landlord_sees_its_own_residence_with_small_counts_hidden(experiment, viewer_l1, viewer_l2):
    page = html_lib.unescape(client_on(None, viewer_l2).get(f"/reseau/experimentations/{experiment.pk}/")
                             .content.decode())
    table = row_text(page)
    assert "< 11" in table and "25" in table
    other = client_on(None, viewer_l1).get(f"/reseau/experimentations/{experiment.pk}/").content.decode()
    assert "Les Cèdres" not in other and "Aucune résidence de votre périmètre" in html_lib.unescape(other)


def test_coordinators_do_not_reach_the_experiments(experiment, coordinator_a):
    assert client_on(None, coordinator_a).get(f"/reseau/experimentations/{experiment.pk}/").status_code == 403


def test_the_networks_indicators_count_per_residence(experiment, residence_a, residence_b, coordinator_b):
    event = NetworkEvent.objects.create(title="Atelier", starts_at=timezone.now(),
                                        ends_at=timezone.now() + dt.timedelta(hours=2), place="Paris")
    EventRegistration.objects.create(event=event, user=coordinator_b, kind="coordinator", name="B",
                                     email="b@lapes.test", residence=residence_b, attended=True)
    month = timezone.localdate().replace(day=1)
    SheetReuse.objects.update(reused_at=timezone.now())
    residence_indicators_refresh(residence=residence_a, months=[month])
    residence_indicators_refresh(residence=residence_b, months=[month])

    def value(residence, code):
        return IndicatorValue.objects.get(residence=residence, indicator=code, period_kind=MONTH,
                                          period_start=month).value

    assert value(residence_a, "practice_sheets_published") == 1
    assert value(residence_b, "practice_sheets_published") == 0
    assert value(residence_b, "practice_reuses") == 1 and value(residence_a, "practice_reuses") == 0
    assert value(residence_b, "network_event_attendance") == 1 and value(residence_a, "network_event_attendance") == 0
