"""Resource library (one upload check, versions, download only through the audience check) and network
events (self-registration, partners by name, places under a lock, attendance, materials, iCal)."""
import html as html_lib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from network.practice import services
from network.practice.models import EventRegistration, NetworkEvent, NetworkResource
from tests.conftest import aware, client_on
from tests.downloads import body_of

PDF = b"%PDF-1.4\n%%EOF\n"


def upload(name="guide.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_the_head_office_uploads_a_resource_and_a_new_version_keeps_the_first(head_office, coordinator_a):
    head = client_on(None, head_office)
    response = head.post("/reseau/ressources/nouvelle/", {"title": "Guide de l'aller-vers", "kind": "guide",
                                                          "tags": "aller-vers, mobilisation", "file": upload(),
                                                          "for_coordinators": "on"})
    assert response.status_code == 302
    resource = NetworkResource.objects.get()
    assert resource.tag_list == ["aller-vers", "mobilisation"]
    response = head.post(f"/reseau/ressources/{resource.pk}/", {"file": upload("v2.pdf"), "note": "Mise à jour"})
    assert response.status_code == 302
    assert list(resource.versions.values_list("number", flat=True)) == [2, 1]
    coordinator = client_on(None, coordinator_a)
    first = resource.versions.get(number=1)
    download = coordinator.get(f"/reseau/ressources/versions/{first.pk}/telecharger/")
    assert download.status_code == 200 and body_of(download) == PDF
    assert download["Content-Type"] == "application/pdf" and "attachment" in download["Content-Disposition"]
    assert download["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert download["Cache-Control"] == "private, no-store"
    assert coordinator.post(f"/reseau/ressources/{resource.pk}/", {"file": upload()}).status_code == 403


def test_a_file_that_is_not_what_it_says_is_refused_on_its_field(head_office):
    response = client_on(None, head_office).post("/reseau/ressources/nouvelle/", {
        "title": "Faux PDF", "kind": "document", "file": upload("x.pdf", b"MZ\x90\x00 not a pdf"),
        "for_coordinators": "on"})
    assert response.status_code == 200
    assert "Ce fichier n'est pas d'un format accepté" in html_lib.unescape(response.content.decode())
    assert not NetworkResource.objects.exists()


def test_a_resource_for_coordinators_is_not_downloadable_by_a_landlord(head_office, viewer_l1):
    resource = services.resource_create(actor=head_office, title="Outil interne", kind="tool", file=upload())
    version = resource.versions.get()
    landlord = client_on(None, viewer_l1)
    assert landlord.get(f"/reseau/ressources/versions/{version.pk}/telecharger/").status_code == 404
    assert "Outil interne" not in landlord.get("/reseau/ressources/").content.decode()
    assert client_on(None).get(f"/reseau/ressources/versions/{version.pk}/telecharger/").status_code == 302


@pytest.fixture
def workshop(head_office):
    return services.event_create(actor=head_office, title="Atelier mobiliser les familles", kind="workshop",
                                 starts_at=aware(2030, 2, 4, 9), ends_at=aware(2030, 2, 4, 12), place="Paris",
                                 for_coordinators=True, for_partners=True, capacity=2)


def test_registrations_attendance_and_the_last_place(workshop, head_office, coordinator_a, coordinator_b,
                                                      residence_a, viewer_l1):
    a = client_on(None, coordinator_a)
    assert a.post(f"/reseau/evenements/{workshop.pk}/inscription/", {"residence": residence_a.pk}).status_code == 302
    registration = EventRegistration.objects.get(user=coordinator_a)
    assert registration.residence == residence_a and registration.kind == "coordinator"
    services.registration_partner_add(event=workshop, actor=head_office, name="Centre social",
                                      email="cs@example.org")
    with pytest.raises(ValidationError, match="complet"):
        services.registration_self(event=workshop, actor=coordinator_b)
    with pytest.raises(PermissionDenied):  # not an event for landlords
        services.registration_self(event=workshop, actor=viewer_l1)
    assert client_on(None, viewer_l1).get(f"/reseau/evenements/{workshop.pk}/").status_code == 404
    head = client_on(None, head_office)
    head.post(f"/reseau/evenements/{workshop.pk}/presences/", {"present": [registration.pk]})
    assert list(workshop.registrations.filter(attended=True)) == [registration]
    resource = services.resource_create(actor=head_office, title="Diaporama de l'atelier", kind="document",
                                        file=upload())
    head.post(f"/reseau/evenements/{workshop.pk}/supports/", {"materials": [resource.pk]})
    assert "Diaporama de l'atelier" in html_lib.unescape(a.get(f"/reseau/evenements/{workshop.pk}/").content.decode())


def test_the_ical_feed_holds_the_members_events_and_refuses_a_bad_token(workshop, head_office, coordinator_a,
                                                                         viewer_l1):
    NetworkEvent.objects.create(title="Visite pour les bailleurs", starts_at=aware(2030, 3, 4),
                                ends_at=aware(2030, 3, 4, 16), place="Vitry", for_coordinators=False,
                                for_landlords=True)
    anonymous = client_on(None)
    feed = anonymous.get(f"/reseau/evenements/ical/{services.calendar_token(user=coordinator_a)}.ics")
    body = feed.content.decode()
    assert feed.status_code == 200 and "BEGIN:VEVENT" in body
    assert "Atelier mobiliser les familles" in body and "Visite pour les bailleurs" not in body
    landlord = anonymous.get(f"/reseau/evenements/ical/{services.calendar_token(user=viewer_l1)}.ics").content.decode()
    assert "Visite pour les bailleurs" in landlord and "Atelier mobiliser" not in landlord
    assert anonymous.get("/reseau/evenements/ical/forged.ics").status_code == 403
