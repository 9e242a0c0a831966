"""Every file we serve carries the same headers: stored uploads (streamed, sandboxed) and generated files."""
import pathlib

import pytest
from django.core.files.storage import FileSystemStorage
from django.db.models import FileField
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

from apes_platform.downloads import download_response, stored_file_response
from core.documents.factories import PDF_BYTES
from tests.downloads import body_of

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture
def stored(tmp_path):
    """A file field over a storage folder of this test: `stored(name, content)` writes it and returns it."""
    field = FileField(storage=FileSystemStorage(location=tmp_path))

    def write(name: str, content: bytes | None) -> FieldFile:
        if content is not None:
            (tmp_path / name).write_bytes(content)
        return FieldFile(None, field, name)

    return write


def test_a_stored_file_is_streamed_as_a_sandboxed_attachment_typed_by_its_content(stored):
    response = stored_file_response(stored("a1b2c3", PDF_BYTES), filename="statuts.pdf")
    assert isinstance(response, FileResponse) and response.streaming
    assert body_of(response) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="statuts.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_an_html_upload_is_never_typed_as_html_and_stays_sandboxed_inline(stored):
    response = stored_file_response(stored("page", b"<html><script>alert(1)</script></html>"),
                                    filename="page.html", inline=True)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'inline; filename="page.html"'
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_a_given_content_type_is_kept_and_an_accented_name_survives(stored):
    response = stored_file_response(stored("x", PDF_BYTES), filename="Procès-verbal été.pdf",
                                    content_type="application/pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''Proc%C3%A8s-verbal%20%C3%A9t%C3%A9.pdf"


def test_a_file_missing_from_storage_or_never_uploaded_is_a_404(stored):
    with pytest.raises(Http404):
        stored_file_response(stored("gone.pdf", None), filename="gone.pdf")
    with pytest.raises(Http404):
        stored_file_response(stored("", None), filename="photo.png")


def test_a_generated_file_is_personal_data_no_cache_keeps():
    response = download_response(b"%PDF-1.4 sheet", filename="feuille-presence-7.pdf", content_type="application/pdf",
                                 inline=True)
    assert response.content == b"%PDF-1.4 sheet"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="feuille-presence-7.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    export = download_response('{"prénom": "Zoé"}', filename="données-Zoé.json", content_type="application/json")
    assert export["Content-Disposition"] == "attachment; filename*=utf-8''donn%C3%A9es-Zo%C3%A9.json"
    assert body_of(export).decode() == '{"prénom": "Zoé"}'


def test_no_other_module_builds_a_file_response():
    offenders = []
    for folder in ("platform", "core", "network", "reporting", "tenants"):
        for source in (ROOT / folder).rglob("*.py"):
            if source == ROOT / "platform" / "downloads.py":
                continue
            text = source.read_text()
            if "Content-Disposition" in text or "FileResponse" in text or "content_disposition_header" in text:
                offenders.append(str(source.relative_to(ROOT)))
    assert not offenders, offenders
