"""Public schema: one row per requested activity report, with its progress and its PDF.

The PDF is stored in the row (a few hundred kilobytes): workers and web processes may run
on different machines and no shared file storage exists yet (docs/reports-and-evaluation.md).
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenants.models import Landlord, Residence


class ReportJob(models.Model):
    class Kind(models.TextChoices):
        RESIDENCE = "residence", _("rapport d'activité de la résidence")
        LANDLORD = "landlord", _("rapport bailleur")

    class Status(models.TextChoices):
        PENDING = "pending", _("en attente")
        RUNNING = "running", _("en cours")
        DONE = "done", _("prêt")
        FAILED = "failed", _("échec")

    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    residence = models.ForeignKey(Residence, on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="report_jobs", verbose_name=_("résidence"))
    landlord = models.ForeignKey(Landlord, on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="report_jobs", verbose_name=_("bailleur"))
    year = models.PositiveSmallIntegerField(_("année"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     related_name="report_jobs", verbose_name=_("demandé par"))
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("avancement (%)"), default=0)
    step = models.CharField(_("étape"), max_length=120, blank=True)
    pdf = models.BinaryField(_("fichier PDF"), null=True, blank=True, editable=False)
    filename = models.CharField(_("nom du fichier"), max_length=120, blank=True)
    error = models.TextField(_("erreur"), blank=True)
    created_at = models.DateTimeField(_("demandé le"), default=timezone.now, editable=False)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("rapport d'activité")
        verbose_name_plural = _("rapports d'activité")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["residence", "-created_at"], name="report_job_residence_idx"),
            models.Index(fields=["landlord", "-created_at"], name="report_job_landlord_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="residence", residence__isnull=False, landlord__isnull=True)
                           | Q(kind="landlord", landlord__isnull=False, residence__isnull=True)),
                name="report_job_scope_matches_kind",
                violation_error_message=_("Un rapport porte sur une résidence ou sur un bailleur, selon son type."),
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="report_job_progress_max_100",
                violation_error_message=_("L'avancement ne dépasse pas 100 %."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.year} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def subject(self):
        return self.residence if self.kind == self.Kind.RESIDENCE else self.landlord
