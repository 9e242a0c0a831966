"""Residents, kept minimal: only what the work needs, with consent."""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AgeBand(models.TextChoices):
    CHILD = "0-17", _("moins de 18 ans")
    YOUNG_ADULT = "18-25", _("18-25 ans")
    ADULT = "26-59", _("26-59 ans")
    SENIOR = "60-74", _("60-74 ans")
    ELDER = "75+", _("75 ans et plus")


class Resident(models.Model):
    first_name = models.CharField(_("prénom"), max_length=80)
    last_name_initial = models.CharField(_("initiale du nom"), max_length=2, blank=True)
    pseudonym = models.CharField(
        _("pseudonyme"), max_length=80, blank=True, help_text=_("Affiché à la place du prénom s'il est renseigné.")
    )
    age_band = models.CharField(_("tranche d'âge"), max_length=5, choices=AgeBand.choices)
    consent_on = models.DateField(_("date du consentement"))
    created_at = models.DateTimeField(_("enregistré·e le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("habitant·e")
        verbose_name_plural = _("habitant·es")
        ordering = ["first_name", "last_name_initial", "id"]
        indexes = [models.Index(fields=["first_name"], name="resident_first_name_idx")]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.pseudonym:
            return self.pseudonym
        return f"{self.first_name} {self.last_name_initial}.".strip() if self.last_name_initial else self.first_name
