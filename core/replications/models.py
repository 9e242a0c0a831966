"""Activity templates copied into a residence from a published practice sheet of the network."""
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ActivityTemplate(models.Model):
    """The shape of an activity to run here (no date, no people): the coordinator schedules sessions from it."""

    title = models.CharField(_("intitulé"), max_length=200)
    kind = models.CharField(_("type"), max_length=20)
    audience = models.CharField(_("public"), max_length=20)
    duration_minutes = models.PositiveIntegerField(_("durée (minutes)"), default=120,
                                                   validators=[MinValueValidator(15), MaxValueValidator(24 * 60)])
    capacity = models.PositiveIntegerField(_("capacité"), null=True, blank=True)
    is_intergenerational = models.BooleanField(_("intergénérationnelle"), default=False)
    description = models.TextField(_("déroulé"), blank=True)
    source_sheet_id = models.PositiveIntegerField(_("fiche pratique d'origine"), null=True, blank=True)
    source_title = models.CharField(_("fiche d'origine"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("repris le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("modèle d'animation")
        verbose_name_plural = _("modèles d'animation")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(duration_minutes__gte=15, duration_minutes__lte=24 * 60),
                                   name="activity_template_duration_range",
                                   violation_error_message=_("La durée va de 15 minutes à 24 heures.")),
        ]

    def __str__(self):
        return self.title
