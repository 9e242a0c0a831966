from apes_platform.downloads import stored_file_response
from core.documents.selectors import access_document_by_id


def document_download(request, document_id: int):
    """The only way a stored file leaves the server: on its residence's host, to an actor who may
    handle its documents, as an attachment of the type read from its content."""
    document = access_document_by_id(actor=request.user, id=document_id)
    return stored_file_response(document.file, filename=document.original_name, content_type=document.content_type)
