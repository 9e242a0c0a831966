"""A residence's documents travel with its backup: dump, drop, restore, download the same bytes."""
from pathlib import Path

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from core.documents.factories import PDF_BYTES, pdf_upload
from core.documents.models import Document
from core.documents.services import document_store
from tenants.models import Residence
from tests.conftest import client_on
from tests.downloads import body_of
from tests.reliability.test_backup_restore import run_script

pytestmark = pytest.mark.django_db(transaction=True)


def test_documents_are_dumped_and_restored_with_their_residence(residence_a, coordinator_a, tmp_path, settings):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    schema = residence_a.schema_name
    content = PDF_BYTES + b"% statuts de l'association\n"
    with schema_context(schema):
        document = document_store(actor=coordinator_a, file=pdf_upload("statuts.pdf", content), title="Statuts")
    try:
        out = Path(run_script("dump", "--slug", residence_a.slug, "--out", str(tmp_path / "dump"), media_root=media))
        stored = media / schema / document.file.name
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA "{schema}" CASCADE')
        Residence.objects.filter(pk=residence_a.pk).delete()
        stored.unlink()

        run_script("restore", "--from", str(out), media_root=media)
        assert stored.read_bytes() == content
        restored = Residence.objects.get(schema_name=schema)
        response = client_on(restored, coordinator_a).get(f"/documents/{document.pk}/telecharger/")
        assert response.status_code == 200 and body_of(response) == content
    finally:
        with schema_context(schema):
            Document.objects.all().delete()
