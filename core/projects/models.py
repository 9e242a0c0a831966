"""Residents' projects (projets d'habitants): who carries them, the need, stages with dates, tasks,
targets with actuals, the checklist that makes them last, and the review. Their funding plan lives
in core.funding (it points to applications)."""
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProjectKind(models.TextChoices):
    ASSOCIATION = "association", _("création d'une association")
    EVENT = "event", _("événement")
    COLLECTIVE_ACTION = "collective_action", _("action collective")
    PERSONAL = "personal", _("projet personnel")


class ProjectStage(models.TextChoices):
    IDEA = "idea", _("idée")
    DESIGN = "design", _("conception")
    FUNDING = "funding", _("recherche de financement")
    RUNNING = "running", _("en cours")
    REVIEW = "review", _("bilan")
    DONE = "done", _("terminé")
    DROPPED = "dropped", _("abandonné")


STAGE_ORDER = [s.value for s in ProjectStage]


class ChecklistStep(models.TextChoices):
    """What makes a project last, in the order residents usually meet it."""

    STATUTES = "statutes", _("statuts déposés")
    BANK_ACCOUNT = "bank_account", _("compte bancaire ouvert")
    INSURANCE = "insurance", _("assurance souscrite")
    LANDLORD_AGREEMENT = "landlord_agreement", _("convention avec le bailleur")


class ResidentProject(models.Model):
    title = models.CharField(_("intitulé"), max_length=200)
    need = models.TextField(_("besoin auquel il répond"), blank=True)
    kind = models.CharField(_("nature"), max_length=20, choices=ProjectKind.choices,
                            default=ProjectKind.COLLECTIVE_ACTION)
    stage = models.CharField(_("étape"), max_length=10, choices=ProjectStage.choices, default=ProjectStage.IDEA)
    stage_changed_on = models.DateField(_("étape depuis le"), default=timezone.localdate)
    carrier_group = models.CharField(_("collectif d'habitant·es porteur"), max_length=200, blank=True)
    carrier_partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="carried_projects", verbose_name=_("association porteuse"))
    partners = models.ManyToManyField("partners.Partner", blank=True, related_name="projects",
                                      verbose_name=_("partenaires impliqués"))
    activities = models.ManyToManyField("activities.Activity", blank=True, related_name="resident_projects",
                                        verbose_name=_("animations liées"))
    documents = models.ManyToManyField("documents.Document", blank=True, related_name="projects",
                                       verbose_name=_("documents"))
    review_worked = models.TextField(_("bilan : ce qui a marché"), blank=True)
    review_pass_on = models.TextField(_("bilan : ce qu'il faut transmettre"), blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("projet d'habitants")
        verbose_name_plural = _("projets d'habitants")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title

    @property
    def carrier_label(self) -> str:
        """Who carries it, as lists show it (residents by their display name, prefetched `carriers`)."""
        names = [c.resident.display_name for c in self.carriers.all()]
        if self.carrier_group:
            names.append(self.carrier_group)
        if self.carrier_partner_id:
            names.append(self.carrier_partner.name)
        return ", ".join(names)


class ProjectCarrier(models.Model):
    """A resident carrying the project (a reverse link of the resident: in subject access)."""

    project = models.ForeignKey(ResidentProject, on_delete=models.CASCADE, related_name="carriers",
                                verbose_name=_("projet"))
    resident = models.ForeignKey("people.Resident", on_delete=models.CASCADE, related_name="carried_projects",
                                 verbose_name=_("habitant·e"))

    class Meta:
        verbose_name = _("porteur·se de projet")
        verbose_name_plural = _("porteur·ses de projets")
        constraints = [models.UniqueConstraint(fields=["project", "resident"], name="project_carrier_once",
                                               violation_error_message=_("Cette personne porte déjà ce projet."))]

    def __str__(self):
        return str(self.project)


class ProjectStageChange(models.Model):
    project = models.ForeignKey(ResidentProject, on_delete=models.CASCADE, related_name="stage_changes",
                                verbose_name=_("projet"))
    stage = models.CharField(_("étape"), max_length=10, choices=ProjectStage.choices)
    changed_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.CharField(_("noté par"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("changement d'étape")
        verbose_name_plural = _("changements d'étape")
        ordering = ["changed_on", "id"]


class ProjectTask(models.Model):
    project = models.ForeignKey(ResidentProject, on_delete=models.CASCADE, related_name="tasks",
                                verbose_name=_("projet"))
    title = models.CharField(_("tâche"), max_length=200)
    owner = models.CharField(_("qui s'en charge"), max_length=150, blank=True)
    due_on = models.DateField(_("pour le"), null=True, blank=True)
    done_on = models.DateField(_("faite le"), null=True, blank=True)

    class Meta:
        verbose_name = _("tâche")
        verbose_name_plural = _("tâches")
        ordering = [F("done_on").asc(nulls_first=True), F("due_on").asc(nulls_last=True), "id"]


class ProjectTarget(models.Model):
    """« 8 habitant·es formé·es »: a target and what was reached."""

    project = models.ForeignKey(ResidentProject, on_delete=models.CASCADE, related_name="targets",
                                verbose_name=_("projet"))
    label = models.CharField(_("objectif"), max_length=200, help_text=_("Par exemple : habitant·es formé·es."))
    target = models.PositiveIntegerField(_("valeur visée"))
    actual = models.PositiveIntegerField(_("valeur atteinte"), null=True, blank=True)

    class Meta:
        verbose_name = _("objectif chiffré")
        verbose_name_plural = _("objectifs chiffrés")
        ordering = ["project", "id"]
        constraints = [models.CheckConstraint(condition=Q(target__gt=0), name="project_target_positive",
                                              violation_error_message=_("La valeur visée doit être au moins 1."))]

    def __str__(self):
        return f"{self.target} {self.label}"

    @property
    def is_met(self) -> bool:
        return self.actual is not None and self.actual >= self.target


class ProjectChecklistItem(models.Model):
    project = models.ForeignKey(ResidentProject, on_delete=models.CASCADE, related_name="checklist",
                                verbose_name=_("projet"))
    step = models.CharField(_("étape"), max_length=30, choices=ChecklistStep.choices)
    done_on = models.DateField(_("fait le"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("étape de pérennisation")
        verbose_name_plural = _("étapes de pérennisation")
        constraints = [models.UniqueConstraint(fields=["project", "step"], name="project_checklist_step_once")]
