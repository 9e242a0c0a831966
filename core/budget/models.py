"""The residence's own budget: budget years, their envelopes by funding source, budget lines,
residents' decisions and one ledger of entries (commitments, expenses, refunds, income, carry-over).

The ledger is append-only: an entry is never edited nor deleted. A mistake is corrected by a
counter-entry (same kind, negative amount, `corrects` pointing at the entry it cancels), so every
total is a plain sum and a closed year's figures never move.
"""
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 12, "decimal_places": 2}
ZERO = Decimal("0.00")


class YearStatus(models.TextChoices):
    OPEN = "open", _("ouvert")
    CLOSED = "closed", _("clôturé")


class BudgetYear(models.Model):
    """One budget year (exercice) of the residence: 1 January to 31 December."""

    year = models.PositiveSmallIntegerField(_("année"), unique=True,
                                            validators=[MinValueValidator(2000)])
    status = models.CharField(_("statut"), max_length=10, choices=YearStatus.choices, default=YearStatus.OPEN)
    note = models.TextField(_("note"), blank=True)
    closed_at = models.DateTimeField(_("clôturé le"), null=True, blank=True)
    closed_by = models.CharField(_("clôturé par"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("exercice budgétaire")
        verbose_name_plural = _("exercices budgétaires")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True) | Q(status="closed", closed_at__isnull=False),
                name="budget_year_closed_has_date",
            ),
        ]

    def __str__(self):
        return str(self.year)

    @property
    def is_closed(self) -> bool:
        return self.status == YearStatus.CLOSED


class FundingSource(models.TextChoices):
    LANDLORD = "landlord", _("bailleur")
    LAPES = "lapes", _("L'apes")
    CITY = "city", _("ville")
    CALL_FOR_PROJECTS = "call_for_projects", _("subvention d'appel à projets")
    OWN_INCOME = "own_income", _("recettes propres")
    OTHER = "other", _("autre")


class Envelope(models.Model):
    """An amount granted for the year by one funding source."""

    year = models.ForeignKey(BudgetYear, on_delete=models.PROTECT, related_name="envelopes",
                             verbose_name=_("exercice"))
    source = models.CharField(_("financeur"), max_length=20, choices=FundingSource.choices)
    label = models.CharField(_("intitulé"), max_length=200, blank=True)
    amount = models.DecimalField(_("montant (€)"), **MONEY)

    class Meta:
        verbose_name = _("enveloppe")
        verbose_name_plural = _("enveloppes")
        ordering = ["year", "source", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_envelope_amount_not_negative",
                                   violation_error_message=_("Le montant ne peut pas être négatif.")),
        ]

    def __str__(self):
        return self.label or self.get_source_display()


class LineCategory(models.TextChoices):
    ACTIVITIES = "activities", _("animations")
    SMALL_EQUIPMENT = "small_equipment", _("petit équipement")
    FOOD = "food", _("alimentation")
    OUTINGS = "outings", _("sorties et transport")
    COMMUNICATION = "communication", _("communication")
    RESIDENTS_DECISIONS = "residents_decisions", _("provision pour les décisions des habitant·es")
    OTHER = "other", _("autre")


class OverspendRule(models.TextChoices):
    REFUSE = "refuse", _("refuser le dépassement")
    WARN = "warn", _("avertir et demander une raison")


class BudgetLine(models.Model):
    year = models.ForeignKey(BudgetYear, on_delete=models.PROTECT, related_name="lines", verbose_name=_("exercice"))
    name = models.CharField(_("intitulé"), max_length=120)
    category = models.CharField(_("catégorie"), max_length=30, choices=LineCategory.choices,
                                default=LineCategory.ACTIVITIES)
    planned_amount = models.DecimalField(_("montant prévu (€)"), **MONEY)
    overspend_rule = models.CharField(_("en cas de dépassement"), max_length=10, choices=OverspendRule.choices,
                                      default=OverspendRule.REFUSE)

    class Meta:
        verbose_name = _("ligne budgétaire")
        verbose_name_plural = _("lignes budgétaires")
        ordering = ["year", "name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(planned_amount__gte=0), name="budget_line_planned_not_negative",
                                   violation_error_message=_("Le montant prévu ne peut pas être négatif.")),
            models.UniqueConstraint(fields=["year", "name"], name="budget_line_unique_name",
                                    violation_error_message=_("Une ligne de cet exercice porte déjà ce nom.")),
        ]

    def __str__(self):
        return f"{self.name} ({self.year})"

    @property
    def refuses_overspend(self) -> bool:
        return self.overspend_rule == OverspendRule.REFUSE


class DecisionBody(models.TextChoices):
    RESIDENTS_COMMITTEE = "residents_committee", _("comité de résidents")
    VOTE = "vote", _("vote des habitant·es")
    GENERAL_MEETING = "general_meeting", _("assemblée des habitant·es")
    OTHER = "other", _("autre instance")


class Decision(models.Model):
    """What residents decided together: an amount for a purpose. Recorded by hand for now (date,
    body, text, amount); the residents' voice capability will create them from its votes."""

    year = models.ForeignKey(BudgetYear, on_delete=models.PROTECT, related_name="decisions",
                             verbose_name=_("exercice"))
    decided_on = models.DateField(_("date de la décision"))
    body = models.CharField(_("instance"), max_length=30, choices=DecisionBody.choices,
                            default=DecisionBody.RESIDENTS_COMMITTEE)
    title = models.CharField(_("objet"), max_length=200)
    text = models.TextField(_("texte de la décision"))
    amount = models.DecimalField(_("montant alloué (€)"), **MONEY)
    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions",
                             verbose_name=_("ligne budgétaire"))
    recorded_by = models.CharField(_("enregistrée par"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("enregistrée le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("décision des habitant·es")
        verbose_name_plural = _("décisions des habitant·es")
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="budget_decision_amount_positive",
                                   violation_error_message=_("Le montant doit être supérieur à zéro.")),
        ]

    def __str__(self):
        return f"{self.title} ({self.decided_on:%d/%m/%Y})"


class EntryKind(models.TextChoices):
    COMMITMENT = "commitment", _("engagement")
    EXPENSE = "expense", _("dépense")
    REFUND = "refund", _("remboursement")
    INCOME = "income", _("recette")
    CARRY_OVER = "carry_over", _("report de l'exercice précédent")


LINE_KINDS = (EntryKind.COMMITMENT, EntryKind.EXPENSE, EntryKind.REFUND)


class CommitmentKind(models.TextChoices):
    QUOTE = "quote", _("devis accepté")
    ORDER = "order", _("bon de commande")


class PaymentMethod(models.TextChoices):
    CARD = "card", _("carte")
    TRANSFER = "transfer", _("virement")
    CHEQUE = "cheque", _("chèque")
    CASH = "cash", _("espèces")
    DIRECT_DEBIT = "direct_debit", _("prélèvement")


class IncomeKind(models.TextChoices):
    ROOM_HIRE = "room_hire", _("location de salle")
    COWORKING = "coworking", _("abonnements coworking")
    CAFE = "cafe", _("recette du café (total du jour)")
    DONATION = "donation", _("don")
    GRANT = "grant", _("subvention reçue")
    OTHER = "other", _("autre recette")


class BudgetEntry(models.Model):
    """One line of the ledger. Never updated: a correction is a counter-entry."""

    year = models.ForeignKey(BudgetYear, on_delete=models.PROTECT, related_name="entries",
                             verbose_name=_("exercice"))
    kind = models.CharField(_("nature"), max_length=12, choices=EntryKind.choices)
    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, null=True, blank=True, related_name="entries",
                             verbose_name=_("ligne budgétaire"))
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("montant TTC (€)"), **MONEY)
    label = models.CharField(_("libellé"), max_length=200)
    supplier = models.CharField(_("fournisseur"), max_length=200, blank=True)
    payment_method = models.CharField(_("moyen de paiement"), max_length=15, choices=PaymentMethod.choices,
                                      blank=True)
    commitment_kind = models.CharField(_("type d'engagement"), max_length=10, choices=CommitmentKind.choices,
                                       blank=True)
    income_kind = models.CharField(_("type de recette"), max_length=12, choices=IncomeKind.choices, blank=True)
    commitment = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="settlements", verbose_name=_("engagement soldé"))
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="entries",
                                 verbose_name=_("décision des habitant·es"))
    activity = models.ForeignKey("activities.Activity", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="budget_entries", verbose_name=_("animation liée"))
    project = models.ForeignKey("projects.ResidentProject", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="budget_entries", verbose_name=_("projet d'habitant·es lié"))
    # A grant received cites the funding application that obtained it (granted or partly granted).
    application = models.ForeignKey("funding.Application", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="budget_entries", verbose_name=_("dossier de financement"))
    overspend_reason = models.TextField(_("raison du dépassement"), blank=True)
    corrects = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="correction", verbose_name=_("contre-passation de"))
    # The file is stored and served by core.documents (type read from the content, per-schema folder,
    # download checked by residence and role); an entry only points to it.
    receipt = models.ForeignKey("documents.Document", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="budget_entries", verbose_name=_("justificatif"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.CharField(_("saisie par"), max_length=150, blank=True)
    recorded_at = models.DateTimeField(_("saisie le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("écriture")
        verbose_name_plural = _("écritures")
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["date"], name="budget_entry_date_idx")]
        constraints = [
            # An entry is positive; only a counter-entry (it names what it corrects) is negative.
            models.CheckConstraint(
                condition=Q(corrects__isnull=True, amount__gt=0) | Q(corrects__isnull=False, amount__lt=0),
                name="budget_entry_sign",
                violation_error_message=_("Le montant doit être supérieur à zéro."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in LINE_KINDS], line__isnull=False)
                | (~Q(kind__in=[k.value for k in LINE_KINDS]) & Q(line__isnull=True)),
                name="budget_entry_line_for_spending",
                violation_error_message=_("Engagements, dépenses et remboursements portent sur une ligne."),
            ),
            models.CheckConstraint(
                condition=Q(project__isnull=True) | Q(kind__in=[EntryKind.COMMITMENT.value, EntryKind.EXPENSE.value]),
                name="budget_entry_project_for_spending",
                violation_error_message=_("Seuls un engagement ou une dépense citent un projet d'habitant·es."),
            ),
            models.CheckConstraint(
                condition=Q(application__isnull=True) | Q(kind=EntryKind.INCOME.value, income_kind=IncomeKind.GRANT.value),
                name="budget_entry_application_for_grant",
                violation_error_message=_("Seule une recette « subvention reçue » cite un dossier de financement."),
            ),
            models.CheckConstraint(condition=~Q(label=""), name="budget_entry_label_given",
                                   violation_error_message=_("Indiquez un libellé.")),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.label} {self.amount} €"

    @property
    def is_counter_entry(self) -> bool:
        return self.corrects_id is not None
