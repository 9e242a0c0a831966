"""The social-ties questionnaire: scores, indicators on hand-counted answers, screens, API."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.evaluation.factories import SurveyResponseFactory, SurveyWaveFactory
from core.evaluation.indicators import survey_often_lonely_share, survey_respondents, survey_ties_score_mean
from core.evaluation.models import SurveyResponse
from core.evaluation.services import survey_response_record, ties_score
from core.people.factories import ResidentFactory
from reporting.models import IndicatorValue
from reporting.periods import month_bounds
from reporting.services import residence_indicators_refresh
from tests.conftest import client_on

LONELY_ALWAYS = dict(neighbour_contacts=0, loneliness=4, someone_to_count_on=0, collective_participation=0,
                     feels_at_home=0)  # score 0.0
WELL_CONNECTED = dict(neighbour_contacts=4, loneliness=0, someone_to_count_on=2, collective_participation=3,
                      feels_at_home=3)  # score 10.0
OFTEN_LONELY = dict(neighbour_contacts=1, loneliness=3, someone_to_count_on=0, collective_participation=1,
                    feels_at_home=2)  # .25 + .25 + 0 + 1/3 + 2/3 = 1.5 → 3.0
SOMETIMES = dict(neighbour_contacts=2, loneliness=2, someone_to_count_on=1, collective_participation=1,
                 feels_at_home=2)  # .5 + .5 + .5 + 1/3 + 2/3 = 2.5 → 5.0


@pytest.mark.parametrize(("answers", "score"), [
    (WELL_CONNECTED, "10.0"), (LONELY_ALWAYS, "0.0"), (OFTEN_LONELY, "3.0"), (SOMETIMES, "5.0"),
])
def test_ties_score_is_the_mean_of_the_scaled_answers(answers, score):
    assert ties_score(**answers) == Decimal(score)


@pytest.fixture
def autumn_in_a(residence_a, in_schema):
    """Les Tilleuls, wave « Automne 2026 » (1 Oct – 15 Nov), counted by hand:

    October: 4 answers (3, 10, 20 and 31 Oct) — 2 feel lonely often or always (50 %),
    scores 10.0 + 0.0 + 5.0 + 3.0 → mean 4.5. November: 1 answer, always lonely, score 0.0.
    September: 1 answer of the spring wave (30 Sept), never counted in October.
    """
    with in_schema(residence_a):
        spring = SurveyWaveFactory(label="Printemps 2026", starts_on=dt.date(2026, 4, 1), ends_on=dt.date(2026, 9, 30))
        autumn = SurveyWaveFactory(label="Automne 2026", starts_on=dt.date(2026, 10, 1), ends_on=dt.date(2026, 11, 15))
        ginette = ResidentFactory(first_name="Ginette", pseudonym="")
        for day, answers, who in [(3, WELL_CONNECTED, ginette), (10, LONELY_ALWAYS, None), (20, SOMETIMES, None),
                                  (31, OFTEN_LONELY, None)]:
            survey_response_record(wave=autumn, answered_on=dt.date(2026, 10, day), resident=who, **answers)
        survey_response_record(wave=autumn, answered_on=dt.date(2026, 11, 1), **LONELY_ALWAYS)
        survey_response_record(wave=spring, answered_on=dt.date(2026, 9, 30), **WELL_CONNECTED)
    return residence_a


def test_indicators_equal_the_hand_count(autumn_in_a, in_schema):
    october, november, december = (month_bounds(dt.date(2026, m, 1)) for m in (10, 11, 12))
    with in_schema(autumn_in_a):
        assert survey_respondents(*october) == (Decimal(4), 4)
        assert survey_often_lonely_share(*october) == (Decimal("50.0"), 4)
        assert survey_ties_score_mean(*october) == (Decimal("4.5"), 4)
        assert survey_respondents(*november) == (Decimal(1), 1)
        assert survey_often_lonely_share(*november) == (Decimal("100.0"), 1)
        assert survey_ties_score_mean(*november) == (Decimal("0.0"), 1)
        # No answers: no share and no mean (None, shown « – », never 0); basis 0 so landlords never see it.
        assert survey_often_lonely_share(*december) == (None, 0)
        assert survey_ties_score_mean(*december) == (None, 0)


def test_refresh_stores_the_survey_indicators_in_public(autumn_in_a):
    residence_indicators_refresh(residence=autumn_in_a, months=[dt.date(2026, 10, 1)])
    values = {v.indicator: (v.value, v.count_basis)
              for v in IndicatorValue.objects.filter(residence=autumn_in_a, indicator__startswith="survey_",
                                                         period_kind="month")}
    assert values == {
        "survey_respondents": (Decimal("4.00"), 4),
        "survey_often_lonely_share": (Decimal("50.00"), 4),
        "survey_ties_score_mean": (Decimal("4.50"), 4),
    }


def test_an_answer_outside_the_wave_or_twice_is_refused_and_nothing_saved(residence_a, in_schema):
    with in_schema(residence_a):
        wave = SurveyWaveFactory(starts_on=dt.date(2026, 10, 1), ends_on=dt.date(2026, 11, 15))
        marcel = ResidentFactory()
        with pytest.raises(ValidationError) as outside:
            survey_response_record(wave=wave, answered_on=dt.date(2026, 12, 1), **SOMETIMES)
        assert "answered_on" in outside.value.message_dict
        survey_response_record(wave=wave, answered_on=dt.date(2026, 10, 2), resident=marcel, **SOMETIMES)
        with pytest.raises(ValidationError, match="déjà répondu"):
            survey_response_record(wave=wave, answered_on=dt.date(2026, 10, 3), resident=marcel, **SOMETIMES)
        with pytest.raises(ValidationError) as bad_scale:
            survey_response_record(wave=wave, answered_on=dt.date(2026, 10, 3), **{**SOMETIMES, "loneliness": 9})
        assert "loneliness" in bad_scale.value.message_dict
        assert SurveyResponse.objects.count() == 1


def test_coordinator_records_an_answer_with_the_phone_form(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        wave = SurveyWaveFactory(label="Automne 2026", starts_on=dt.date(2026, 10, 1), ends_on=dt.date(2026, 11, 15))
    client = client_on(residence_a, coordinator_a)
    form = client.get("/evaluation/reponses/nouvelle/").content.decode()
    assert 'type="radio" name="loneliness"' in form and "Vous arrive-t-il de vous sentir seul·e" in form

    missing = client.post("/evaluation/reponses/nouvelle/", {"wave": wave.pk, "answered_on": "2026-10-05"})
    assert missing.status_code == 200
    assert "Choisissez une réponse à cette question." in missing.content.decode()
    assert 'role="alert"' in missing.content.decode()

    saved = client.post("/evaluation/reponses/nouvelle/", {"wave": wave.pk, "answered_on": "2026-10-05", "resident": "",
                                                           **OFTEN_LONELY})
    assert saved.status_code == 302
    with in_schema(residence_a):
        response = SurveyResponse.objects.get()
    assert response.resident is None and response.ties_score == Decimal("3.0")


def test_wave_form_names_the_field_when_end_is_before_start(residence_a, coordinator_a):
    response = client_on(residence_a, coordinator_a).post("/evaluation/vagues/nouvelle/", {
        "label": "Printemps 2027", "starts_on": "2027-04-30", "ends_on": "2027-04-01"})
    assert "La fin de la vague doit être postérieure ou égale à son début." in response.content.decode()


def test_results_page_shows_each_wave(autumn_in_a, coordinator_a):
    page = client_on(autumn_in_a, coordinator_a).get("/evaluation/").content.decode()
    autumn_row = page.split("Automne 2026", 1)[1].split("</tr>", 1)[0]
    # 5 answers: 3 lonely often/always (60 %); scores 10 + 0 + 5 + 3 + 0 → 3.6.
    assert ">5<" in autumn_row and "60,0 %" in autumn_row and "3,6" in autumn_row


def test_answer_list_filters_exports_and_keeps_its_query_count(autumn_in_a, coordinator_a, in_schema):
    client = client_on(autumn_in_a, coordinator_a)
    lonely = client.get("/evaluation/reponses/?often_lonely=oui").content.decode()
    assert "3 réponses" in lonely
    known = client.get("/evaluation/reponses/?respondent=connu").content.decode()
    assert "1 réponse" in known and "Ginette" in known

    export = client.get("/evaluation/reponses/?often_lonely=oui&export=csv")
    assert export["Content-Type"].startswith("text/csv")
    lines = export.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 4 and lines[0].startswith("Vague;Date;Habitant·e")
    assert client.get("/evaluation/reponses/?export=xlsx").status_code == 200

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/evaluation/reponses/").status_code == 200
        return len(ctx)

    few = count()
    with in_schema(autumn_in_a):
        wave = SurveyWaveFactory(label="Printemps 2027", starts_on=dt.date(2027, 4, 1), ends_on=dt.date(2027, 5, 1))
        for resident in ResidentFactory.create_batch(30):
            SurveyResponseFactory(wave=wave, resident=resident)
    assert count() == few


def test_api_records_lists_and_names_fields(residence_a, coordinator_a, in_schema):
    client = client_on(residence_a, coordinator_a)
    bad_wave = client.post("/api/evaluation/waves/", {"label": "X", "starts_on": "2026-10-10", "ends_on": "2026-10-01"},
                           content_type="application/json")
    assert bad_wave.status_code == 400 and "ends_on" in bad_wave.json()
    wave = client.post("/api/evaluation/waves/", {"label": "Automne 2026", "starts_on": "2026-10-01",
                                                  "ends_on": "2026-11-15"}, content_type="application/json").json()
    created = client.post("/api/evaluation/responses/", {"wave": wave["id"], "answered_on": "2026-10-05", **OFTEN_LONELY},
                          content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["ties_score"] == "3.0" and created.json()["resident"] is None
    outside = client.post("/api/evaluation/responses/", {"wave": wave["id"], "answered_on": "2027-01-05", **SOMETIMES},
                          content_type="application/json")
    assert outside.status_code == 400 and "answered_on" in outside.json()
    listed = client.get(f"/api/evaluation/responses/?wave={wave['id']}&often_lonely=oui").json()
    assert listed["count"] == 1


def test_another_residence_never_sees_the_answers(autumn_in_a, residence_b, coordinator_b, in_schema):
    client = client_on(residence_b, coordinator_b)
    assert "Ginette" not in client.get("/evaluation/reponses/").content.decode()
    assert client.get("/api/evaluation/responses/").json()["count"] == 0
    with in_schema(autumn_in_a):
        response_id = SurveyResponse.objects.first().pk
    assert client.get(f"/api/evaluation/responses/{response_id}/").status_code == 404
