"""Landlords' calls for projects (public schema): calls co-funded by landlords, applications by
associations, a selection committee, laureates followed to their results. See docs/landlord-calls.md."""
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MONEY = dict(max_digits=12, decimal_places=2)

org_id_validator = RegexValidator(
    r"^(\d{14}|W\d{9})$",
    _("Indiquez un SIRET (14 chiffres) ou un numéro RNA (W suivi de 9 chiffres)."),
)


class PrivateCallStorage(FileSystemStorage):
    """MEDIA_ROOT/landlord_calls/: never served by URL, only through the download view that checks
    the applicant's link, the landlord's scope or the head office."""

    @property
    def base_location(self):
        import os

        return os.path.join(settings.MEDIA_ROOT, "landlord_calls")

    @property
    def location(self):
        import os

        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


_STORAGE = PrivateCallStorage()


def call_storage():
    return _STORAGE


def attachment_path(instance, filename: str) -> str:
    now = timezone.localtime()
    return f"{now:%Y}/{now:%m}/{uuid.uuid4().hex}{instance.extension}"


class Call(models.Model):
    title = models.CharField(_("titre"), max_length=200)
    themes = models.CharField(_("thèmes"), max_length=300, blank=True)
    description = models.TextField(_("présentation"), blank=True)
    eligibility = models.TextField(_("critères d'éligibilité"), blank=True)
    envelope = models.DecimalField(_("enveloppe (€)"), **MONEY)
    opens_on = models.DateField(_("ouverture"))
    deadline = models.DateTimeField(_("date limite de dépôt"))
    hearings_on = models.DateField(_("auditions"), null=True, blank=True)
    committee_on = models.DateField(_("comité de sélection"), null=True, blank=True)
    landlords = models.ManyToManyField("tenants.Landlord", through="CallFunder", related_name="landlord_calls",
                                       verbose_name=_("bailleurs financeurs"))
    residences = models.ManyToManyField("tenants.Residence", blank=True, related_name="landlord_calls",
                                        verbose_name=_("résidences concernées"))
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("appel à projets bailleurs")
        verbose_name_plural = _("appels à projets bailleurs")
        ordering = ["-deadline", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(envelope__gte=0), name="landlord_call_envelope_not_negative",
                                   violation_error_message=_("L'enveloppe ne peut pas être négative.")),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        now = timezone.now()
        return self.opens_on <= timezone.localdate() and now <= self.deadline


class CallFunder(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="funders")
    landlord = models.ForeignKey("tenants.Landlord", on_delete=models.PROTECT, related_name="call_shares",
                                 verbose_name=_("bailleur"))
    share = models.DecimalField(_("part du cofinancement (%)"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("bailleur financeur")
        ordering = ["-share", "landlord__short_name"]
        constraints = [
            models.UniqueConstraint(fields=["call", "landlord"], name="landlord_call_funder_unique",
                                    violation_error_message=_("Ce bailleur finance déjà cet appel.")),
            models.CheckConstraint(condition=Q(share__gt=0, share__lte=100), name="landlord_call_share_range",
                                   violation_error_message=_("La part est comprise entre 0 et 100 %.")),
        ]


class Criterion(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    label = models.CharField(_("critère"), max_length=120)
    weight = models.PositiveSmallIntegerField(_("pondération"), validators=[MinValueValidator(1)])
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("critère de notation")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "label"], name="landlord_call_criterion_unique",
                                    violation_error_message=_("Ce critère existe déjà dans la grille.")),
            models.CheckConstraint(condition=Q(weight__gte=1), name="landlord_call_criterion_weight_positive",
                                   violation_error_message=_("La pondération est au moins 1.")),
        ]

    def __str__(self):
        return self.label


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("brouillon")
    SUBMITTED = "submitted", _("déposé")
    ELIGIBLE = "eligible", _("éligible")
    INELIGIBLE = "ineligible", _("non éligible")
    LAUREATE = "laureate", _("lauréat")
    REFUSED = "refused", _("refusé")
    ADJOURNED = "adjourned", _("ajourné")


class Application(models.Model):
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    status = models.CharField(_("statut"), max_length=12, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.DRAFT)
    org_name = models.CharField(_("association"), max_length=200)
    org_id = models.CharField(_("SIRET ou RNA"), max_length=14, blank=True, validators=[org_id_validator])
    org_address = models.CharField(_("adresse de l'association"), max_length=255, blank=True)
    contact_name = models.CharField(_("contact"), max_length=150, blank=True)
    contact_email = models.EmailField(_("e-mail du contact"))
    contact_phone = models.CharField(_("téléphone du contact"), max_length=30, blank=True)
    title = models.CharField(_("titre du projet"), max_length=200, blank=True)
    summary = models.TextField(_("résumé"), blank=True)
    duration_months = models.PositiveSmallIntegerField(_("durée (mois)"), null=True, blank=True,
                                                       validators=[MinValueValidator(1), MaxValueValidator(60)])
    partners = models.TextField(_("partenaires"), blank=True)
    residences = models.ManyToManyField("tenants.Residence", blank=True, related_name="landlord_call_applications",
                                        verbose_name=_("résidences concernées"))
    submitted_at = models.DateTimeField(_("déposé le"), null=True, blank=True)
    eligibility_note = models.TextField(_("avis d'éligibilité"), blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("candidature")
        verbose_name_plural = _("candidatures")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft", submitted_at__isnull=True) | (~Q(status="draft") & Q(submitted_at__isnull=False)),
                name="landlord_call_application_submitted_at",
                violation_error_message=_("Un dossier déposé a une date de dépôt, un brouillon n'en a pas."),
            ),
        ]

    def __str__(self):
        return self.title or self.org_name

    @property
    def is_draft(self) -> bool:
        return self.status == ApplicationStatus.DRAFT


class AccessLink(models.Model):
    """An applicant's magic link: only the token's hash is stored; it expires."""

    class Purpose(models.TextChoices):
        APPLY = "apply", _("candidature")
        REPORT = "report", _("compte rendu de résultats")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="links")
    purpose = models.CharField(max_length=10, choices=Purpose.choices, default=Purpose.APPLY)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("lien d'accès candidat")


class BudgetLine(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="budget_lines")
    label = models.CharField(_("poste"), max_length=200)
    amount = models.DecimalField(_("montant (€)"), **MONEY)
    funder = models.CharField(_("financeur (cofinancement)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("ligne de budget")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="landlord_call_budget_line_positive",
                                   violation_error_message=_("Le montant doit être positif.")),
        ]


class Target(models.Model):
    class Per(models.TextChoices):
        YEAR = "year", _("par an")
        TOTAL = "total", _("au total")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField(_("indicateur"), max_length=200)
    value = models.DecimalField(_("valeur visée"), max_digits=10, decimal_places=2)
    unit = models.CharField(_("unité"), max_length=60)
    per = models.CharField(_("période"), max_length=5, choices=Per.choices, default=Per.TOTAL)

    class Meta:
        verbose_name = _("objectif")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gt=0), name="landlord_call_target_positive",
                                   violation_error_message=_("La valeur visée doit être positive.")),
        ]

    def __str__(self):
        return f"{self.value:g} {self.unit} {self.get_per_display()}"


class CommitteeMember(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="call_seats",
                             verbose_name=_("membre"))

    class Meta:
        verbose_name = _("membre du comité")
        constraints = [
            models.UniqueConstraint(fields=["call", "user"], name="landlord_call_member_unique",
                                    violation_error_message=_("Cette personne siège déjà à ce comité.")),
        ]

    def __str__(self):
        return self.user.full_name


class Conflict(models.Model):
    member = models.ForeignKey(CommitteeMember, on_delete=models.CASCADE, related_name="conflicts")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="conflicts")
    reason = models.CharField(_("motif"), max_length=255, blank=True)
    declared_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("conflit d'intérêts")
        constraints = [
            models.UniqueConstraint(fields=["member", "application"], name="landlord_call_conflict_unique",
                                    violation_error_message=_("Ce conflit d'intérêts est déjà déclaré.")),
        ]


class Score(models.Model):
    member = models.ForeignKey(CommitteeMember, on_delete=models.CASCADE, related_name="scores")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(_("note (0 à 5)"), validators=[MaxValueValidator(5)])
    scored_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("note")
        constraints = [
            models.UniqueConstraint(fields=["member", "application", "criterion"], name="landlord_call_score_unique",
                                    violation_error_message=_("Ce membre a déjà noté ce critère.")),
            models.CheckConstraint(condition=Q(value__lte=5), name="landlord_call_score_range",
                                   violation_error_message=_("La note va de 0 à 5.")),
        ]


class Meeting(models.Model):
    call = models.OneToOneField(Call, on_delete=models.CASCADE, related_name="meeting")
    held_on = models.DateField(_("date du comité"))
    present = models.ManyToManyField(CommitteeMember, blank=True, related_name="meetings_attended",
                                     verbose_name=_("présents"))
    hearings = models.TextField(_("auditions"), blank=True)
    notes = models.TextField(_("relevé des échanges"), blank=True)

    class Meta:
        verbose_name = _("comité de sélection")


class Decision(models.Model):
    class Outcome(models.TextChoices):
        LAUREATE = "laureate", _("lauréat")
        REFUSED = "refused", _("refusé")
        ADJOURNED = "adjourned", _("ajourné")

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(_("décision"), max_length=10, choices=Outcome.choices)
    amount = models.DecimalField(_("montant attribué (€)"), null=True, blank=True, **MONEY)
    reason = models.TextField(_("motivation"), blank=True)
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("décision")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="laureate", amount__gt=0) | (~Q(outcome="laureate") & Q(amount__isnull=True)),
                name="landlord_call_decision_amount",
                violation_error_message=_("Un lauréat reçoit un montant positif ; un refus ou un ajournement, aucun."),
            ),
        ]


class Agreement(models.Model):
    """The laureate's agreement: amount, instalments tied to milestones."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="agreement")
    amount = models.DecimalField(_("montant de la convention (€)"), **MONEY)
    signed_on = models.DateField(_("signée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("lauréat (convention)")
        verbose_name_plural = _("lauréats (conventions)")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="landlord_call_agreement_positive",
                                   violation_error_message=_("Le montant doit être positif.")),
        ]


class Instalment(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="instalments")
    milestone = models.CharField(_("jalon"), max_length=200)
    due_on = models.DateField(_("échéance"))
    amount = models.DecimalField(_("montant (€)"), **MONEY)

    class Meta:
        verbose_name = _("versement prévu")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="landlord_call_instalment_positive",
                                   violation_error_message=_("Le montant doit être positif.")),
        ]


class Payment(models.Model):
    instalment = models.ForeignKey(Instalment, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField(_("payé le"))
    amount = models.DecimalField(_("montant payé (€)"), **MONEY)

    class Meta:
        verbose_name = _("paiement")
        ordering = ["paid_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="landlord_call_payment_positive",
                                   violation_error_message=_("Le montant doit être positif.")),
        ]


class ResultReport(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="reports")
    year = models.PositiveSmallIntegerField(_("année du projet"), validators=[MinValueValidator(1)])
    narrative = models.TextField(_("récit"))
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("compte rendu de résultats")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "year"], name="landlord_call_report_unique",
                                    violation_error_message=_("Le compte rendu de cette année est déjà déposé.")),
        ]


class ResultValue(models.Model):
    report = models.ForeignKey(ResultReport, on_delete=models.CASCADE, related_name="values")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="results")
    actual = models.DecimalField(_("valeur atteinte"), max_digits=10, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "target"], name="landlord_call_result_unique"),
            models.CheckConstraint(condition=Q(actual__gte=0), name="landlord_call_result_not_negative",
                                   violation_error_message=_("La valeur atteinte ne peut pas être négative.")),
        ]


class Attachment(models.Model):
    class Kind(models.TextChoices):
        STATUTES = "statutes", _("statuts")
        BUDGET = "budget", _("budget")
        REFERENCES = "references", _("références")
        REPORT = "report", _("pièce du compte rendu")
        OTHER = "other", _("autre")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    report = models.ForeignKey(ResultReport, on_delete=models.CASCADE, null=True, blank=True,
                               related_name="attachments")
    kind = models.CharField(_("type de pièce"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField(_("fichier"), storage=call_storage, upload_to=attachment_path, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    extension = models.CharField(max_length=10)
    size = models.PositiveBigIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("pièce jointe")
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="landlord_call_attachment_not_empty",
                                   violation_error_message=_("Le fichier est vide.")),
        ]
