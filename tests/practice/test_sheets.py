"""Practice sheets: written from a project review on the residence host, name check, head-office
publication, who reads what on the bare domain, « Faire pareil chez nous » into another residence."""
import html as html_lib

import pytest
from django.core.exceptions import ValidationError

from core.people.factories import ResidentFactory
from core.projects.models import ProjectTarget, ProjectTask, ResidentProject
from core.replications.models import ActivityTemplate
from network.practice import services
from network.practice.models import PracticeSheet, SheetReuse
from tests.conftest import client_on


@pytest.fixture
def project_a(residence_a, in_schema):
    """A finished project of Les Tilleuls with its review, two tasks, a target and a funding line."""
    from core.funding.models import FundingLine

    with in_schema(residence_a):
        ResidentFactory(first_name="Ginette", last_name_initial="B", pseudonym="")
        ResidentFactory(first_name="Mamadou", last_name_initial="K", pseudonym="Le Jardinier")
        project = ResidentProject.objects.create(
            title="Jardin partagé", carrier_group="Collectif du jardin", need="Un coin de verdure",
            review_worked="Les bacs hauts ont attiré les seniors ; Ginette B. a animé les ateliers.",
            review_pass_on="Prévoir l'arrosage l'été.")
        ProjectTask.objects.create(project=project, title="Acheter les bacs", owner="Mamadou")
        ProjectTask.objects.create(project=project, title="Demander l'accord du bailleur")
        ProjectTarget.objects.create(project=project, label="habitant·es jardinier·es", target=12)
        FundingLine.objects.create(project=project, source="landlord", label="Bacs et terreau", planned=450)
    return project


def text(response) -> str:
    return html_lib.unescape(response.content.decode())


def start_sheet(residence_a, coordinator_a, project_a) -> PracticeSheet:
    client = client_on(residence_a, coordinator_a)
    response = client.post("/reseau/fiches/nouvelle/", {"source": f"project:{project_a.pk}"})
    assert response.status_code == 302, response.content.decode()[:500]
    return PracticeSheet.objects.get(residence=residence_a, source_id=project_a.pk)


def sheet_form(sheet, **changes):
    data = {"title": sheet.title, "theme": "environment", "audience": "all", "cost_band": "under_500",
            "context": sheet.context, "objectives": "Créer du lien autour du jardin", "how": "Des ateliers le samedi",
            "partner_kinds": "centre social", "budget": "450 €", "what_worked": sheet.what_worked,
            "pitfalls": sheet.pitfalls, "materials": "Bacs, terreau", "activity_title": "Atelier jardin",
            "activity_duration": 90}
    data.update(changes)
    return data


def test_a_sheet_starts_from_the_project_review_and_the_name_check_blocks_submission(
        residence_a, coordinator_a, project_a):
    sheet = start_sheet(residence_a, coordinator_a, project_a)
    assert sheet.status == "draft" and "bacs hauts" in sheet.what_worked
    assert sheet.skeleton["project"]["tasks"] == [{"title": "Acheter les bacs"},
                                                  {"title": "Demander l'accord du bailleur"}]
    assert "owner" not in str(sheet.skeleton)  # who carried a task is a name: never copied

    client = client_on(residence_a, coordinator_a)
    response = client.post(f"/reseau/fiches/{sheet.pk}/", {**sheet_form(sheet), "action": "submit"})
    html = text(response)
    assert response.status_code == 200
    assert "« Ginette B. » est le nom d'un·e habitant·e" in html
    sheet.refresh_from_db()
    assert sheet.status == "draft"

    response = client.post(f"/reseau/fiches/{sheet.pk}/", {
        **sheet_form(sheet, what_worked="Les bacs hauts ont attiré les seniors.",
                     how="Le jardinier du collectif a montré les semis."), "action": "submit"})
    assert response.status_code == 200  # the pseudonym, whatever its case, is a name too
    assert "« Le Jardinier » est le nom d'un·e habitant·e" in text(response)
    assert "Ginette" not in text(response).split("Vérification des noms")[1].split("</section>")[0]

    response = client.post(f"/reseau/fiches/{sheet.pk}/", {
        **sheet_form(sheet, what_worked="Les bacs hauts ont attiré les seniors."), "action": "submit"})
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == "submitted" and sheet.submitted_at is not None


def test_a_photo_is_refused_unless_marked_as_showing_no_one(residence_a, coordinator_a, project_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    sheet = start_sheet(residence_a, coordinator_a, project_a)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    client = client_on(residence_a, coordinator_a)
    response = client.post(f"/reseau/fiches/{sheet.pk}/", {
        **sheet_form(sheet), "action": "save", "photo": SimpleUploadedFile("jardin.png", png, "image/png")})
    assert "Une photo n'est acceptée que si elle ne montre personne" in text(response)
    sheet.refresh_from_db()
    assert not sheet.photo
    response = client.post(f"/reseau/fiches/{sheet.pk}/", {
        **sheet_form(sheet), "action": "save", "photo_shows_no_one": "on",
        "photo": SimpleUploadedFile("jardin.png", png, "image/png")})
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.photo and sheet.photo_shows_no_one


def submitted_sheet(residence_a, coordinator_a, project_a) -> PracticeSheet:
    sheet = start_sheet(residence_a, coordinator_a, project_a)
    client_on(residence_a, coordinator_a).post(f"/reseau/fiches/{sheet.pk}/", {
        **sheet_form(sheet, what_worked="Les bacs hauts ont attiré les seniors."), "action": "submit"})
    sheet.refresh_from_db()
    assert sheet.status == "submitted"
    return sheet


def test_only_the_head_office_publishes_and_landlords_read_only_what_is_marked_for_them(
        residence_a, coordinator_a, coordinator_b, project_a, head_office, viewer_l1):
    sheet = submitted_sheet(residence_a, coordinator_a, project_a)
    coordinator = client_on(None, coordinator_b)
    assert coordinator.get(f"/reseau/fiches/{sheet.pk}/").status_code == 404  # not yet published
    assert coordinator.post(f"/reseau/fiches/{sheet.pk}/publier/").status_code == 403
    head = client_on(None, head_office)
    assert "Jardin partagé" in head.get("/reseau/relecture/").content.decode()
    assert head.post(f"/reseau/fiches/{sheet.pk}/publier/", {}).status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == "published" and not sheet.for_landlords
    assert "Jardin partagé" in coordinator.get("/reseau/?theme=environment").content.decode()
    assert "Jardin partagé" not in coordinator.get("/reseau/?theme=health").content.decode()
    landlord = client_on(None, viewer_l1)
    assert landlord.get(f"/reseau/fiches/{sheet.pk}/").status_code == 404
    assert "Jardin partagé" not in landlord.get("/reseau/").content.decode()
    PracticeSheet.objects.filter(pk=sheet.pk).update(for_landlords=True)
    assert "Jardin partagé" in landlord.get("/reseau/").content.decode()
    assert client_on(None).get("/reseau/").status_code == 302  # members only


def test_faire_pareil_copies_the_template_and_the_project_skeleton_into_the_readers_residence(
        residence_a, residence_b, coordinator_a, coordinator_b, project_a, head_office, in_schema):
    sheet = submitted_sheet(residence_a, coordinator_a, project_a)
    services.sheet_publish(sheet=sheet, actor=head_office, for_landlords=False)
    html = client_on(None, coordinator_b).get(f"/reseau/fiches/{sheet.pk}/").content.decode()
    assert f"cedres-test.localhost/reseau/faire-pareil/{sheet.pk}/" in html.replace(":80", "")
    on_b = client_on(residence_b, coordinator_b)
    assert on_b.get(f"/reseau/faire-pareil/{sheet.pk}/").status_code == 200
    response = on_b.post(f"/reseau/faire-pareil/{sheet.pk}/")
    assert response.status_code == 302
    with in_schema(residence_b):
        template = ActivityTemplate.objects.get()
        assert (template.title, template.duration_minutes, template.source_sheet_id) == ("Atelier jardin", 90, sheet.pk)
        project = ResidentProject.objects.get(title="Jardin partagé")
        assert sorted(project.tasks.values_list("title", flat=True)) == ["Acheter les bacs",
                                                                         "Demander l'accord du bailleur"]
        assert list(project.targets.values_list("label", "target")) == [("habitant·es jardinier·es", 12)]
        assert [str(x) for x in project.funding_lines.values_list("planned", flat=True)] == ["450.00"]
    assert response["Location"] == f"/reseau/modeles/{template.pk}/"
    assert "Atelier jardin" in on_b.get(response["Location"]).content.decode()
    reuse = SheetReuse.objects.get(sheet=sheet)
    assert reuse.residence == residence_b and reuse.project_id == project.pk


def test_a_draft_of_another_residence_is_not_found_on_its_host(residence_a, residence_b, coordinator_a,
                                                                 coordinator_b, project_a, head_office):
    sheet = start_sheet(residence_a, coordinator_a, project_a)
    on_b = client_on(residence_b, coordinator_b)
    assert on_b.get(f"/reseau/fiches/{sheet.pk}/").status_code == 404
    assert on_b.post(f"/reseau/faire-pareil/{sheet.pk}/").status_code == 404
    with pytest.raises(ValidationError, match="Seule une fiche soumise se publie"):
        services.sheet_publish(sheet=sheet, actor=head_office, for_landlords=False)
    assert client_on(None, head_office).get(f"/reseau/fiches/{sheet.pk}/").status_code == 404  # drafts stay home


def test_a_replaced_or_removed_photo_leaves_no_file_behind(residence_a, coordinator_a, project_a,
                                                             django_capture_on_commit_callbacks):
    import os

    from django.core.files.uploadedfile import SimpleUploadedFile

    from network.practice import services

    sheet = start_sheet(residence_a, coordinator_a, project_a)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    with django_capture_on_commit_callbacks(execute=True):
        services.sheet_update(sheet=sheet, photo_shows_no_one=True, photo=SimpleUploadedFile("a.png", png))
    first = sheet.photo.path
    with django_capture_on_commit_callbacks(execute=True):
        services.sheet_update(sheet=sheet, photo=SimpleUploadedFile("b.png", png))
    second = sheet.photo.path
    assert os.path.exists(second) and not os.path.exists(first)
    with django_capture_on_commit_callbacks(execute=True):
        services.sheet_update(sheet=sheet, remove_photo=True)
    assert not sheet.photo and not os.path.exists(second)
