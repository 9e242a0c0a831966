"""Activities (animations, ateliers, temps collectifs) and who attended."""
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.people.models import Resident


class ActivityKind(models.TextChoices):
    COLLECTIVE_MOMENT = "collective_moment", _("temps collectif")
    WORKSHOP = "workshop", _("atelier")
    OUTING = "outing", _("sortie")
    FESTIVE_EVENT = "festive_event", _("fête, événement")
    MEETING = "meeting", _("réunion")


class Activity(models.Model):
    title = models.CharField(_("intitulé"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=ActivityKind.choices)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    place = models.CharField(_("lieu"), max_length=120, default="Salle commune")
    facilitator = models.CharField(_("animé par"), max_length=120)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now, editable=False)
    attendees = models.ManyToManyField(
        Resident, through="Attendance", related_name="activities", verbose_name=_("présent·es")
    )

    class Meta:
        verbose_name = _("animation")
        verbose_name_plural = _("animations")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["starts_at"], name="activity_starts_at_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="activity_ends_after_start",
                violation_error_message=_("La fin doit être postérieure au début."),
            )
        ]

    def __str__(self):
        return self.title


class Attendance(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendances")
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="attendances")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "resident"],
                name="attendance_unique",
                violation_error_message=_("Cette personne est déjà notée présente."),
            )
        ]
