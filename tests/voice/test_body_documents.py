"""Documents of governance bodies (statutes, agendas, minutes): stored and served by core.documents,
listed on the body's and the meeting's pages, deleted after a confirmation page; another residence
never reaches them."""
import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from core.documents.factories import PDF_BYTES, pdf_upload
from core.documents.models import Document, DocumentKind
from core.voice.factories import GovernanceBodyFactory, MeetingFactory
from core.voice.models import BodyDocument, BodyDocumentRole
from core.voice.services import body_document_add
from tests.conftest import client_on
from tests.downloads import body_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_statutes_uploaded_on_the_body_page_are_listed_and_downloaded(residence_a, in_schema, coordinator_a):
    with in_schema(residence_a):
        body = GovernanceBodyFactory(name="Comité de résidents")
    client = client_on(residence_a, coordinator_a)
    response = client.post(f"/voix/instances/{body.pk}/documents/nouveau/",
                           {"file": pdf_upload("statuts-2026.pdf"), "title": "Statuts du comité", "role": "statutes"})
    assert response.status_code == 302 and response["Location"] == f"/voix/instances/{body.pk}/"
    with in_schema(residence_a):
        link = BodyDocument.objects.select_related("document").get(body=body)
        assert link.role == BodyDocumentRole.STATUTES and link.meeting is None
        assert link.document.kind == DocumentKind.STATUTES and link.document.title == "Statuts du comité"
    page = client.get(f"/voix/instances/{body.pk}/").content.decode()
    assert "Statuts du comité" in page and f"/documents/{link.document_id}/telecharger/" in page
    assert f"/voix/instances/documents/{link.pk}/supprimer/" in page
    download = client.get(f"/documents/{link.document_id}/telecharger/")
    assert download.status_code == 200 and body_of(download) == PDF_BYTES


def test_a_meeting_agenda_and_minutes_are_on_the_meeting_page(residence_a, in_schema, coordinator_a):
    with in_schema(residence_a):
        body = GovernanceBodyFactory()
        meeting = MeetingFactory(body=body, held_at=timezone.now() - dt.timedelta(days=2))
        other = MeetingFactory(body=body)
    client = client_on(residence_a, coordinator_a)
    # After the meeting, the form proposes the minutes.
    form_page = client.get(f"/voix/reunions/{meeting.pk}/").content.decode()
    assert 'value="minutes" selected' in form_page
    response = client.post(f"/voix/reunions/{meeting.pk}/documents/nouveau/",
                           {"file": pdf_upload("cr.pdf"), "title": "Compte rendu de mars", "role": "minutes"})
    assert response.status_code == 302 and response["Location"] == f"/voix/reunions/{meeting.pk}/"
    assert "Compte rendu de mars" in client.get(f"/voix/reunions/{meeting.pk}/").content.decode()
    assert "Compte rendu de mars" not in client.get(f"/voix/reunions/{other.pk}/").content.decode()
    # The body's page lists its meetings' documents too, with the meeting.
    assert "Compte rendu de mars" in client.get(f"/voix/instances/{body.pk}/").content.decode()
    with in_schema(residence_a):
        link = BodyDocument.objects.get(meeting=meeting)
        assert link.document.kind == DocumentKind.REPORT


def test_a_wrong_file_is_refused_on_the_file_field_and_nothing_is_kept(residence_a, in_schema, coordinator_a, media):
    with in_schema(residence_a):
        body = GovernanceBodyFactory()
    client = client_on(residence_a, coordinator_a)
    response = client.post(f"/voix/instances/{body.pk}/documents/nouveau/",
                           {"file": pdf_upload("statuts.pdf", content=b"MZ\x90\x00 not a pdf"), "role": "statutes"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Fichier" in page and "format accepté" in page
    with in_schema(residence_a):
        assert not BodyDocument.objects.exists() and not Document.objects.exists()
    assert not list(Path(media).rglob("*.pdf"))


def test_a_meeting_of_another_body_is_refused_on_the_meeting_field(residence_a, in_schema, coordinator_a):
    from django.core.exceptions import ValidationError

    with in_schema(residence_a):
        body, elsewhere = GovernanceBodyFactory(), GovernanceBodyFactory()
        meeting = MeetingFactory(body=elsewhere)
        with pytest.raises(ValidationError) as refused:
            body_document_add(actor=coordinator_a, body=body, file=pdf_upload(), meeting=meeting)
        assert "meeting" in refused.value.message_dict
        assert not Document.objects.exists()


def test_delete_asks_first_then_removes_the_row_and_the_file(residence_a, in_schema, coordinator_a, media,
                                                             django_capture_on_commit_callbacks):
    with in_schema(residence_a):
        body = GovernanceBodyFactory()
        link = body_document_add(actor=coordinator_a, body=body, file=pdf_upload("odj.pdf"), title="Ordre du jour",
                                 role=BodyDocumentRole.AGENDA)
        stored = Path(media) / residence_a.schema_name / link.document.file.name
    assert stored.exists()
    client = client_on(residence_a, coordinator_a)
    confirm = client.get(f"/voix/instances/documents/{link.pk}/supprimer/")
    assert confirm.status_code == 200 and "Supprimer le document ?" in confirm.content.decode()
    with in_schema(residence_a):
        assert BodyDocument.objects.filter(pk=link.pk).exists()  # a GET deletes nothing
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the deletion is committed
        response = client.post(f"/voix/instances/documents/{link.pk}/supprimer/")
    assert response.status_code == 302 and response["Location"] == f"/voix/instances/{body.pk}/"
    with in_schema(residence_a):
        assert not BodyDocument.objects.exists() and not Document.objects.exists()
    assert not stored.exists()


def test_another_residence_never_reaches_a_body_document(residence_a, residence_b, in_schema, coordinator_a,
                                                         coordinator_b):
    with in_schema(residence_a):
        body = GovernanceBodyFactory(id=900_001)
        meeting = MeetingFactory(id=900_001, body=body)
        link = body_document_add(actor=coordinator_a, body=body, file=pdf_upload(), title="Statuts de A")
    b = client_on(residence_b, coordinator_b)
    assert b.get(f"/voix/instances/documents/{link.pk}/supprimer/").status_code == 404
    assert b.post(f"/voix/instances/documents/{link.pk}/supprimer/").status_code == 404
    assert b.post("/voix/instances/900001/documents/nouveau/", {"file": pdf_upload()}).status_code == 404
    assert b.post("/voix/reunions/900001/documents/nouveau/", {"file": pdf_upload()}).status_code == 404
    assert b.get(f"/documents/{link.document_id}/telecharger/").status_code == 404
    # A's coordinator on B's host is an outsider there.
    assert client_on(residence_b, coordinator_a).get(f"/voix/instances/documents/{link.pk}/supprimer/").status_code == 404
    with in_schema(residence_a):
        assert BodyDocument.objects.filter(pk=link.pk, meeting__isnull=True).exists()
        assert meeting.documents.count() == 0
