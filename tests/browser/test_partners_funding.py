"""In the browser: a partner and an interaction whose next step shows on the home page; a call from the
(stubbed) Aides-territoires feed turned into an application and granted; a project moved from idea to
running with its funding plan and a target's actual."""
import datetime as dt
import re
from decimal import Decimal

from django.utils import timezone

from core.funding.aides_territoires import AidesTerritoiresClient
from core.funding.models import Application, CallForProjects
from core.funding.services import calls_feed_import
from core.projects.models import ResidentProject
from tests.browser.conftest import log_in
from tests.funding.stub_aides_territoires import API_KEY, Stub


def label(text):
    return re.compile(rf"^{re.escape(text)}\s*:?$")


def main_text(page) -> str:
    """What the page says, with the non-breaking spaces of French numbers as plain spaces."""
    return page.locator("main").inner_text().replace("\u00a0", " ").replace("\u202f", " ")


def submit(page, button):
    """Click and wait for the page the server answers with (the same URL after a redirect)."""
    with page.expect_navigation():
        button.click()


def test_partner_and_an_interaction_with_a_next_step_on_the_home_page(live, page, residence_a, coordinator_a):
    log_in(page, live, residence_a, coordinator_a)
    page.goto(live.url(residence_a, "/partenaires/nouveau/"))
    page.get_by_label(label("Nom")).fill("Repair Café du quartier")
    page.get_by_label(label("Type")).select_option(label="association")
    page.get_by_label("bricolage et réparation").check()
    page.get_by_label(label("Ville")).fill("Saint-Denis")
    submit(page, page.get_by_role("button", name="Enregistrer"))
    assert "Partenaire « Repair Café du quartier » enregistré." in page.content()
    form = page.locator("form[action$='/echanges/nouveau/']")
    form.get_by_label(label("Type d'échange")).select_option(label="rendez-vous")
    form.get_by_label(label("Note")).fill("Rencontre avec la présidente")
    form.get_by_label(label("Prochaine étape")).fill("Envoyer la convention")
    due = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    form.get_by_label(label("À faire pour le")).fill(due)
    submit(page, form.get_by_role("button", name="Enregistrer l'échange"))
    assert "Échange enregistré." in page.content()
    page.goto(live.url(residence_a, "/"))
    panel = page.locator("#panel-next-steps")
    assert "Envoyer la convention" in panel.inner_text() and "Repair Café du quartier" in panel.inner_text()
    submit(page, panel.get_by_role("button", name="Fait"))
    assert "Aucune prochaine étape en attente." in page.locator("#panel-next-steps").inner_text()


def test_a_call_from_the_feed_becomes_an_application_then_granted(live, page, residence_a, coordinator_a,
                                                                 in_schema):
    stub = Stub().start()
    try:
        with in_schema(residence_a):
            run = calls_feed_import(residence=residence_a, client=AidesTerritoiresClient(
                base_url=stub.base_url, api_key=API_KEY, sleep=lambda s: None))
            assert run.created == 3
            call = CallForProjects.objects.get(source_id="1001")
    finally:
        stub.stop()
    log_in(page, live, residence_a, coordinator_a)
    page.goto(live.url(residence_a, "/financements/appels/"))
    page.get_by_role("link", name="Appel à projets n° 1").click()
    page.get_by_role("link", name="Préparer un dossier").click()
    page.get_by_label(label("Montant demandé (€)")).fill("2500.50")
    submit(page, page.get_by_role("button", name="Enregistrer"))
    assert "Dossier « Appel à projets n° 1 » ouvert." in page.content()
    stage = page.locator("form[action$='/etape/']")
    stage.get_by_label(label("Nouvelle étape")).select_option(label="déposé")
    submit(page, stage.get_by_role("button", name="Changer d'étape"))
    stage = page.locator("form[action$='/etape/']")
    stage.get_by_label(label("Nouvelle étape")).select_option(label="accordé")
    stage.get_by_label(label("Montant accordé (€)")).fill("2500.50")
    submit(page, stage.get_by_role("button", name="Changer d'étape"))
    text = main_text(page)
    assert "Étape du dossier mise à jour." in text and "Montant accordé\n2 500,50 €" in text
    with in_schema(residence_a):
        application = Application.objects.get()
        assert application.call_id == call.pk
        assert (application.stage, application.amount_granted) == ("granted", Decimal("2500.50"))


def test_a_project_from_idea_to_running_with_funding_plan_and_an_actual(live, page, residence_a, coordinator_a,
                                                                       in_schema):
    log_in(page, live, residence_a, coordinator_a)
    page.goto(live.url(residence_a, "/projets/nouveau/"))
    page.get_by_label(label("Intitulé")).fill("Atelier couture vers l'emploi")
    page.get_by_label(label("Collectif d'habitant·es porteur")).fill("Les couturières du bâtiment A")
    submit(page, page.get_by_role("button", name="Enregistrer"))
    for stage in ("conception", "recherche de financement", "en cours"):
        form = page.locator("form[action$='/etape/']")
        form.get_by_label(label("Nouvelle étape")).select_option(label=stage)
        submit(page, form.get_by_role("button", name="Changer d'étape"))
        assert "Étape du projet mise à jour." in page.content()
    page.get_by_text("Ajouter une ligne").click()
    form = page.locator("form[action$='/financement/nouveau/']")
    form.get_by_label(label("Source")).select_option(label="bailleur")
    form.get_by_label(label("Prévu (€)")).fill("1200")
    form.get_by_label(label("Obtenu (€)")).fill("1000.25")
    submit(page, form.get_by_role("button", name="Ajouter la ligne"))
    form = page.locator("form[action$='/objectifs/nouveau/']")
    form.get_by_label(label("Valeur visée")).fill("8")
    form.get_by_label(label("Objectif")).fill("habitant·es formé·es")
    submit(page, form.get_by_role("button", name="Ajouter l'objectif"))
    page.get_by_label("Valeur atteinte : habitant·es formé·es").fill("8")
    submit(page, page.locator("form[action*='/objectifs/'][action$='/realise/']").get_by_role("button"))
    text = main_text(page)
    assert "Valeur atteinte enregistrée." in text and "reste à trouver : 199,75 €" in text
    with in_schema(residence_a):
        project = ResidentProject.objects.get()
        assert project.stage == "running" and project.targets.get().actual == 8
