"""Writes of documents: store (checked by size and content), delete, erase a resident's."""
from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from apes_platform.stored_files import atomic_with_files, file_written, remove_once_committed
from core.documents.detection import ALL_TYPES, FileType, detect_type
from core.documents.models import Document, DocumentKind
from core.documents.selectors import actor_may_handle_documents


def max_document_bytes() -> int:
    return int(getattr(settings, "DOCUMENT_MAX_BYTES", 10 * 1024 * 1024))


def _actor_label(actor) -> str:
    return (getattr(actor, "full_name", "") or getattr(actor, "email", "")) if actor is not None else ""


def _sha256(fileobj) -> str:
    digest = hashlib.sha256()
    fileobj.seek(0)
    for chunk in iter(lambda: fileobj.read(1024 * 1024), b""):
        digest.update(chunk)
    fileobj.seek(0)
    return digest.hexdigest()


def document_file_problem(*, file, allowed_types: Iterable[FileType] = ALL_TYPES) -> tuple[str | None, FileType | None]:
    """(reason, None) when the upload is refused, else (None, its type). One rule for every form and the API."""
    allowed = tuple(allowed_types)
    if file is None:
        return _("Choisissez un fichier."), None
    size = getattr(file, "size", None) or 0
    if size <= 0:
        return _("Le fichier est vide."), None
    limit = max_document_bytes()
    if size > limit:
        return _("Le fichier pèse %(size)s : la limite est de %(limit)s.") % {
            "size": filesizeformat(size), "limit": filesizeformat(limit)}, None
    found = detect_type(file)
    if found is None or found not in allowed:
        return _("Ce fichier n'est pas d'un format accepté (%(formats)s) : son contenu a été vérifié, "
                 "pas seulement son nom.") % {"formats": ", ".join(t.label for t in allowed)}, None
    return None, found


@atomic_with_files()
def document_store(*, actor, file, title: str = "", kind: str = DocumentKind.OTHER, resident=None,
                   allowed_types: Iterable[FileType] = ALL_TYPES) -> Document:
    """Store an uploaded file in the current residence's folder. Refused, on the field `file`: no file,
    an empty file, over DOCUMENT_MAX_BYTES, or a content that is not one of `allowed_types` (read from the
    bytes, whatever the name says). Refused outright (PermissionDenied) for an actor who may not
    handle this residence's documents."""
    if not actor_may_handle_documents(actor=actor):
        raise PermissionDenied(_("Vous ne pouvez pas déposer de document dans cette résidence."))
    problem, found = document_file_problem(file=file, allowed_types=allowed_types)
    if problem:
        raise ValidationError({"file": [problem]})
    original = (getattr(file, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1][:255] or found.code
    title = (title or "").strip() or original.rsplit(".", 1)[0][:200] or found.label
    document = Document(title=title[:200], kind=kind or DocumentKind.OTHER, original_name=original,
                        content_type=found.content_type, extension=found.extension, size=file.size,
                        sha256=_sha256(file), resident=resident, uploaded_by=_actor_label(actor),
                        uploaded_by_id=getattr(actor, "pk", None))
    document.full_clean(exclude=["file"])
    document.file.save(original, file, save=False)
    file_written(document.file)
    document.save()
    return document


def _remove_files_on_commit(names: list[str]) -> None:
    from core.documents.storage import residence_storage

    remove_once_committed(residence_storage(), names)


@transaction.atomic
def document_delete(*, actor, document: Document) -> None:
    """Delete a document and, once the deletion is committed, its file."""
    if not actor_may_handle_documents(actor=actor):
        raise PermissionDenied(_("Vous ne pouvez pas supprimer de document dans cette résidence."))
    names = [document.file.name]
    document.delete()
    _remove_files_on_commit(names)


@transaction.atomic
def resident_documents_erase(*, resident) -> int:
    """Erasure hook of the privacy app: documents about the resident go, rows and files."""
    documents = list(Document.objects.filter(resident=resident).values_list("pk", "file"))
    Document.objects.filter(pk__in=[pk for pk, _name in documents]).delete()
    _remove_files_on_commit([name for _pk, name in documents])
    return len(documents)
