"""Reads of documents. They run on the current residence schema only, and every lookup by id
checks the actor in the same step."""
from __future__ import annotations

from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from core.documents.models import Document


def _current_residence():
    from tenants.models import Residence

    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Residence):
        return tenant
    return Residence.objects.filter(schema_name=connection.schema_name).first()


def actor_may_handle_documents(*, actor) -> bool:
    """The residence's coordinators and head-office staff (those who get onto its host) handle its
    documents; landlord viewers, residents in the portal and anonymous visitors never do."""
    from tenants.selectors import user_can_enter_residence

    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    residence = _current_residence()
    return residence is not None and user_can_enter_residence(user=actor, residence=residence)


def access_document_by_id(*, actor, id) -> Document:
    """A document of the current residence the actor may open, or 404 (ids of another schema never
    resolve, and a refused actor learns nothing more than with a wrong id)."""
    if not actor_may_handle_documents(actor=actor):
        raise Http404(_("Document introuvable"))
    try:
        return Document.objects.select_related("resident").get(pk=int(id))
    except (Document.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("Document introuvable")) from exc


def document_list(*, search: str = "", kind: str = "", resident=None) -> QuerySet[Document]:
    qs = Document.objects.select_related("resident")
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(original_name__icontains=search))
    if kind:
        qs = qs.filter(kind=kind)
    if resident is not None:
        qs = qs.filter(resident=resident)
    return qs.order_by("-uploaded_at", "-id")
