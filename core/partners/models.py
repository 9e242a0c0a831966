"""Local partners (associations, city services, social centres…), the partnership's story with each
(status changes, interactions with a next step, network meetings), and their business contacts."""
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.partners.validators import validate_rna, validate_siret


class PartnerKind(models.TextChoices):
    ASSOCIATION = "association", _("association")
    CITY_SERVICE = "city_service", _("service municipal")
    SOCIAL_CENTRE = "social_centre", _("centre social")
    TENANTS_ASSOCIATION = "tenants_association", _("amicale de locataires")
    COMPANY = "company", _("entreprise")
    PUBLIC_BODY = "public_body", _("organisme public")
    SCHOOL = "school", _("établissement scolaire")
    HEALTH_SOCIAL = "health_social", _("service de santé ou social")
    FUNDER = "funder", _("financeur")
    OTHER = "other", _("autre")


class PartnerScope(models.TextChoices):
    RESIDENCE = "residence", _("résidence")
    NEIGHBOURHOOD = "neighbourhood", _("quartier")
    CITY = "city", _("ville")
    DEPARTMENT = "department", _("département")


class AreaOfAction(models.TextChoices):
    DIGITAL = "digital", _("inclusion numérique")
    HEALTH = "health", _("santé et prévention")
    EMPLOYMENT = "employment", _("emploi et formation")
    CULTURE = "culture", _("culture")
    ENVIRONMENT = "environment", _("environnement")
    YOUTH = "youth", _("jeunesse")
    SENIORS = "seniors", _("seniors")
    FOOD = "food", _("alimentation")
    REPAIRS = "repairs", _("bricolage et réparation")
    LANGUAGE = "language", _("langue française")
    SPORT = "sport", _("sport")
    ACCESS_TO_RIGHTS = "access_to_rights", _("accès aux droits")
    PARENTING = "parenting", _("parentalité")
    OTHER = "other", _("autre")


class PartnershipStatus(models.TextChoices):
    IDENTIFIED = "identified", _("identifié")
    CONTACTED = "contacted", _("contacté")
    MET = "met", _("rencontré")
    ACTIVE = "active", _("partenariat actif")
    DORMANT = "dormant", _("en sommeil")


class Partner(models.Model):
    name = models.CharField(_("nom"), max_length=160)
    kind = models.CharField(_("type"), max_length=30, choices=PartnerKind.choices, default=PartnerKind.ASSOCIATION)
    scope = models.CharField(_("échelle d'action"), max_length=20, choices=PartnerScope.choices,
                             default=PartnerScope.CITY)
    areas = ArrayField(models.CharField(max_length=30, choices=AreaOfAction.choices), default=list, blank=True,
                       verbose_name=_("domaines d'action"))
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    postcode = models.CharField(_("code postal"), max_length=10, blank=True)
    city = models.CharField(_("ville"), max_length=120, blank=True)
    website = models.URLField(_("site web"), blank=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, validators=[validate_siret],
                             help_text=_("14 chiffres, sans espace."))
    rna = models.CharField(_("numéro RNA"), max_length=10, blank=True, validators=[validate_rna],
                           help_text=_("Associations : W suivi de 9 chiffres."))
    contact_name = models.CharField(_("personne de contact"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    status = models.CharField(_("statut du partenariat"), max_length=20, choices=PartnershipStatus.choices,
                              default=PartnershipStatus.IDENTIFIED)
    status_changed_on = models.DateField(_("statut depuis le"), default=timezone.localdate)
    is_active = models.BooleanField(_("actif"), default=True)
    runs_workshops = models.BooleanField(
        _("tiers intervenant"), default=False,
        help_text=_("Anime des ateliers dans les espaces de la résidence (prévention des chutes, informatique…)."),
    )
    notes = models.TextField(_("notes"), blank=True)
    documents = models.ManyToManyField("documents.Document", blank=True, related_name="partners",
                                       verbose_name=_("documents"))
    created_at = models.DateTimeField(_("enregistré le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("partenaire")
        verbose_name_plural = _("partenaires")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["siret"], name="partner_siret_idx")]

    def __str__(self):
        return self.name

    @property
    def area_labels(self) -> list[str]:
        return [str(AreaOfAction(a).label) for a in self.areas if a in AreaOfAction.values]


class PartnerContact(models.Model):
    """One business contact of a partner (never a resident)."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts",
                                verbose_name=_("partenaire"))
    name = models.CharField(_("nom"), max_length=120)
    role = models.CharField(_("fonction"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("contact d'un partenaire")
        verbose_name_plural = _("contacts des partenaires")
        ordering = ["partner", "name", "id"]

    def __str__(self):
        return f"{self.name} ({self.role})" if self.role else self.name


class PartnerStatusChange(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="status_changes",
                                verbose_name=_("partenaire"))
    status = models.CharField(_("statut"), max_length=20, choices=PartnershipStatus.choices)
    changed_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.CharField(_("noté par"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("enregistré le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("changement de statut")
        verbose_name_plural = _("changements de statut")
        ordering = ["changed_on", "id"]


class InteractionKind(models.TextChoices):
    MEETING = "meeting", _("rendez-vous")
    CALL = "call", _("appel")
    EMAIL = "email", _("e-mail")
    CO_ORGANISED = "co_organised", _("animation co-organisée")
    WORKSHOP_HOSTED = "workshop_hosted", _("atelier accueilli")
    NETWORK_MEETING = "network_meeting", _("réunion de réseau")


class NetworkMeeting(models.Model):
    """A meeting of the local network: who was invited, who came, minutes, decisions."""

    title = models.CharField(_("intitulé"), max_length=200)
    date = models.DateField(_("date"))
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    invited = models.ManyToManyField(Partner, blank=True, related_name="meetings_invited",
                                     verbose_name=_("partenaires invités"))
    present = models.ManyToManyField(Partner, blank=True, related_name="meetings_attended",
                                     verbose_name=_("partenaires présents"))
    minutes = models.TextField(_("compte rendu"), blank=True)
    decisions = models.TextField(_("décisions"), blank=True)
    created_at = models.DateTimeField(_("enregistré le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("réunion de réseau")
        verbose_name_plural = _("réunions de réseau")
        ordering = ["-date", "-id"]

    def __str__(self):
        return self.title


class Interaction(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="interactions",
                                verbose_name=_("partenaire"))
    kind = models.CharField(_("type d'échange"), max_length=20, choices=InteractionKind.choices,
                            default=InteractionKind.MEETING)
    date = models.DateField(_("date"), default=timezone.localdate)
    note = models.TextField(_("note"), blank=True)
    next_step = models.CharField(_("prochaine étape"), max_length=250, blank=True)
    next_step_due = models.DateField(_("à faire pour le"), null=True, blank=True)
    next_step_done_on = models.DateField(_("fait le"), null=True, blank=True)
    activity = models.ForeignKey("activities.Activity", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="partner_interactions", verbose_name=_("animation"))
    meeting = models.ForeignKey(NetworkMeeting, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="interactions", verbose_name=_("réunion de réseau"))
    recorded_by = models.CharField(_("noté par"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("enregistré le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("échange avec un partenaire")
        verbose_name_plural = _("échanges avec les partenaires")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["date"], name="interaction_date_idx"),
                   models.Index(fields=["next_step_due"], name="interaction_next_due_idx",
                                condition=Q(next_step_done_on__isnull=True) & ~Q(next_step=""))]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_step_due__isnull=True) | ~Q(next_step=""),
                name="interaction_due_needs_next_step",
                violation_error_message=_("Une échéance demande une prochaine étape."),
            ),
            models.CheckConstraint(
                condition=Q(next_step_done_on__isnull=True) | ~Q(next_step=""),
                name="interaction_done_needs_next_step",
                violation_error_message=_("Il n'y a pas de prochaine étape à marquer comme faite."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.partner} ({self.date:%d/%m/%Y})"

    @property
    def next_step_open(self) -> bool:
        return bool(self.next_step) and self.next_step_done_on is None
