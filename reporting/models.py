"""Public schema: indicator values per residence and period, and refresh runs. No person-level column."""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenants.models import Residence


class PeriodKind(models.TextChoices):
    MONTH = "month", _("mois")
    QUARTER = "quarter", _("trimestre")
    YEAR = "year", _("année")


class IndicatorValue(models.Model):
    residence = models.ForeignKey(
        Residence, on_delete=models.CASCADE, related_name="indicator_values", verbose_name=_("résidence")
    )
    indicator = models.CharField(_("indicateur"), max_length=60)
    period_kind = models.CharField(_("type de période"), max_length=7, choices=PeriodKind.choices,
                                   default=PeriodKind.MONTH)
    period_start = models.DateField(_("début de période"))
    # NULL: no value for the period (e.g. a mean with no respondents), shown « – », never 0.
    value = models.DecimalField(_("valeur"), max_digits=12, decimal_places=2, null=True, blank=True)
    count_basis = models.PositiveIntegerField(
        _("effectif de base"), help_text=_("Nombre de personnes ou d'enregistrements sur lesquels repose la valeur.")
    )
    suppressed = models.BooleanField(
        _("masqué pour les bailleurs"), default=False,
        help_text=_("Petit effectif, ou masquage secondaire pour qu'il ne puisse pas être recalculé."),
    )
    computed_at = models.DateTimeField(_("calculé le"), default=timezone.now)

    class Meta:
        verbose_name = _("valeur d'indicateur")
        verbose_name_plural = _("valeurs d'indicateurs")
        constraints = [
            models.UniqueConstraint(
                fields=["residence", "indicator", "period_kind", "period_start"], name="indicator_value_unique"
            )
        ]
        indexes = [
            models.Index(fields=["period_kind", "period_start", "indicator"], name="indicator_value_period_idx"),
            models.Index(fields=["computed_at"], name="indicator_value_computed_idx"),
        ]

    def __str__(self):
        from reporting.indicators import CATALOGUE

        item = CATALOGUE.get(self.indicator)
        return f"{item.label if item else self.indicator} · {self.get_period_kind_display()} {self.period_start}"


class RefreshRun(models.Model):
    """One recomputation of indicators over residences, with its progress."""

    class Trigger(models.TextChoices):
        NIGHTLY = "nightly", _("calcul de nuit")
        ADMIN = "admin", _("administration")
        HEAD_OFFICE = "head_office", _("siège, à la demande")
        BACKFILL = "backfill", _("reprise de l'historique")

    trigger = models.CharField(_("origine"), max_length=12, choices=Trigger.choices)
    months = models.JSONField(_("mois recalculés"), default=list)
    total = models.PositiveIntegerField(_("résidences à calculer"), default=0)
    done = models.PositiveIntegerField(_("résidences calculées"), default=0)
    errors = models.PositiveIntegerField(_("résidences en erreur"), default=0)
    error_log = models.TextField(_("erreurs"), blank=True)
    started_at = models.DateTimeField(_("lancé le"), default=timezone.now)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("calcul des indicateurs")
        verbose_name_plural = _("calculs des indicateurs")
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"{self.get_trigger_display()} {self.started_at:%Y-%m-%d %H:%M} ({self.done}/{self.total})"

    @property
    def is_finished(self) -> bool:
        return self.done + self.errors >= self.total

    @property
    def percent(self) -> int:
        return 100 if not self.total else round(100 * (self.done + self.errors) / self.total)
