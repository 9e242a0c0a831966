"""A destructive action asks first (apes_platform.confirm.confirm_then): a GET changes nothing and shows the
page on the host's own base; the POST does it; a service's refusal comes back as a message."""
from django.core.files.uploadedfile import SimpleUploadedFile

from core.dropins.factories import DropInSlotFactory
from core.dropins.models import DropInSlot
from network.practice import services as practice
from network.practice.models import NetworkResource
from tests.conftest import client_on


def test_a_residence_delete_asks_on_the_residence_page_then_deletes(residence_a, coordinator_a, in_schema):
    with in_schema(residence_a):
        slot = DropInSlotFactory(place="Salle commune")
    client = client_on(residence_a, coordinator_a)
    page = client.get(f"/permanences/creneaux/{slot.pk}/supprimer/")
    html = page.content.decode()
    assert page.status_code == 200 and "Supprimer ce créneau ?" in html and "Salle commune" in html
    assert "Les passages déjà notés sont conservés." in html and 'href="/permanences/creneaux/"' in html
    with in_schema(residence_a):
        assert DropInSlot.objects.filter(pk=slot.pk).exists()  # the GET deleted nothing
    response = client.post(f"/permanences/creneaux/{slot.pk}/supprimer/", follow=True)
    assert response.redirect_chain[-1][0] == "/permanences/creneaux/" and "Créneau supprimé." in response.content.decode()
    with in_schema(residence_a):
        assert not DropInSlot.objects.filter(pk=slot.pk).exists()


def test_a_bare_domain_delete_asks_on_the_network_page(head_office):
    resource = practice.resource_create(actor=head_office, title="Guide", kind="guide",
                                        file=SimpleUploadedFile("g.pdf", b"%PDF-1.4\n%%EOF\n"))
    client = client_on(None, head_office)
    html = client.get(f"/reseau/ressources/{resource.pk}/supprimer/").content.decode()
    assert "Oui, supprimer la ressource" in html and "Non, revenir" in html
    assert NetworkResource.objects.filter(pk=resource.pk).exists()
    client.post(f"/reseau/ressources/{resource.pk}/supprimer/")
    assert not NetworkResource.objects.filter(pk=resource.pk).exists()
