"""Consent, the sensitive record kept apart from the resident, and the trace of anonymisations."""
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.people.models import Resident

SENSITIVE_PERMISSION = "privacy.access_sensitive_record"


class ConsentScope(models.TextChoices):
    ACTIVITIES_FOLLOW_UP = "activities_follow_up", _("suivi de la participation aux activités")
    CONTACT_SMS = "contact_sms", _("contact par SMS")
    CONTACT_EMAIL = "contact_email", _("contact par e-mail")
    PHOTOS = "photos", _("prise et diffusion de photos")


class Consent(models.Model):
    """One scope the resident agreed to on a date; withdrawing keeps the row (proof of the history)."""

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="consents",
                                 verbose_name=_("habitant·e"))
    scope = models.CharField(_("objet du consentement"), max_length=30, choices=ConsentScope.choices)
    given_on = models.DateField(_("donné le"))
    withdrawn_on = models.DateField(_("retiré le"), null=True, blank=True)
    created_at = models.DateTimeField(_("enregistré le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("consentement")
        verbose_name_plural = _("consentements")
        ordering = ["scope", "-given_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "scope"],
                condition=Q(withdrawn_on__isnull=True),
                name="consent_one_active_per_scope",
                violation_error_message=_("Un consentement en cours existe déjà pour cet objet."),
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("given_on")),
                name="consent_withdrawn_after_given",
                violation_error_message=_("Le retrait ne peut pas précéder le consentement."),
            ),
        ]

    def __str__(self):
        # No name here: this text is copied into the audit trail.
        return f"{self.get_scope_display()} ({self.given_on})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None

    def get_additional_data(self) -> dict:
        return {"resident_id": self.resident_id}


class Autonomy(models.TextChoices):
    AUTONOMOUS = "autonomous", _("autonome")
    PARTIAL = "partial", _("autonomie partielle")
    DEPENDENT = "dependent", _("dépendance")


class SensitiveRecord(models.Model):
    """What only an explicitly authorised coordinator may read; never exported to reporting."""

    resident = models.OneToOneField(Resident, on_delete=models.CASCADE, related_name="sensitive_record",
                                    verbose_name=_("habitant·e"))
    autonomy = models.CharField(_("autonomie"), max_length=20, choices=Autonomy.choices, blank=True)
    health_situation = models.TextField(_("situation liée à la santé"), blank=True)
    free_note = models.TextField(_("note libre"), blank=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("informations sensibles")
        verbose_name_plural = _("informations sensibles")
        default_permissions = ()
        permissions = [("access_sensitive_record", _("Peut consulter et modifier les informations sensibles"))]

    def __str__(self):
        return str(_("informations sensibles n° %(id)s") % {"id": self.resident_id})

    def get_additional_data(self) -> dict:
        return {"resident_id": self.resident_id}


class Anonymisation(models.Model):
    """Kept after the resident's data is gone: when, and why. Holds no personal data."""

    class Reason(models.TextChoices):
        RETENTION = "retention", _("durée de conservation écoulée")
        REQUEST = "request", _("demande d'effacement")

    resident = models.OneToOneField(Resident, on_delete=models.CASCADE, related_name="anonymisation",
                                    verbose_name=_("habitant·e"))
    reason = models.CharField(_("motif"), max_length=20, choices=Reason.choices)
    done_at = models.DateTimeField(_("effectuée le"), default=timezone.now)

    class Meta:
        verbose_name = _("anonymisation")
        verbose_name_plural = _("anonymisations")

    def __str__(self):
        return str(_("anonymisation n° %(id)s") % {"id": self.resident_id})

    def get_additional_data(self) -> dict:
        return {"resident_id": self.resident_id}
