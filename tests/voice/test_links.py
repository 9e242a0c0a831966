"""Issue 19's links to other apps: a budget vote's decision allocates its amount in the budget ledger
(through core.budget's service, one budget decision per vote, refused without an open year), and a
need lists the residents' projects (core.projects) that answer it, with their stage."""
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.budget import services as budget_services
from core.budget.models import Decision
from core.people.factories import ResidentFactory
from core.projects import services as project_services
from core.voice import selectors, services
from core.voice.models import BallotChannel, ConsultationDecision
from tests.conftest import client_on

pytestmark = pytest.mark.django_db


def _closed_budget_vote(**kwargs):
    now = timezone.now()
    consultation = services.consultation_create(
        question="Quelle sortie d'été financer ?", options=["Mer", "Montagne"], is_budget=True,
        opens_at=now - dt.timedelta(days=10), closes_at=now + dt.timedelta(days=1), **kwargs)
    services.ballot_cast(consultation=consultation, resident=ResidentFactory(),
                         option_ids=[consultation.options.first().pk], channel=BallotChannel.PAPER)
    return consultation, consultation.closes_at + dt.timedelta(hours=1)


def _decide(consultation, later, **kwargs):
    values = dict(text="Journée à la mer en juillet", amount=Decimal("850"), purpose="Location du car",
                  decided_on=dt.date(2026, 7, 2), now=later)
    values.update(kwargs)
    return services.consultation_decide(consultation=consultation, **values)


# --- (a) budget vote → budget ledger ---------------------------------------------------------

def test_budget_vote_decision_creates_exactly_one_budget_decision(residence_a, in_schema):
    with in_schema(residence_a):
        year = budget_services.budget_year_create(year=2026)
        line = budget_services.line_save(year=year, name="Sorties", planned_amount=Decimal("2000"),
                                         category="outings", overspend_rule="refuse")
        consultation, later = _closed_budget_vote()
        decision = _decide(consultation, later, line=line, recorded_by="Coordination")
        budget_decision = Decision.objects.get()
        assert decision.budget_decision == budget_decision
        assert (budget_decision.amount, budget_decision.title, budget_decision.text) == (
            Decimal("850.00"), "Location du car", "Journée à la mer en juillet")
        assert (budget_decision.year, budget_decision.line, budget_decision.body) == (year, line, "vote")
        assert budget_decision.decided_on == dt.date(2026, 7, 2)
        # Twice: refused, still one budget decision and one vote decision.
        with pytest.raises(ValidationError) as exc:
            _decide(consultation, later)
        assert "déjà enregistrée" in exc.value.message_dict["text"][0]
        assert Decision.objects.count() == 1 and ConsultationDecision.objects.count() == 1
        assert selectors.consultation_decision_for_budget(budget_decision_id=budget_decision.pk) == decision


def test_no_open_budget_year_is_refused_on_the_date_and_saves_nothing(residence_a, in_schema):
    with in_schema(residence_a):
        consultation, later = _closed_budget_vote()
        with pytest.raises(ValidationError) as exc:
            _decide(consultation, later)
        message = exc.value.message_dict["decided_on"][0]
        assert "Aucun exercice budgétaire ouvert pour le 2 juillet 2026" in message and "2026" in message
        assert not ConsultationDecision.objects.exists() and not Decision.objects.exists()
        # A closed year is refused the same way.
        year = budget_services.budget_year_create(year=2025)
        budget_services.budget_year_create(year=2026)
        budget_services.year_close(year=year, closed_by="Coordination")
        with pytest.raises(ValidationError) as exc:
            _decide(consultation, later, decided_on=dt.date(2025, 12, 20))
        assert "ouvrez l'exercice 2025" in exc.value.message_dict["decided_on"][0]
        assert not ConsultationDecision.objects.exists() and not Decision.objects.exists()
        # With the year open, it goes through.
        _decide(consultation, later)
        assert Decision.objects.get().amount == Decimal("850.00")


def test_a_budget_refusal_rolls_back_the_vote_decision_too(residence_a, in_schema):
    with in_schema(residence_a):
        budget_services.budget_year_create(year=2026)
        other = budget_services.budget_year_create(year=2027)
        line_2027 = budget_services.line_save(year=other, name="Sorties", planned_amount=Decimal("100"),
                                              category="outings", overspend_rule="refuse")
        consultation, later = _closed_budget_vote()
        with pytest.raises(ValidationError) as exc:
            _decide(consultation, later, line=line_2027)
        assert "2027" in exc.value.message_dict["line"][0]
        assert not ConsultationDecision.objects.exists() and not Decision.objects.exists()


def test_an_ordinary_vote_writes_nothing_in_the_budget(residence_a, in_schema):
    with in_schema(residence_a):
        now = timezone.now()
        consultation = services.consultation_create(question="Quel nom pour la salle ?", options=["A", "B"],
                                                    opens_at=now - dt.timedelta(days=3), closes_at=now)
        decision = services.consultation_decide(consultation=consultation, text="« La Ruche »",
                                                now=now + dt.timedelta(minutes=1))
        assert decision.budget_decision is None and not Decision.objects.exists()


def test_screens_link_the_vote_and_the_budget_decision(residence_a, in_schema, coordinator_a):
    with in_schema(residence_a):
        budget_services.budget_year_create(year=timezone.localdate().year)
        now = timezone.now()
        consultation = services.consultation_create(
            question="Quelle sortie d'été financer ?", options=["Mer", "Montagne"], is_budget=True,
            opens_at=now - dt.timedelta(days=10), closes_at=now - dt.timedelta(minutes=5))
    client = client_on(residence_a, coordinator_a)
    response = client.post(f"/voix/consultations/{consultation.pk}/decision/", {
        "text": "Journée à la mer", "decided_on": timezone.localdate().isoformat(), "amount": "640.50",
        "purpose": "Location du car", "line": ""})
    assert response.status_code == 302
    with in_schema(residence_a):
        budget_decision = Decision.objects.get()
        assert budget_decision.amount == Decimal("640.50")
    page = client.get(f"/voix/consultations/{consultation.pk}/").content.decode()
    assert f'href="/budget/decisions/{budget_decision.pk}/"' in page
    page = client.get(f"/budget/decisions/{budget_decision.pk}/").content.decode()
    assert "Issue du vote" in page and f'href="/voix/consultations/{consultation.pk}/"' in page
    assert "Quelle sortie d&#x27;été financer ?" in page or "Quelle sortie d'été financer ?" in page


def test_screen_refusal_without_a_year_names_the_date_field(residence_a, in_schema, coordinator_a):
    with in_schema(residence_a):
        now = timezone.now()
        consultation = services.consultation_create(
            question="Quelle sortie ?", options=["Mer", "Montagne"], is_budget=True,
            opens_at=now - dt.timedelta(days=10), closes_at=now - dt.timedelta(minutes=5))
    response = client_on(residence_a, coordinator_a).post(f"/voix/consultations/{consultation.pk}/decision/", {
        "text": "Journée à la mer", "decided_on": "2026-07-02", "amount": "640", "purpose": "Car"})
    assert response.status_code == 200
    form = response.context["decision_form"]
    assert "Aucun exercice budgétaire ouvert" in form.errors["decided_on"][0]
    with in_schema(residence_a):
        assert not ConsultationDecision.objects.exists() and not Decision.objects.exists()


# --- (b) needs ↔ residents' projects ---------------------------------------------------------

def _project(title, stage=None):
    project = project_services.project_create(title=title, carrier_group="Collectif du jardin")
    if stage:
        project_services.project_stage_set(project=project, stage=stage)
    return project


def test_need_lists_the_projects_answering_it_with_their_stage(residence_a, in_schema, coordinator_a):
    with in_schema(residence_a):
        need = services.need_create(label="jardinage")
        other_need = services.need_create(label="aide numérique")
        garden = _project("Jardin partagé", stage="running")
        _project("Repair café")  # answers nothing
        services.need_link_project(need=need, project=garden)
        page = selectors.need_page(need=selectors.access_need_by_id(actor=coordinator_a, id=need.pk))
        assert [(p.title, p.get_stage_display()) for p in page.projects] == [("Jardin partagé", "en cours")]
        # The catalogue counts a project as an answering action.
        answered = {n.label for n in selectors.need_catalogue(with_action="oui")}
        assert answered == {"jardinage"}
        assert {n.label for n in selectors.need_catalogue(with_action="non")} == {"aide numérique"}
        need_id, other_id = need.pk, other_need.pk
    html = client_on(residence_a, coordinator_a).get(f"/voix/besoins/{need_id}/").content.decode()
    assert "Jardin partagé" in html and 'data-project-stage="running"' in html and "en cours" in html
    assert f'href="/projets/{garden.pk}/"' in html
    html = client_on(residence_a, coordinator_a).get(f"/voix/besoins/{other_id}/").content.decode()
    assert "Aucun projet d&#x27;habitants ne répond encore" in html or "Aucun projet d'habitants ne répond" in html


def test_need_edit_screen_links_projects(residence_a, in_schema, coordinator_a):
    with in_schema(residence_a):
        need = services.need_create(label="jardinage")
        garden, repair = _project("Jardin partagé"), _project("Repair café")
    client = client_on(residence_a, coordinator_a)
    form_page = client.get(f"/voix/besoins/{need.pk}/modifier/").content.decode()
    assert "Jardin partagé (idée)" in form_page
    response = client.post(f"/voix/besoins/{need.pk}/modifier/", {
        "label": "jardinage", "description": "", "is_active": "on", "projects": [garden.pk, repair.pk]})
    assert response.status_code == 302
    with in_schema(residence_a):
        assert set(need.projects.values_list("title", flat=True)) == {"Jardin partagé", "Repair café"}
    # Unlinking one keeps the other.
    client.post(f"/voix/besoins/{need.pk}/modifier/", {"label": "jardinage", "is_active": "on",
                                                       "projects": [garden.pk]})
    with in_schema(residence_a):
        assert list(need.projects.values_list("title", flat=True)) == ["Jardin partagé"]


def test_need_page_is_constant_in_queries_whatever_the_projects(residence_a, in_schema, coordinator_a):
    with in_schema(residence_a):
        need = services.need_create(label="jardinage")
        resident = ResidentFactory()

        def count():
            with CaptureQueriesContext(connection) as ctx:
                page = selectors.need_page(need=need)
                [p.carrier_label for p in page.projects]
            return len(ctx.captured_queries)

        services.need_link_project(need=need, project=_project("Un"))
        one = count()
        for title in ("Deux", "Trois", "Quatre"):
            project = project_services.project_create(title=title, residents=[resident])
            services.need_link_project(need=need, project=project)
        assert count() == one
