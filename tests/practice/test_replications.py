"""« Programmer une animation » from a template copied from the network: the activity form comes prefilled."""
import datetime as dt
import html as html_lib
from zoneinfo import ZoneInfo

from core.activities.models import Activity
from core.replications.models import ActivityTemplate
from core.replications.selectors import activity_template_initial
from tests.conftest import client_on


def make_template(residence, in_schema, **fields):
    values = {"title": "Atelier jardin", "kind": "workshop", "audience": "seniors", "duration_minutes": 90,
              "capacity": 12, "is_intergenerational": True, "description": "Semis, puis goûter.",
              "source_title": "Jardin partagé"}
    values.update(fields)
    with in_schema(residence):
        return ActivityTemplate.objects.create(**values)


def test_the_initial_values_are_the_templates_with_a_slot_of_its_duration(residence_a, coordinator_a, in_schema):
    template = make_template(residence_a, in_schema)
    with in_schema(residence_a):
        initial = activity_template_initial(actor=coordinator_a, id=template.pk, today=dt.date(2026, 3, 9))
    paris = ZoneInfo("Europe/Paris")
    assert initial == {"title": "Atelier jardin", "kind": "workshop", "audience": "seniors", "capacity": 12,
                       "is_intergenerational": True,
                       "starts_at": dt.datetime(2026, 3, 10, 14, 0, tzinfo=paris),
                       "ends_at": dt.datetime(2026, 3, 10, 15, 30, tzinfo=paris)}


def test_programmer_une_animation_opens_the_activity_form_prefilled(residence_a, coordinator_a, in_schema):
    template = make_template(residence_a, in_schema)
    client = client_on(residence_a, coordinator_a)
    page = html_lib.unescape(client.get(f"/reseau/modeles/{template.pk}/").content.decode())
    assert f'href="/activites/nouvelle/?modele={template.pk}"' in page

    response = client.get(f"/activites/nouvelle/?modele={template.pk}")
    assert response.status_code == 200
    form = response.context["form"]
    assert form["title"].value() == "Atelier jardin"
    assert form["kind"].value() == "workshop" and form["audience"].value() == "seniors"
    assert form["capacity"].value() == 12 and form["is_intergenerational"].value() is True
    starts, ends = form["starts_at"].value(), form["ends_at"].value()
    assert ends - starts == dt.timedelta(minutes=90)
    html = html_lib.unescape(response.content.decode())
    assert 'value="Atelier jardin"' in html and 'value="12"' in html
    assert "D'après le modèle « Atelier jardin »" in html and "Semis, puis goûter." in html

    # The prefilled form, completed with a place, creates the activity.
    data = {"title": "Atelier jardin", "kind": "workshop", "audience": "seniors", "capacity": "12",
            "is_intergenerational": "on", "organiser_kind": "coordinator", "place": "Jardin du square",
            "starts_at": starts.astimezone(ZoneInfo("Europe/Paris")).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": ends.astimezone(ZoneInfo("Europe/Paris")).strftime("%Y-%m-%dT%H:%M")}
    assert client.post(f"/activites/nouvelle/?modele={template.pk}", data).status_code == 302
    with in_schema(residence_a):
        activity = Activity.objects.get(title="Atelier jardin")
        assert (activity.capacity, activity.audience, activity.ends_at - activity.starts_at) == (
            12, "seniors", dt.timedelta(minutes=90))


def test_an_empty_form_without_template_and_404_for_another_residences_template(
        residence_a, residence_b, coordinator_a, coordinator_b, in_schema):
    template = make_template(residence_a, in_schema)
    response = client_on(residence_a, coordinator_a).get("/activites/nouvelle/")
    assert response.status_code == 200 and not response.context["form"]["title"].value()
    on_b = client_on(residence_b, coordinator_b)
    assert on_b.get(f"/activites/nouvelle/?modele={template.pk}").status_code == 404
    assert on_b.get("/activites/nouvelle/?modele=abc").status_code == 404
