"""Uploaded files of a residence (statutes, applications, agreements, receipts…).

A document is a file and what we checked about it. The records it belongs to (a partner, an
application, an expense) point to it; the document itself only knows the resident it concerns,
if any, for subject access and erasure."""
import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.documents.storage import residence_storage


class DocumentKind(models.TextChoices):
    STATUTES = "statutes", _("statuts")
    APPLICATION = "application", _("dossier de candidature")
    AGREEMENT = "agreement", _("convention")
    RECEIPT = "receipt", _("justificatif (facture, reçu)")
    REPORT = "report", _("compte rendu, bilan")
    PHOTO = "photo", _("photo")
    OTHER = "other", _("autre")


def document_path(instance, filename: str) -> str:
    """documents/2026/12/<random>.pdf: relative to the residence's folder; the user's file name is
    kept in the row only, never in a path."""
    now = timezone.localtime()
    return f"documents/{now:%Y}/{now:%m}/{uuid.uuid4().hex}{instance.extension}"


class Document(models.Model):
    title = models.CharField(_("titre"), max_length=200)
    kind = models.CharField(_("type de document"), max_length=20, choices=DocumentKind.choices,
                            default=DocumentKind.OTHER)
    file = models.FileField(_("fichier"), storage=residence_storage, upload_to=document_path, max_length=255)
    original_name = models.CharField(_("nom du fichier déposé"), max_length=255)
    content_type = models.CharField(_("format"), max_length=120)
    extension = models.CharField(_("extension"), max_length=10)
    size = models.PositiveBigIntegerField(_("taille (octets)"))
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64)
    # Erasure deletes the resident's documents (core.privacy registry); SET_NULL only guards a row delete.
    resident = models.ForeignKey("people.Resident", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="documents", verbose_name=_("habitant·e concerné·e"))
    uploaded_by = models.CharField(_("déposé par"), max_length=150, blank=True)
    uploaded_by_id = models.BigIntegerField(_("compte déposant"), null=True, blank=True)
    uploaded_at = models.DateTimeField(_("déposé le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["uploaded_at"], name="document_uploaded_at_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="document_not_empty",
                                   violation_error_message=_("Le fichier est vide.")),
        ]

    def __str__(self):
        return self.title

    @property
    def size_label(self) -> str:
        from django.template.defaultfilters import filesizeformat

        return filesizeformat(self.size)
