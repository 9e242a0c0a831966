import datetime as dt
import random

from core.evaluation.demo import demo_populate
from core.evaluation.models import NarrativeSection, SurveyResponse, SurveyWave
from core.people.factories import ResidentFactory


def test_demo_gives_two_waves_and_a_narrative(residence_a, in_schema):
    months = [dt.date(2025, m, 1) for m in range(11, 13)] + [dt.date(2026, m, 1) for m in range(1, 11)]
    with in_schema(residence_a):
        ResidentFactory.create_batch(40)
        demo_populate(rng=random.Random(2026), months=months, today=dt.date(2026, 10, 20))
        assert list(SurveyWave.objects.order_by("starts_on").values_list("label", flat=True)) == [
            "Hiver 2025", "Été 2026"]
        assert 28 <= SurveyResponse.objects.count() <= 60
        assert not SurveyResponse.objects.filter(answered_on__gt=dt.date(2026, 10, 20)).exists()
        assert NarrativeSection.objects.filter(year=2026).count() == 3
