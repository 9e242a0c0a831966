import hashlib

import factory
from django.core.files.base import ContentFile

from core.documents.models import Document, DocumentKind

# The smallest files each detector accepts (tests and demo data).
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf_upload(name: str = "statuts.pdf", content: bytes = PDF_BYTES) -> ContentFile:
    return ContentFile(content, name=name)


class DocumentFactory(factory.django.DjangoModelFactory):
    """A stored PDF in the current residence's folder (run inside a residence schema)."""

    class Meta:
        model = Document

    title = factory.Sequence(lambda n: f"Document n° {n + 1}")
    kind = DocumentKind.OTHER
    file = factory.LazyFunction(lambda: pdf_upload())
    original_name = "document.pdf"
    content_type = "application/pdf"
    extension = ".pdf"
    size = len(PDF_BYTES)
    sha256 = hashlib.sha256(PDF_BYTES).hexdigest()
