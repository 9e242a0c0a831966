"""Safety register: rules of each space (versioned), acknowledgements, periodic checks, incidents."""
import datetime as dt

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SpaceRules(models.Model):
    """One version of a space's rules. Rows are never edited: a change is a new version,
    so an acknowledgement always points at the exact text that was read."""

    space = models.ForeignKey("spaces.Space", on_delete=models.PROTECT, related_name="rule_versions",
                              verbose_name=_("espace"))
    version = models.PositiveIntegerField(_("version"), validators=[MinValueValidator(1)])
    max_occupancy = models.PositiveIntegerField(_("capacité maximale (personnes)"))
    equipment = models.TextField(_("équipements de sécurité"), blank=True,
                                 help_text=_("Extincteur, trousse de secours, issues de secours…"))
    allowed = models.TextField(_("ce qui est autorisé"), blank=True)
    forbidden = models.TextField(_("ce qui est interdit"), blank=True)
    published_at = models.DateTimeField(_("en vigueur depuis"), default=timezone.now)
    published_by = models.CharField(_("publiée par"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("règles d'un espace")
        verbose_name_plural = _("règles des espaces")
        ordering = ["space", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["space", "version"], name="space_rules_unique_version",
                                    violation_error_message=_("Cette version des règles existe déjà.")),
        ]

    def __str__(self):
        return f"{self.space} — v{self.version}"


class RulesAcknowledgement(models.Model):
    """A partner's representative read and accepted one version of a space's rules."""

    rules = models.ForeignKey(SpaceRules, on_delete=models.PROTECT, related_name="acknowledgements",
                              verbose_name=_("règles"))
    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="rules_acknowledgements",
                                verbose_name=_("partenaire"))
    acknowledged_by = models.CharField(_("nom de la personne"), max_length=150)
    acknowledged_at = models.DateTimeField(_("le"), default=timezone.now)
    recorded_by = models.CharField(_("enregistrée par"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("prise de connaissance des règles")
        verbose_name_plural = _("prises de connaissance des règles")
        ordering = ["-acknowledged_at", "-id"]

    def __str__(self):
        return f"{self.acknowledged_by} ({self.partner}) — {self.rules}"


class CheckKind(models.TextChoices):
    FIRE_EXTINGUISHER = "fire_extinguisher", _("extincteur")
    FIRST_AID_KIT = "first_aid_kit", _("trousse de secours")
    GARDEN_TOOLS = "garden_tools", _("outils de jardin")
    EMERGENCY_EXITS = "emergency_exits", _("issues de secours")
    ELECTRICAL = "electrical", _("installations électriques")
    OTHER = "other", _("autre")


class SafetyCheck(models.Model):
    """A periodic check (fire extinguisher, first-aid kit…); `next_due_on` moves on at each record."""

    label = models.CharField(_("intitulé"), max_length=160)
    kind = models.CharField(_("type"), max_length=20, choices=CheckKind.choices, default=CheckKind.OTHER)
    space = models.ForeignKey("spaces.Space", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="safety_checks", verbose_name=_("espace"))
    frequency_days = models.PositiveIntegerField(_("fréquence (jours)"), validators=[MinValueValidator(1)],
                                                 help_text=_("7 : chaque semaine, 30 : chaque mois, 365 : chaque année."))
    next_due_on = models.DateField(_("prochaine échéance"))
    is_active = models.BooleanField(_("actif"), default=True)

    class Meta:
        verbose_name = _("contrôle périodique")
        verbose_name_plural = _("contrôles périodiques")
        ordering = ["next_due_on", "label", "id"]
        indexes = [models.Index(fields=["next_due_on"], name="safety_check_due_idx")]

    def __str__(self):
        return self.label

    def is_overdue(self, today: dt.date) -> bool:
        return self.is_active and self.next_due_on < today


class CheckOutcome(models.TextChoices):
    OK = "ok", _("conforme")
    ISSUE = "issue", _("à surveiller")
    FAILED = "failed", _("non conforme")


class CheckRecord(models.Model):
    """One check done: the due date it answered, when, by whom, the outcome."""

    check_item = models.ForeignKey(SafetyCheck, on_delete=models.CASCADE, related_name="records",
                                   verbose_name=_("contrôle"))
    due_on = models.DateField(_("échéance"))
    done_on = models.DateField(_("fait le"))
    checked_by = models.CharField(_("contrôlé par"), max_length=150)
    outcome = models.CharField(_("résultat"), max_length=10, choices=CheckOutcome.choices)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("enregistré le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("contrôle effectué")
        verbose_name_plural = _("contrôles effectués")
        ordering = ["-done_on", "-id"]
        indexes = [models.Index(fields=["due_on"], name="check_record_due_idx")]

    def __str__(self):
        return f"{self.check_item} — {self.done_on}"

    @property
    def on_time(self) -> bool:
        return self.done_on <= self.due_on


class IncidentSeverity(models.TextChoices):
    MINOR = "minor", _("mineur")
    MODERATE = "moderate", _("modéré")
    SERIOUS = "serious", _("grave")


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("ouvert")
    IN_PROGRESS = "in_progress", _("en cours de traitement")
    CLOSED = "closed", _("clos")


class Incident(models.Model):
    title = models.CharField(_("intitulé"), max_length=200)
    space = models.ForeignKey("spaces.Space", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="incidents", verbose_name=_("espace"))
    occurred_at = models.DateTimeField(_("survenu le"))
    severity = models.CharField(_("gravité"), max_length=10, choices=IncidentSeverity.choices,
                                default=IncidentSeverity.MINOR)
    description = models.TextField(_("description"))
    actions_taken = models.TextField(_("mesures prises"), blank=True)
    status = models.CharField(_("statut"), max_length=12, choices=IncidentStatus.choices,
                              default=IncidentStatus.OPEN)
    reported_by = models.CharField(_("signalé par"), max_length=150, blank=True)
    closed_at = models.DateTimeField(_("clos le"), null=True, blank=True)
    created_at = models.DateTimeField(_("enregistré le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False),
                name="incident_closed_has_date",
                violation_error_message=_("Un incident clos doit avoir une date de clôture."),
            ),
        ]

    def __str__(self):
        return self.title
