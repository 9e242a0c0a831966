"""`apes_platform.forms.post_on_detail`: the one way a form posted on a detail page (a partner's contact,
a project's task, an application's report) answers, shown on each page that uses it."""
import re

import pytest

from core.funding.models import Application, CallForProjects, ReportDue
from core.partners.factories import PartnerFactory
from core.projects.models import ProjectTask, ResidentProject
from tests.conftest import client_on


@pytest.fixture
def pages(residence_a, in_schema):
    """(form address, data refused, data accepted, the field named, rows it writes) for each detail page."""
    with in_schema(residence_a):
        partner = PartnerFactory(name="Centre social Nelson Mandela")
        project = ResidentProject.objects.create(title="Jardin partagé", carrier_group="Collectif du jardin")
        call = CallForProjects.objects.create(title="Fonds de participation", funder_name="Ville")
        application = Application.objects.create(call=call, title="Dossier jardin", amount_requested=500)
    return [
        (f"/partenaires/{partner.pk}/contacts/nouveau/", {"name": ""}, {"name": "Awa Diallo"}, "contact-name",
         lambda: partner.contacts.count(), f"/partenaires/{partner.pk}/", "Centre social Nelson Mandela"),
        (f"/projets/{project.pk}/taches/nouvelle/", {"title": ""}, {"title": "Acheter les graines"}, "task-title",
         lambda: ProjectTask.objects.filter(project=project).count(), f"/projets/{project.pk}/", "Jardin partagé"),
        (f"/financements/dossiers/{application.pk}/comptes-rendus/nouveau/", {"label": "Bilan", "due_on": ""},
         {"label": "Bilan", "due_on": "2027-01-31"}, "report-due_on",
         lambda: ReportDue.objects.filter(application=application).count(),
         f"/financements/dossiers/{application.pk}/", "Dossier jardin"),
    ]


def test_a_refused_form_comes_back_on_its_page_with_its_error_and_an_accepted_one_redirects(
        residence_a, coordinator_a, in_schema, pages):
    client = client_on(residence_a, coordinator_a)
    for url, refused, accepted, field_id, rows, page, title in pages:
        assert client.get(url).status_code == 405, url
        answer = client.post(url, refused)
        html = answer.content.decode()
        assert answer.status_code == 400, url
        assert title in html  # the detail page itself, again
        assert re.search(rf'<input[^>]*id="{field_id}"[^>]*aria-invalid="true"', html) or re.search(
            rf'<input[^>]*aria-invalid="true"[^>]*id="{field_id}"', html), (url, field_id)
        assert f'href="#{field_id}"' in html  # the error summary links to the field
        with in_schema(residence_a):
            assert rows() == 0, url
        done = client.post(url, accepted)
        assert done.status_code == 302 and done["Location"] == page, url
        with in_schema(residence_a):
            assert rows() == 1, url


def test_another_residence_s_id_is_a_404_whatever_the_method(residence_b, coordinator_b, pages):
    client = client_on(residence_b, coordinator_b)
    for url, _refused, accepted, *_rest in pages:
        assert client.get(url).status_code == 404, url
        assert client.post(url, accepted).status_code == 404, url
