"""Running each task twice leaves the same state as running it once."""
import time_machine
import pytest
from django_tenants.utils import schema_context

from core.activities.factories import ActivityFactory
from core.people.factories import ResidentFactory
from core.people.models import Resident
from core.privacy.models import Anonymisation
from core.privacy.tasks import retention_residence
from reporting.indicators import CATALOGUE
from reporting.models import IndicatorValue
from reporting.tasks import refresh_residence
from tests.conftest import aware

pytestmark = pytest.mark.django_db


@pytest.fixture
def attended(residence_a):
    with schema_context(residence_a.schema_name), time_machine.travel(aware(2023, 2, 1), tick=False):
        old, recent = ResidentFactory.create_batch(2)
        ActivityFactory(starts_at=aware(2023, 3, 2), ends_at=aware(2023, 3, 2, 16)).attendances.create(resident=old)
        march = ActivityFactory(starts_at=aware(2025, 3, 2), ends_at=aware(2025, 3, 2, 16))
        march.attendances.create(resident=recent)
    return old, recent


def _indicator_rows(residence):
    return sorted(IndicatorValue.objects.filter(residence=residence)
                  .values_list("indicator", "period_kind", "period_start", "value", "count_basis"))


def test_refresh_residence_twice_gives_the_same_rows(attended, residence_a):
    with schema_context(residence_a.schema_name):
        first = refresh_residence(["2025-03-01", "2023-03-01"])
    once = _indicator_rows(residence_a)
    with schema_context(residence_a.schema_name):
        second = refresh_residence(["2025-03-01", "2023-03-01"])
    assert first["values"] == second["values"]
    assert _indicator_rows(residence_a) == once
    # Each month, its quarter and its year, for every indicator of the catalogue.
    assert len(once) == 2 * 3 * len(CATALOGUE)


def test_retention_task_twice_gives_the_same_state(attended, residence_a):
    old, recent = attended
    with schema_context(residence_a.schema_name), time_machine.travel(aware(2025, 6, 1), tick=False):
        assert retention_residence()["anonymised"] == 1
        state = (list(Resident.objects.order_by("pk").values()), list(Anonymisation.objects.values()))
        assert retention_residence()["anonymised"] == 0
        assert (list(Resident.objects.order_by("pk").values()), list(Anonymisation.objects.values())) == state
        assert Resident.objects.get(pk=recent.pk).first_name == recent.first_name
