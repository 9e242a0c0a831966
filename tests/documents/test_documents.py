"""Uploads: checked by content and size, stored per residence, served only to those who may see them."""
import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.http import Http404

from core.documents.factories import PDF_BYTES, PNG_BYTES, pdf_upload
from core.documents.models import Document
from core.documents.selectors import access_document_by_id
from core.documents.services import document_delete, document_store, resident_documents_erase
from core.people.factories import ResidentFactory
from tests.conftest import client_on
from tests.downloads import body_of


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def office_file(kind: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if kind == "odt":
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
            archive.writestr("content.xml", "<office/>")
        else:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml" if kind == "docx" else "xl/workbook.xml", "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize("name, content, content_type", [
    ("statuts.pdf", PDF_BYTES, "application/pdf"),
    ("photo.png", PNG_BYTES, "image/png"),
    ("ticket.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "image/jpeg"),
    ("budget.docx", office_file("docx"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("budget.xlsx", office_file("xlsx"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("compte-rendu.odt", office_file("odt"), "application/vnd.oasis.opendocument.text"),
])
def test_accepted_types_are_read_from_the_content(name, content, content_type, residence_a, coordinator_a,
                                                  in_schema, media):
    with in_schema(residence_a):
        document = document_store(actor=coordinator_a, file=ContentFile(content, name=name))
        assert document.content_type == content_type and document.original_name == name
        stored = Path(media) / residence_a.schema_name / document.file.name
        assert stored.read_bytes() == content
        assert document.file.name.startswith("documents/") and name not in document.file.name


@pytest.mark.parametrize("name, content", [
    ("statuts.pdf", b"MZ\x90\x00 this is an executable"),   # a PDF by name only
    ("page.png", b"<html><script>alert(1)</script></html>"),
    ("archive.docx", office_file("docx")[:40]),                # a broken ZIP
    ("virus.docx", b"PK\x03\x04" + b"\x00" * 40),
])
def test_a_file_whose_content_is_not_accepted_is_refused_on_the_file_field(name, content, residence_a,
                                                                           coordinator_a, in_schema, media):
    with in_schema(residence_a):
        with pytest.raises(ValidationError) as refused:
            document_store(actor=coordinator_a, file=ContentFile(content, name=name))
        assert "son contenu a été vérifié" in refused.value.message_dict["file"][0]
        assert not Document.objects.exists()
    assert not (Path(media) / residence_a.schema_name / "documents").exists()


def test_too_big_and_empty_files_are_refused(residence_a, coordinator_a, in_schema, settings):
    settings.DOCUMENT_MAX_BYTES = 100
    with in_schema(residence_a):
        with pytest.raises(ValidationError) as refused:
            document_store(actor=coordinator_a, file=ContentFile(PDF_BYTES + b"x" * 200, name="gros.pdf"))
        assert "la limite est de 100" in refused.value.message_dict["file"][0]
        with pytest.raises(ValidationError) as refused:
            document_store(actor=coordinator_a, file=ContentFile(b"", name="vide.pdf"))
        assert refused.value.message_dict["file"] == ["Le fichier est vide."]


def test_only_members_of_the_residence_may_store_or_open(residence_a, coordinator_a, coordinator_b, viewer_l1,
                                                         head_office, in_schema):
    with in_schema(residence_a):
        for outsider in (coordinator_b, viewer_l1):
            with pytest.raises(PermissionDenied):
                document_store(actor=outsider, file=pdf_upload())
        document = document_store(actor=coordinator_a, file=pdf_upload())
        assert access_document_by_id(actor=head_office, id=document.pk) == document
        for outsider in (coordinator_b, viewer_l1, None):
            with pytest.raises(Http404):
                access_document_by_id(actor=outsider, id=document.pk)


def test_download_on_its_own_host_only(residence_a, residence_b, coordinator_a, coordinator_b, head_office,
                                       in_schema):
    with in_schema(residence_a):
        document = document_store(actor=coordinator_a, file=pdf_upload("statuts.pdf"), title="Statuts")
    response = client_on(residence_a, coordinator_a).get(f"/documents/{document.pk}/telecharger/")
    assert response.status_code == 200
    assert body_of(response) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="statuts.pdf"' == response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    # Same id on B's host, by B's coordinator and by head office: B has no such document.
    for client in (client_on(residence_b, coordinator_b), client_on(residence_b, head_office)):
        assert client.get(f"/documents/{document.pk}/telecharger/").status_code == 404
    # B's coordinator on A's host, anonymous on A: refused before any byte.
    assert client_on(residence_a, coordinator_b).get(f"/documents/{document.pk}/telecharger/").status_code == 404
    assert client_on(residence_a).get(f"/documents/{document.pk}/telecharger/").status_code == 302


def test_a_document_of_b_with_the_same_id_is_b_s_own_file(residence_a, residence_b, coordinator_a, coordinator_b,
                                                          in_schema):
    with in_schema(residence_a):
        a_doc = document_store(actor=coordinator_a, file=pdf_upload(content=PDF_BYTES + b"% de A\n"))
    with in_schema(residence_b):
        b_doc = document_store(actor=coordinator_b, file=pdf_upload(content=PDF_BYTES + b"% de B\n"))
        # Even a row naming A's stored path opens B's folder, never A's.
        Document.objects.filter(pk=b_doc.pk).update(file=a_doc.file.name)
    response = client_on(residence_b, coordinator_b).get(f"/documents/{b_doc.pk}/telecharger/")
    assert response.status_code == 404


def test_delete_removes_the_file_after_commit(residence_a, coordinator_a, in_schema, media,
                                              django_capture_on_commit_callbacks):
    with in_schema(residence_a):
        document = document_store(actor=coordinator_a, file=pdf_upload())
        path = Path(media) / residence_a.schema_name / document.file.name
        with django_capture_on_commit_callbacks(execute=True):
            document_delete(actor=coordinator_a, document=document)
        assert not path.exists() and not Document.objects.exists()


def test_erasure_of_a_resident_removes_their_documents_and_subject_access_lists_them(
        residence_a, coordinator_a, in_schema, media, django_capture_on_commit_callbacks):
    from core.privacy.subject_access import subject_access_data

    with in_schema(residence_a):
        resident, other = ResidentFactory(), ResidentFactory()
        theirs = document_store(actor=coordinator_a, file=pdf_upload("attestation.pdf"), resident=resident,
                                title="Attestation d'assurance")
        kept = document_store(actor=coordinator_a, file=pdf_upload(), resident=other)
        data = subject_access_data(resident=resident, include_sensitive=False)
        assert [row["titre"] for row in data["records"]["documents"]] == ["Attestation d'assurance"]
        path = Path(media) / residence_a.schema_name / theirs.file.name
        with django_capture_on_commit_callbacks(execute=True):
            assert resident_documents_erase(resident=resident) == 1
        assert not path.exists()
        assert list(Document.objects.all()) == [kept]


def test_anonymising_a_resident_through_the_privacy_app_removes_their_documents(
        residence_a, coordinator_a, in_schema, media, django_capture_on_commit_callbacks):
    from core.privacy.services import resident_anonymise

    with in_schema(residence_a):
        resident = ResidentFactory()
        document = document_store(actor=coordinator_a, file=pdf_upload(), resident=resident)
        path = Path(media) / residence_a.schema_name / document.file.name
        with django_capture_on_commit_callbacks(execute=True):
            resident_anonymise(resident=resident, reason="request")
        assert not Document.objects.exists() and not path.exists()


def test_storage_refuses_the_public_schema():
    connection.set_schema_to_public()
    with pytest.raises(RuntimeError):
        Document._meta.get_field("file").storage.path("documents/x.pdf")
