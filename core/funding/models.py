"""Calls for projects (a watch fed by hand and by Aides-territoires), applications (dossiers) with their
stages, amounts and reports owed, the reminders already sent, and the funding plan of residents' projects."""
from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class CallStatus(models.TextChoices):
    WATCHED = "watched", _("en veille")
    APPLYING = "applying", _("candidature en cours")
    NOT_FOR_US = "not_for_us", _("pas pour nous")
    CLOSED = "closed", _("clos")


class EligibleApplicant(models.TextChoices):
    ASSOCIATION = "association", _("association")
    RESIDENTS_GROUP = "residents_group", _("collectif d'habitant·es")
    LANDLORD = "landlord", _("bailleur")
    LOCAL_AUTHORITY = "local_authority", _("collectivité")
    COMPANY = "company", _("entreprise")
    PUBLIC_BODY = "public_body", _("établissement public")
    OTHER = "other", _("autre")


class CallSource(models.TextChoices):
    MANUAL = "manual", _("saisi à la main")
    AIDES_TERRITOIRES = "aides_territoires", _("Aides-territoires")


class CallForProjects(models.Model):
    title = models.CharField(_("intitulé"), max_length=300)
    funder = models.ForeignKey("partners.Partner", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="calls_funded", verbose_name=_("financeur (partenaire)"))
    funder_name = models.CharField(_("financeur"), max_length=300, blank=True)
    url = models.URLField(_("lien"), max_length=500, blank=True)
    application_url = models.URLField(_("lien pour candidater"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    themes = ArrayField(models.CharField(max_length=200), default=list, blank=True, verbose_name=_("thèmes"))
    eligible = ArrayField(models.CharField(max_length=30, choices=EligibleApplicant.choices), default=list,
                          blank=True, verbose_name=_("candidats éligibles"))
    amount_min = models.DecimalField(_("montant minimum (€)"), null=True, blank=True, **MONEY)
    amount_max = models.DecimalField(_("montant maximum (€)"), null=True, blank=True, **MONEY)
    subvention_rate_min = models.PositiveSmallIntegerField(_("taux de subvention minimum (%)"), null=True, blank=True)
    subvention_rate_max = models.PositiveSmallIntegerField(_("taux de subvention maximum (%)"), null=True, blank=True)
    recurrence = models.CharField(_("récurrence"), max_length=30, blank=True)
    opens_on = models.DateField(_("ouverture"), null=True, blank=True)
    deadline = models.DateField(_("date limite"), null=True, blank=True)
    # The coordinator's: the feed never writes these two.
    status = models.CharField(_("statut"), max_length=20, choices=CallStatus.choices, default=CallStatus.WATCHED)
    notes = models.TextField(_("notes"), blank=True)
    source = models.CharField(_("source"), max_length=20, choices=CallSource.choices, default=CallSource.MANUAL)
    source_id = models.CharField(_("identifiant à la source"), max_length=64, blank=True)
    source_updated_at = models.DateTimeField(_("mis à jour à la source le"), null=True, blank=True)
    updated_at_source = models.BooleanField(
        _("modifié à la source"), default=False,
        help_text=_("L'appel a changé chez Aides-territoires depuis que vous l'avez vu."))
    created_at = models.DateTimeField(_("enregistré le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("appel à projets")
        verbose_name_plural = _("appels à projets")
        ordering = [F("deadline").asc(nulls_last=True), "title", "id"]
        indexes = [models.Index(fields=["deadline"], name="call_deadline_idx")]
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], condition=~Q(source_id=""),
                                    name="call_source_id_once",
                                    violation_error_message=_("Cet appel est déjà importé.")),
            models.CheckConstraint(
                condition=Q(amount_min__isnull=True) | Q(amount_max__isnull=True) | Q(amount_max__gte=F("amount_min")),
                name="call_amount_range_ordered",
                violation_error_message=_("Le montant maximum doit être supérieur ou égal au minimum.")),
            models.CheckConstraint(
                condition=Q(opens_on__isnull=True) | Q(deadline__isnull=True) | Q(deadline__gte=F("opens_on")),
                name="call_deadline_after_opening",
                violation_error_message=_("La date limite ne peut pas précéder l'ouverture.")),
        ]

    def __str__(self):
        return self.title

    @property
    def funder_label(self) -> str:
        return self.funder.name if self.funder_id else self.funder_name

    @property
    def eligible_labels(self) -> list[str]:
        return [str(EligibleApplicant(e).label) for e in self.eligible if e in EligibleApplicant.values]


class FeedRun(models.Model):
    """One pull of the Aides-territoires feed into this residence, and what it found."""

    class Status(models.TextChoices):
        OK = "ok", _("réussi")
        FAILED = "failed", _("échoué (rien importé)")

    started_at = models.DateTimeField(_("début"), default=timezone.now)
    finished_at = models.DateTimeField(_("fin"), null=True, blank=True)
    status = models.CharField(_("résultat"), max_length=10, choices=Status.choices)
    created = models.PositiveIntegerField(_("nouveaux"), default=0)
    updated = models.PositiveIntegerField(_("mis à jour"), default=0)
    unchanged = models.PositiveIntegerField(_("inchangés"), default=0)
    skipped = models.PositiveIntegerField(_("ignorés (illisibles)"), default=0)
    problems = models.JSONField(_("problèmes"), default=list, blank=True)
    error = models.TextField(_("erreur"), blank=True)

    class Meta:
        verbose_name = _("import Aides-territoires")
        verbose_name_plural = _("imports Aides-territoires")
        ordering = ["-started_at", "-id"]


class ApplicationStage(models.TextChoices):
    IDEA = "idea", _("idée")
    DRAFTING = "drafting", _("en rédaction")
    SUBMITTED = "submitted", _("déposé")
    GRANTED = "granted", _("accordé")
    PARTLY_GRANTED = "partly_granted", _("accordé en partie")
    REFUSED = "refused", _("refusé")


DECIDED = (ApplicationStage.GRANTED, ApplicationStage.PARTLY_GRANTED, ApplicationStage.REFUSED)
GRANTED = (ApplicationStage.GRANTED, ApplicationStage.PARTLY_GRANTED)
OPEN = (ApplicationStage.IDEA, ApplicationStage.DRAFTING)


class Application(models.Model):
    call = models.ForeignKey(CallForProjects, on_delete=models.PROTECT, related_name="applications",
                             verbose_name=_("appel à projets"))
    project = models.ForeignKey("projects.ResidentProject", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="applications", verbose_name=_("projet financé"))
    title = models.CharField(_("intitulé du dossier"), max_length=300)
    amount_requested = models.DecimalField(_("montant demandé (€)"), **MONEY)
    amount_granted = models.DecimalField(_("montant accordé (€)"), null=True, blank=True, **MONEY)
    stage = models.CharField(_("étape"), max_length=20, choices=ApplicationStage.choices,
                             default=ApplicationStage.IDEA)
    submitted_on = models.DateField(_("déposé le"), null=True, blank=True)
    decision_on = models.DateField(_("date de la décision"), null=True, blank=True)
    co_applicants = models.ManyToManyField("partners.Partner", blank=True, related_name="applications",
                                           verbose_name=_("co-porteurs (partenaires)"))
    documents = models.ManyToManyField("documents.Document", blank=True, related_name="applications",
                                       verbose_name=_("documents"))
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("dossier de candidature")
        verbose_name_plural = _("dossiers de candidature")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(stage__in=GRANTED) | (Q(amount_granted__gt=0) & Q(decision_on__isnull=False)),
                name="application_granted_has_amount_and_date",
                violation_error_message=_("Un dossier accordé a un montant accordé et une date de décision.")),
            models.CheckConstraint(
                condition=Q(stage__in=GRANTED) | Q(amount_granted__isnull=True),
                name="application_amount_only_when_granted",
                violation_error_message=_("Un montant accordé n'existe que pour un dossier accordé.")),
            models.CheckConstraint(
                condition=~Q(stage="refused") | Q(decision_on__isnull=False),
                name="application_refusal_dated",
                violation_error_message=_("Un refus a une date de décision.")),
        ]

    def __str__(self):
        return self.title


class ApplicationStageChange(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="stage_changes",
                                    verbose_name=_("dossier"))
    stage = models.CharField(_("étape"), max_length=20, choices=ApplicationStage.choices)
    changed_on = models.DateField(_("date"))
    recorded_by = models.CharField(_("noté par"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("changement d'étape d'un dossier")
        verbose_name_plural = _("changements d'étape des dossiers")
        ordering = ["changed_on", "id"]


class ReportDue(models.Model):
    """A report owed to the funder (interim, final…), by a date."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reports_due",
                                    verbose_name=_("dossier"))
    label = models.CharField(_("compte rendu"), max_length=200, default=_("bilan final"))
    due_on = models.DateField(_("à rendre le"))
    sent_on = models.DateField(_("rendu le"), null=True, blank=True)

    class Meta:
        verbose_name = _("compte rendu dû au financeur")
        verbose_name_plural = _("comptes rendus dus aux financeurs")
        ordering = ["due_on", "id"]

    def __str__(self):
        return f"{self.label} ({self.due_on:%d/%m/%Y})"


class ReminderKind(models.TextChoices):
    DEADLINE = "deadline", _("date limite d'un appel")
    REPORT = "report", _("compte rendu à rendre")


class SentReminder(models.Model):
    """A reminder e-mail already sent: the unique constraint makes each one go out once, even when the
    nightly task runs twice or on two workers at the same time."""

    kind = models.CharField(_("type de rappel"), max_length=10, choices=ReminderKind.choices)
    target_id = models.BigIntegerField(_("identifiant de l'appel ou du compte rendu"))
    days_before = models.PositiveSmallIntegerField(_("jours avant l'échéance"))
    due_on = models.DateField(_("échéance"))
    sent_at = models.DateTimeField(_("envoyé le"), default=timezone.now)
    recipients = models.TextField(_("destinataires"), blank=True)

    class Meta:
        verbose_name = _("rappel envoyé")
        verbose_name_plural = _("rappels envoyés")
        constraints = [models.UniqueConstraint(fields=["kind", "target_id", "days_before", "due_on"],
                                               name="sent_reminder_once")]


class FundingSource(models.TextChoices):
    APPLICATION = "application", _("dossier de candidature")
    ACTIVITY_BUDGET = "activity_budget", _("budget d'animation")
    LANDLORD = "landlord", _("bailleur")
    CITY = "city", _("ville")
    OWN = "own", _("ressources propres")
    IN_KIND = "in_kind", _("apport en nature")
    OTHER = "other", _("autre")


class FundingLine(models.Model):
    """One line of a project's funding plan. For a line backed by an application, what was obtained is
    the application's granted amount (one rule: `obtained_amount`), never typed twice."""

    project = models.ForeignKey("projects.ResidentProject", on_delete=models.CASCADE, related_name="funding_lines",
                                verbose_name=_("projet"))
    source = models.CharField(_("source"), max_length=20, choices=FundingSource.choices)
    application = models.ForeignKey(Application, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="funding_lines", verbose_name=_("dossier"))
    label = models.CharField(_("libellé"), max_length=200, blank=True)
    planned = models.DecimalField(_("prévu (€)"), **MONEY)
    obtained = models.DecimalField(_("obtenu (€)"), null=True, blank=True, **MONEY)

    class Meta:
        verbose_name = _("ligne du plan de financement")
        verbose_name_plural = _("lignes du plan de financement")
        ordering = ["project", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(source="application") & Q(application__isnull=False) & Q(obtained__isnull=True))
                | (~Q(source="application") & Q(application__isnull=True)),
                name="funding_line_application_source",
                violation_error_message=_("Une ligne « dossier de candidature » nomme le dossier (son montant obtenu "
                                          "est celui accordé) ; les autres lignes n'en nomment pas.")),
        ]

    def __str__(self):
        return self.label or self.get_source_display()

    @property
    def obtained_amount(self) -> Decimal:
        if self.application_id:
            return self.application.amount_granted or Decimal("0.00")
        return self.obtained or Decimal("0.00")
