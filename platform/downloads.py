"""The headers every file we serve carries, whether it was uploaded or generated on request.

One rule, one place: a file leaves the server with its name in a Content-Disposition that survives
accents, `nosniff` so a browser never guesses a type, and `private, no-store` because these files are
personal data (documents, attendance sheets, subject-access exports) that no shared or disk cache keeps.
A stored file is also sandboxed (`Content-Security-Policy: sandbox; default-src 'none'`): an uploaded
HTML or SVG opened inline can run no script on our origin. Every view that returns a file calls one of
the two functions below (tests/platform/test_downloads.py checks that no other module builds the header).
"""
from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from core.documents.detection import detect_type

NO_STORE = "private, no-store"
SANDBOX = "sandbox; default-src 'none'"
OCTET_STREAM = "application/octet-stream"


def _file_headers(response: HttpResponse, *, filename: str, inline: bool) -> HttpResponse:
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = NO_STORE
    return response


def stored_file_response(field_file: FieldFile, *, filename: str, content_type: str | None = None,
                         inline: bool = False) -> FileResponse:
    """A stored upload, streamed from storage and sandboxed. Without `content_type`, the type is read
    from the file's first bytes (never from its name); a file missing from storage is a 404."""
    if not field_file:
        raise Http404(_("Fichier introuvable"))
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Fichier introuvable")) from exc
    if content_type is None:
        found = detect_type(handle)
        content_type = found.content_type if found else OCTET_STREAM
    response = FileResponse(handle, content_type=content_type)
    response["Content-Security-Policy"] = SANDBOX
    return _file_headers(response, filename=filename, inline=inline)


def download_response(body: bytes | str, *, filename: str, content_type: str, inline: bool = False) -> HttpResponse:
    """A file generated for this request (PDF, JSON, ICS, CSV…), shown inline or as an attachment."""
    return _file_headers(HttpResponse(body, content_type=content_type), filename=filename, inline=inline)
