from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from core.documents.selectors import access_document_by_id


def document_download(request, document_id: int):
    """The only way a stored file leaves the server: on its residence's host, to an actor who may
    handle its documents, as an attachment of the type read from its content."""
    document = access_document_by_id(actor=request.user, id=document_id)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Fichier introuvable")) from exc
    response = FileResponse(handle, as_attachment=True, filename=document.original_name,
                            content_type=document.content_type)
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
