"""The network of practice (public schema): practice sheets written in a residence and published by
the head office, the resource library, network events and their registrations.

Nothing here points into a residence schema: a sheet carries its own copy of what a reader may
replicate (`skeleton`), and a residence id, never a row of the residence."""
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.activities.models import Audience


class Theme(models.TextChoices):
    SOCIAL_TIES = "social_ties", _("lien social, convivialité")
    INTERGENERATIONAL = "intergenerational", _("intergénérationnel")
    ENVIRONMENT = "environment", _("environnement, jardin")
    DIGITAL = "digital", _("numérique")
    HEALTH = "health", _("santé, bien-être")
    CULTURE = "culture", _("culture, loisirs")
    SKILLS = "skills", _("savoir-faire, entraide")
    CITIZENSHIP = "citizenship", _("participation, pouvoir d'agir")
    OTHER = "other", _("autre")


# One list of audiences: a sheet's audience becomes the activity template's, then the activity's.
SheetAudience = Audience


class CostBand(models.TextChoices):
    FREE = "free", _("sans coût")
    UNDER_500 = "under_500", _("moins de 500 €")
    UP_TO_2000 = "up_to_2000", _("de 500 à 2 000 €")
    OVER_2000 = "over_2000", _("plus de 2 000 €")


class SizeBand(models.TextChoices):
    SMALL = "small", _("moins de 60 logements")
    MEDIUM = "medium", _("de 60 à 150 logements")
    LARGE = "large", _("plus de 150 logements")


def size_band_for(dwellings: int) -> str:
    if dwellings < 60:
        return SizeBand.SMALL
    return SizeBand.MEDIUM if dwellings <= 150 else SizeBand.LARGE


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("brouillon")
    SUBMITTED = "submitted", _("soumise au siège")
    PUBLISHED = "published", _("publiée")


class SourceKind(models.TextChoices):
    PROJECT = "project", _("projet d'habitant·es")
    SERIES = "series", _("série d'animations")


class PracticeSheet(models.Model):
    residence = models.ForeignKey("tenants.Residence", on_delete=models.PROTECT, related_name="practice_sheets",
                                  verbose_name=_("résidence"))
    source_kind = models.CharField(_("écrite à partir de"), max_length=10, choices=SourceKind.choices)
    source_id = models.PositiveIntegerField(_("identifiant de la source dans la résidence"))
    title = models.CharField(_("titre"), max_length=200)
    theme = models.CharField(_("thème"), max_length=20, choices=Theme.choices, default=Theme.SOCIAL_TIES)
    audience = models.CharField(_("public"), max_length=20, choices=SheetAudience.choices, default=SheetAudience.ALL)
    cost_band = models.CharField(_("coût"), max_length=12, choices=CostBand.choices, default=CostBand.FREE)
    size_band = models.CharField(_("taille de la résidence"), max_length=8, choices=SizeBand.choices)
    context = models.TextField(_("contexte"), blank=True)
    objectives = models.TextField(_("objectifs"), blank=True)
    how = models.TextField(_("comment nous avons fait"), blank=True)
    partner_kinds = models.CharField(_("partenaires (par type)"), max_length=300, blank=True,
                                     help_text=_("Par exemple : centre social, service municipal. Pas de nom de personne."))
    budget = models.CharField(_("ordre de grandeur du budget"), max_length=200, blank=True)
    what_worked = models.TextField(_("ce qui a marché"), blank=True)
    pitfalls = models.TextField(_("les pièges à éviter"), blank=True)
    materials = models.TextField(_("matériel"), blank=True)
    # What « Faire pareil chez nous » copies: an activity template and, from a project, its skeleton.
    skeleton = models.JSONField(_("modèle à reproduire"), default=dict, blank=True)
    photo = models.FileField(_("photo"), upload_to="network/photos/", blank=True)
    photo_shows_no_one = models.BooleanField(_("la photo ne montre personne"), default=False)
    status = models.CharField(_("statut"), max_length=10, choices=SheetStatus.choices, default=SheetStatus.DRAFT)
    for_landlords = models.BooleanField(_("publiée aussi pour les équipes des bailleurs"), default=False)
    is_experiment = models.BooleanField(_("expérimentation suivie par le siège"), default=False)
    review_note = models.TextField(_("remarques du siège"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("rédigée par"))
    created_at = models.DateTimeField(_("créée le"), default=timezone.now, editable=False)
    submitted_at = models.DateTimeField(_("soumise le"), null=True, blank=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("fiche pratique")
        verbose_name_plural = _("fiches pratiques")
        ordering = ["-published_at", "-created_at", "-id"]
        indexes = [models.Index(fields=["status", "theme"], name="practice_sheet_status_theme")]
        constraints = [
            models.CheckConstraint(
                condition=Q(photo="") | Q(photo_shows_no_one=True),
                name="practice_sheet_photo_shows_no_one",
                violation_error_message=_("Une photo n'est acceptée que si elle ne montre personne."),
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="practice_sheet_published_dated",
                violation_error_message=_("Une fiche publiée a une date de publication."),
            ),
        ]

    def __str__(self):
        return self.title


class ReuseKind(models.TextChoices):
    ACTIVITY_TEMPLATE = "activity_template", _("modèle d'animation")
    PROJECT = "project", _("projet d'habitant·es")


class SheetReuse(models.Model):
    """« Faire pareil chez nous »: a residence copied a published sheet (the follow-up of experiments)."""

    sheet = models.ForeignKey(PracticeSheet, on_delete=models.PROTECT, related_name="reuses",
                              verbose_name=_("fiche"))
    residence = models.ForeignKey("tenants.Residence", on_delete=models.PROTECT, related_name="practice_reuses",
                                  verbose_name=_("résidence"))
    activity_template_id = models.PositiveIntegerField(_("modèle d'animation créé"), null=True, blank=True)
    project_id = models.PositiveIntegerField(_("projet créé"), null=True, blank=True)
    reused_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("par"))
    reused_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("reprise d'une fiche")
        verbose_name_plural = _("reprises de fiches")
        ordering = ["-reused_at", "-id"]


class Audience(models.Model):
    """Who may see a resource or an event: three flags, shared by both."""

    for_coordinators = models.BooleanField(_("coordinations"), default=True)
    for_landlords = models.BooleanField(_("équipes des bailleurs"), default=False)
    for_partners = models.BooleanField(_("partenaires"), default=False)

    class Meta:
        abstract = True


class ResourceKind(models.TextChoices):
    GUIDE = "guide", _("guide")
    GAME = "game", _("jeu")
    DOCUMENT = "document", _("document")
    TOOL = "tool", _("outil, modèle")


class NetworkResource(Audience):
    title = models.CharField(_("titre"), max_length=200)
    kind = models.CharField(_("type"), max_length=10, choices=ResourceKind.choices, default=ResourceKind.GUIDE)
    description = models.TextField(_("description"), blank=True)
    tags = models.CharField(_("mots-clés"), max_length=300, blank=True,
                            help_text=_("Séparés par des virgules."))
    created_at = models.DateTimeField(_("créée le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("ressource")
        verbose_name_plural = _("ressources")
        ordering = ["title", "id"]

    def __str__(self):
        return self.title

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]


class ResourceVersion(models.Model):
    resource = models.ForeignKey(NetworkResource, on_delete=models.CASCADE, related_name="versions",
                                 verbose_name=_("ressource"))
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("fichier"), upload_to="network/resources/")
    file_type = models.CharField(_("format"), max_length=10)
    original_name = models.CharField(_("nom du fichier"), max_length=200)
    size = models.PositiveIntegerField(_("taille (octets)"))
    note = models.CharField(_("ce qui change"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("déposée par"))
    uploaded_at = models.DateTimeField(_("déposée le"), default=timezone.now)

    class Meta:
        verbose_name = _("version d'une ressource")
        verbose_name_plural = _("versions des ressources")
        ordering = ["resource", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "number"], name="resource_version_unique_number",
                                    violation_error_message=_("Cette version existe déjà.")),
        ]


class EventKind(models.TextChoices):
    WORKSHOP = "workshop", _("atelier thématique")
    SITE_VISIT = "site_visit", _("visite de site")
    EVALUATION = "evaluation", _("cycle d'évaluation")


class NetworkEvent(Audience):
    title = models.CharField(_("intitulé"), max_length=200)
    kind = models.CharField(_("type"), max_length=12, choices=EventKind.choices, default=EventKind.WORKSHOP)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    place = models.CharField(_("lieu"), max_length=300, blank=True)
    video_link = models.URLField(_("lien de visioconférence"), blank=True)
    description = models.TextField(_("description"), blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    materials = models.ManyToManyField(NetworkResource, blank=True, related_name="events",
                                       verbose_name=_("supports (après l'événement)"))
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("événement du réseau")
        verbose_name_plural = _("événements du réseau")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="network_event_ends_after_start",
                                   violation_error_message=_("La fin doit être postérieure au début.")),
            models.CheckConstraint(condition=~Q(place="") | ~Q(video_link=""), name="network_event_place_or_link",
                                   violation_error_message=_("Indiquez un lieu ou un lien de visioconférence.")),
        ]

    def __str__(self):
        return self.title


class ParticipantKind(models.TextChoices):
    COORDINATOR = "coordinator", _("coordination")
    LANDLORD = "landlord", _("équipe d'un bailleur")
    HEAD_OFFICE = "head_office", _("siège")
    PARTNER = "partner", _("partenaire")


class EventRegistration(models.Model):
    """A coordinator or a landlord's staff registers with their account; a partner (no account) by
    name and e-mail, entered by the head office."""

    event = models.ForeignKey(NetworkEvent, on_delete=models.CASCADE, related_name="registrations",
                              verbose_name=_("événement"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="network_registrations", verbose_name=_("compte"))
    kind = models.CharField(_("participant·e"), max_length=12, choices=ParticipantKind.choices)
    name = models.CharField(_("nom"), max_length=150)
    email = models.EmailField(_("e-mail"))
    residence = models.ForeignKey("tenants.Residence", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("résidence"))
    attended = models.BooleanField(_("présent·e"), default=False)
    registered_at = models.DateTimeField(_("inscrit·e le"), default=timezone.now)

    class Meta:
        verbose_name = _("inscription à un événement")
        verbose_name_plural = _("inscriptions aux événements")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "email"], name="network_registration_unique_email",
                                    violation_error_message=_("Cette personne est déjà inscrite.")),
        ]
