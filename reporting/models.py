"""Public schema: one row per residence, indicator and period. No person-level column."""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenants.models import Residence


class IndicatorValue(models.Model):
    residence = models.ForeignKey(
        Residence, on_delete=models.CASCADE, related_name="indicator_values", verbose_name=_("résidence")
    )
    indicator = models.CharField(_("indicateur"), max_length=60)
    period_start = models.DateField(_("début de période"))
    value = models.DecimalField(_("valeur"), max_digits=12, decimal_places=2)
    count_basis = models.PositiveIntegerField(
        _("effectif de base"), help_text=_("Nombre de personnes ou d'enregistrements sur lesquels repose la valeur.")
    )
    computed_at = models.DateTimeField(_("calculé le"), default=timezone.now)

    class Meta:
        verbose_name = _("valeur d'indicateur")
        verbose_name_plural = _("valeurs d'indicateurs")
        constraints = [
            models.UniqueConstraint(
                fields=["residence", "indicator", "period_start"], name="indicator_value_unique"
            )
        ]
        indexes = [models.Index(fields=["period_start", "indicator"], name="indicator_value_period_idx")]

    def __str__(self):
        return f"{self.residence_id}/{self.indicator}/{self.period_start}: {self.value}"
