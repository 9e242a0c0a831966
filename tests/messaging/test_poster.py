"""Posters and flyers: an A4 or A5 PDF whose QR code, read back from the rendered page, is the right URL."""
import io

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from core.activities.factories import ActivityFactory
from core.messaging import services
from core.portal.services import activity_ref
from tests.conftest import aware, client_on

pytestmark = pytest.mark.django_db
MM = 72 / 25.4


def qr_codes(pdf: bytes) -> list[str]:
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=3).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image)]


@pytest.mark.parametrize("size, width_mm", [("A4", 210), ("A5", 148)])
def test_activity_poster_qr_code_leads_to_the_activity(residence_a, in_schema, coordinator_a, size, width_mm):
    with in_schema(residence_a):
        activity = ActivityFactory(title="Repas partagé", starts_at=aware(2026, 12, 12, 12), place="Salle commune")
        message = services.message_save(subject="{animation}", body="Venez nombreux, apportez un plat !",
                                        activity=activity)
    response = client_on(residence_a, coordinator_a).get(f"/messages/{message.pk}/affiche.pdf", {"size": size})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert round(float(box.width) / MM) == width_mm
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Repas partagé" in text and "apportez un plat" in text
    assert qr_codes(pdf) == [f"http://{residence_a.slug}.localhost:8000/portail/agenda/{activity_ref(activity.pk)}/"]


def test_hall_poster_qr_code_leads_to_the_portal_entrance(residence_a, coordinator_a):
    client = client_on(residence_a, coordinator_a)
    assert "A5" in client.get("/messages/affiche-espace-habitant/").content.decode()
    response = client.get("/messages/affiche-espace-habitant/", {"size": "A5"})
    assert qr_codes(response.content) == [f"http://{residence_a.slug}.localhost:8000/portail/entree/"]
