"""The head office edits and deletes resources and network events (deletion behind a confirmation page,
POST only); nobody else may."""
import datetime as dt
import html as html_lib
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from network.practice import services
from network.practice.models import EventRegistration, NetworkEvent, NetworkResource, ResourceVersion
from tests.conftest import aware, client_on

PDF = b"%PDF-1.4\n%%EOF\n"


def text(response) -> str:
    return html_lib.unescape(response.content.decode())


@pytest.fixture
def guide(head_office):
    return services.resource_create(actor=head_office, title="Guide de l'aller-vers", kind="guide",
                                    tags="aller-vers", file=SimpleUploadedFile("guide.pdf", PDF))


@pytest.fixture
def workshop(head_office):
    return services.event_create(actor=head_office, title="Atelier mobiliser les familles", kind="workshop",
                                 starts_at=aware(2030, 2, 4, 9), ends_at=aware(2030, 2, 4, 12), place="Paris",
                                 for_coordinators=True, capacity=5)


def resource_data(**changes):
    data = {"title": "Guide de l'aller-vers (2e éd.)", "kind": "document", "description": "Revu en 2026",
            "tags": "aller-vers,  porte-à-porte", "for_coordinators": "on", "for_landlords": "on"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def event_data(**changes):
    data = {"title": "Atelier familles", "kind": "workshop", "starts_at": "2030-02-05T14:00",
            "ends_at": "2030-02-05T17:00", "place": "Lyon", "capacity": "8", "for_coordinators": "on",
            "for_partners": "on"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_head_office_edits_a_resource_from_a_prefilled_form(guide, head_office, viewer_l1):
    head = client_on(None, head_office)
    page = text(head.get(f"/reseau/ressources/{guide.pk}/"))
    assert f"/reseau/ressources/{guide.pk}/modifier/" in page and f"/reseau/ressources/{guide.pk}/supprimer/" in page
    form = head.get(f"/reseau/ressources/{guide.pk}/modifier/")
    assert 'value="Guide de l\'aller-vers"' in text(form) and 'name="file"' not in text(form)
    response = head.post(f"/reseau/ressources/{guide.pk}/modifier/", resource_data())
    assert response.status_code == 302 and response["Location"] == f"/reseau/ressources/{guide.pk}/"
    guide.refresh_from_db()
    assert (guide.title, guide.kind, guide.tag_list, guide.for_landlords) == (
        "Guide de l'aller-vers (2e éd.)", "document", ["aller-vers", "porte-à-porte"], True)
    assert "Guide de l'aller-vers (2e éd.)" in text(client_on(None, viewer_l1).get("/reseau/ressources/"))


def test_a_resource_without_audience_is_refused_on_its_field(guide, head_office):
    response = client_on(None, head_office).post(f"/reseau/ressources/{guide.pk}/modifier/",
                                                 resource_data(for_coordinators=None, for_landlords=None))
    assert response.status_code == 200
    assert response.context["form"].errors["for_coordinators"] == ["Choisissez qui peut voir cette ressource."]
    guide.refresh_from_db()
    assert guide.title == "Guide de l'aller-vers"


def test_deleting_a_resource_asks_first_then_removes_its_versions_and_files(
        guide, head_office, django_capture_on_commit_callbacks):
    head = client_on(None, head_office)
    path = guide.versions.get().file.path
    assert os.path.exists(path)
    confirm = head.get(f"/reseau/ressources/{guide.pk}/supprimer/")
    assert confirm.status_code == 200 and "Supprimer « Guide de l'aller-vers » et ses 1 version(s) ?" in text(confirm)
    assert NetworkResource.objects.filter(pk=guide.pk).exists()  # the GET deletes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = head.post(f"/reseau/ressources/{guide.pk}/supprimer/")
    assert response.status_code == 302 and response["Location"] == "/reseau/ressources/"
    assert not NetworkResource.objects.exists() and not ResourceVersion.objects.exists()
    assert not os.path.exists(path)


def test_the_head_office_edits_an_event_but_not_below_its_registrations(workshop, head_office, coordinator_a):
    head = client_on(None, head_office)
    form = text(head.get(f"/reseau/evenements/{workshop.pk}/modifier/"))
    assert 'value="Atelier mobiliser les familles"' in form and 'value="5"' in form
    assert 'value="2030-02-04T09:00"' in form and 'value="2030-02-04T12:00"' in form
    response = head.post(f"/reseau/evenements/{workshop.pk}/modifier/", event_data())
    assert response.status_code == 302, text(response)[:2000]
    workshop.refresh_from_db()
    assert (workshop.title, workshop.place, workshop.capacity) == ("Atelier familles", "Lyon", 8)
    assert workshop.ends_at - workshop.starts_at == dt.timedelta(hours=3)

    services.registration_self(event=workshop, actor=coordinator_a)
    services.registration_partner_add(event=workshop, actor=head_office, name="Centre social", email="cs@example.org")
    response = head.post(f"/reseau/evenements/{workshop.pk}/modifier/", event_data(capacity="1"))
    assert response.status_code == 200
    assert response.context["form"].errors["capacity"] == [
        "2 personnes sont déjà inscrites : prévoyez au moins autant de places."]
    response = head.post(f"/reseau/evenements/{workshop.pk}/modifier/", event_data(place="", video_link=""))
    assert "Indiquez un lieu ou un lien de visioconférence." in text(response)
    workshop.refresh_from_db()
    assert (workshop.capacity, workshop.place) == (8, "Lyon")


def test_deleting_an_event_asks_first_then_removes_its_registrations(workshop, head_office, coordinator_a):
    services.registration_self(event=workshop, actor=coordinator_a)
    head = client_on(None, head_office)
    confirm = head.get(f"/reseau/evenements/{workshop.pk}/supprimer/")
    assert "Supprimer « Atelier mobiliser les familles » et ses 1 inscription(s) ?" in text(confirm)
    assert NetworkEvent.objects.exists()
    assert head.post(f"/reseau/evenements/{workshop.pk}/supprimer/")["Location"] == "/reseau/evenements/"
    assert not NetworkEvent.objects.exists() and not EventRegistration.objects.exists()


def test_only_the_head_office_edits_or_deletes(guide, workshop, coordinator_a, viewer_l1):
    for user in (coordinator_a, viewer_l1):
        client = client_on(None, user)
        for url in (f"/reseau/ressources/{guide.pk}/modifier/", f"/reseau/ressources/{guide.pk}/supprimer/",
                    f"/reseau/evenements/{workshop.pk}/modifier/", f"/reseau/evenements/{workshop.pk}/supprimer/"):
            assert client.get(url).status_code == 403
            assert client.post(url, resource_data() | event_data()).status_code == 403
        assert "/modifier/" not in text(client.get(f"/reseau/ressources/{guide.pk}/"))
    assert "/supprimer/" not in text(client_on(None, coordinator_a).get(f"/reseau/evenements/{workshop.pk}/"))
    assert NetworkResource.objects.get().title == "Guide de l'aller-vers" and NetworkEvent.objects.count() == 1
    anonymous = client_on(None)
    assert anonymous.post(f"/reseau/evenements/{workshop.pk}/supprimer/").status_code == 302  # to the log-in
    assert NetworkEvent.objects.count() == 1
