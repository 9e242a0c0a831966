"""In the browser: a coordinator writes a practice sheet from a project review, the name check catches a
resident's name, the head office publishes it, and a coordinator of another residence copies it (« Faire
pareil chez nous ») and finds the activity template in their residence."""
import re

from core.people.factories import ResidentFactory
from core.projects.models import ProjectTask, ResidentProject
from core.replications.models import ActivityTemplate
from tests.browser.conftest import log_in


def label(text):
    return re.compile(rf"^{re.escape(text)}\s*:?$")


def submit(page, button):
    with page.expect_navigation():
        button.click()


def test_a_sheet_from_a_project_review_goes_through_the_name_check_publication_and_is_copied(
        live, page, residence_a, residence_b, coordinator_a, coordinator_b, head_office, in_schema):
    with in_schema(residence_a):
        ResidentFactory(first_name="Ginette", last_name_initial="B", pseudonym="")
        project = ResidentProject.objects.create(
            title="Jardin partagé", carrier_group="Collectif du jardin", need="Un coin de verdure au pied des tours",
            review_worked="Ginette B. a animé les premiers ateliers ; les bacs hauts ont attiré les seniors.",
            review_pass_on="Prévoir l'arrosage pendant l'été.")
        ProjectTask.objects.create(project=project, title="Acheter les bacs")

    # The coordinator of Les Tilleuls writes the sheet from the project's review, in the residence.
    log_in(page, live, residence_a, coordinator_a)
    page.get_by_role("link", name="Réseau", exact=True).first.click()
    page.get_by_label(label("Écrire une fiche à partir de")).select_option(label="Jardin partagé")
    submit(page, page.get_by_role("button", name="Commencer la fiche"))
    assert "Brouillon de fiche créé" in page.content()
    page.get_by_label(label("Thème")).select_option(label="environnement, jardin")
    page.get_by_label(label("Comment nous avons fait")).fill("Des ateliers le samedi matin avec le centre social.")
    submit(page, page.get_by_role("button", name="Vérifier les noms et soumettre au siège"))
    matches = page.locator(".name-matches")
    assert matches.locator("li").count() == 1  # « Ginette B. », not « Ginette » again at the same place
    assert "Ginette B. (ce qui a marché)" in matches.inner_text()

    page.get_by_label(label("Ce qui a marché")).fill("Les bacs hauts ont attiré les seniors.")
    submit(page, page.get_by_role("button", name="Vérifier les noms et soumettre au siège"))
    assert "Fiche soumise au siège" in page.content()

    # The head office reviews and publishes it on the bare domain.
    log_in(page, live, None, head_office)
    page.goto(live.url(None, "/reseau/relecture/"))
    page.get_by_role("link", name="Jardin partagé").click()
    submit(page, page.get_by_role("button", name="Publier dans le réseau"))
    assert "Fiche « Jardin partagé » publiée." in page.content()

    # The coordinator of Les Cèdres finds it in the network and copies it into their residence.
    log_in(page, live, None, coordinator_b)
    page.goto(live.url(None, "/reseau/"))
    page.get_by_label(label("Thème")).select_option(label="environnement, jardin")
    submit(page, page.get_by_role("button", name="Filtrer"))
    page.get_by_role("link", name="Jardin partagé").click()
    assert "Ginette" not in page.content()
    copy_url = page.get_by_role("link", name="Faire pareil chez nous : Les Cèdres").get_attribute("href")
    assert copy_url.startswith(live.url(residence_b, "/reseau/faire-pareil/"))
    log_in(page, live, residence_b, coordinator_b)
    page.goto(copy_url)
    submit(page, page.get_by_role("button", name="Reprendre dans ma résidence"))
    assert "« Jardin partagé » est reprise dans votre résidence." in page.content()
    assert page.get_by_role("heading", name="Modèle d'animation : Jardin partagé").is_visible()
    page.get_by_role("link", name="Programmer une animation").click()
    assert page.get_by_label(label("Intitulé")).input_value() == "Jardin partagé"  # prefilled from the template
    page.go_back()

    page.get_by_role("link", name="Réseau de pratiques").first.click()
    templates = page.get_by_role("table", name="Modèles d'animation repris du réseau")
    assert "Jardin partagé" in templates.inner_text()
    with in_schema(residence_b):
        assert ActivityTemplate.objects.filter(title="Jardin partagé").count() == 1
        assert list(ResidentProject.objects.get(title="Jardin partagé").tasks.values_list("title", flat=True)) == [
            "Acheter les bacs"]


def test_the_edit_delete_and_prefilled_pages_are_accessible_and_valid_html(
        live, page, residence_a, coordinator_a, head_office, in_schema):
    """axe-core (WCAG 2.1 AA) and the Nu checker on the head office's edit and delete pages of a resource
    and an event, and on the activity form prefilled from a template; deleting asks, then deletes."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from network.practice import services
    from network.practice.models import NetworkEvent
    from tests.browser.test_pages import _axe, nu_errors
    from tests.conftest import aware

    resource = services.resource_create(actor=head_office, title="Guide du réseau", kind="guide",
                                        file=SimpleUploadedFile("g.pdf", b"%PDF-1.4\n%%EOF\n"))
    event = services.event_create(actor=head_office, title="Atelier du réseau", kind="workshop",
                                  starts_at=aware(2030, 2, 4, 9), ends_at=aware(2030, 2, 4, 12), place="Paris",
                                  for_coordinators=True)
    with in_schema(residence_a):
        template = ActivityTemplate.objects.create(title="Atelier jardin", kind="workshop", audience="all",
                                                   duration_minutes=90, description="Semis.")
    pages, problems = {}, []

    def check(name):
        problems.extend(f"{name}: axe {v['id']} {v['nodes']}" for v in _axe(page))
        pages[name] = page.content()

    log_in(page, live, None, head_office)
    for path in (f"/reseau/ressources/{resource.pk}/modifier/", f"/reseau/ressources/{resource.pk}/supprimer/",
                 f"/reseau/evenements/{event.pk}/modifier/", f"/reseau/evenements/{event.pk}/supprimer/"):
        page.goto(live.url(None, path))
        check(path)
    page.goto(live.url(None, f"/reseau/evenements/{event.pk}/"))
    page.get_by_role("link", name="Supprimer").click()
    submit(page, page.get_by_role("button", name="Oui, supprimer l'événement"))
    assert "Événement « Atelier du réseau » supprimé." in page.content()
    assert not NetworkEvent.objects.exists()

    log_in(page, live, residence_a, coordinator_a)
    page.goto(live.url(residence_a, f"/activites/nouvelle/?modele={template.pk}"))
    assert page.get_by_label(label("Intitulé")).input_value() == "Atelier jardin"
    check("activity form from a template")
    problems += nu_errors(pages)
    assert problems == []
