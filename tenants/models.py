"""Public schema: landlords, residences (the tenants), domains, accounts."""
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin
from django_tenants.postgresql_backend.base import _check_schema_name

from tenants.managers import UserManager

siren_validator = RegexValidator(r"^\d{9}$", _("Le SIREN comporte exactement 9 chiffres."))
postcode_validator = RegexValidator(r"^\d{5}$", _("Le code postal comporte 5 chiffres."))
slug_validator = RegexValidator(
    r"^[a-z0-9]+(-[a-z0-9]+)*$",
    _("Lettres minuscules sans accent, chiffres et tirets seulement (ex. les-tilleuls) : c'est le sous-domaine."),
)
department_validator = RegexValidator(
    r"^(\d{2}|2A|2B|97\d)$", _("Code de département invalide (ex. 75, 2A, 974).")
)


class Landlord(models.Model):
    name = models.CharField(_("nom"), max_length=200, unique=True)
    short_name = models.CharField(_("nom court"), max_length=40, unique=True)
    siren = models.CharField(_("SIREN"), max_length=9, blank=True, validators=[siren_validator])

    class Meta:
        verbose_name = _("bailleur")
        verbose_name_plural = _("bailleurs")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["siren"],
                condition=~Q(siren=""),
                name="landlord_siren_unique",
                violation_error_message=_("Un bailleur avec ce SIREN existe déjà."),
            ),
        ]

    def __str__(self):
        return self.short_name


class Residence(TenantMixin):
    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        ARCHIVED = "archived", _("archivée")

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant (sous-domaine)"), max_length=50, unique=True, validators=[slug_validator])
    landlord = models.ForeignKey(
        Landlord, on_delete=models.PROTECT, related_name="residences", verbose_name=_("bailleur")
    )
    address = models.CharField(_("adresse"), max_length=255)
    postcode = models.CharField(_("code postal"), max_length=5, validators=[postcode_validator])
    city = models.CharField(_("ville"), max_length=120)
    department = models.CharField(_("département"), max_length=3, validators=[department_validator])
    dwellings = models.PositiveIntegerField(_("nombre de logements"))
    is_priority_neighbourhood = models.BooleanField(_("quartier prioritaire (QPV)"), default=False)
    opened_on = models.DateField(_("date d'ouverture"), null=True, blank=True)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now, editable=False)
    # django-tenants' field, declared again only for its French label.
    schema_name = models.CharField(_("schéma PostgreSQL"), max_length=63, unique=True, db_index=True,
                                   validators=[_check_schema_name])

    # The schema is created by services.residence_create, never as a side effect of save().
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        verbose_name = _("résidence")
        verbose_name_plural = _("résidences")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Domain(DomainMixin):
    # django-tenants' fields, declared again only for their French labels.
    domain = models.CharField(_("nom de domaine"), max_length=253, unique=True, db_index=True)
    tenant = models.ForeignKey(settings.TENANT_MODEL, db_index=True, related_name="domains", on_delete=models.CASCADE,
                               verbose_name=_("résidence"))
    is_primary = models.BooleanField(_("domaine principal"), default=True, db_index=True)

    class Meta:
        verbose_name = _("domaine")
        verbose_name_plural = _("domaines")


class User(AbstractBaseUser, PermissionsMixin):
    class Role(models.TextChoices):
        HEAD_OFFICE = "head_office", _("siège (L'apes)")
        LANDLORD_VIEWER = "landlord_viewer", _("bailleur (lecture)")
        COORDINATOR = "coordinator", _("coordinateur·rice")

    email = models.EmailField(_("adresse e-mail"), unique=True)
    full_name = models.CharField(_("nom complet"), max_length=150)
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    landlord = models.ForeignKey(
        Landlord,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="viewers",
        verbose_name=_("bailleur"),
    )
    residences = models.ManyToManyField(
        Residence,
        through="ResidenceMembership",
        related_name="members",
        blank=True,
        verbose_name=_("résidences"),
    )
    is_active = models.BooleanField(_("actif"), default=True)
    is_staff = models.BooleanField(_("accès à l'administration"), default=False)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name", "role"]

    class Meta:
        verbose_name = _("compte")
        verbose_name_plural = _("comptes")
        constraints = [
            models.CheckConstraint(
                condition=(Q(role="landlord_viewer", landlord__isnull=False) | (~Q(role="landlord_viewer") & Q(landlord__isnull=True))),
                name="user_landlord_only_for_viewers",
                violation_error_message=_("Un compte bailleur est rattaché à un bailleur, et lui seul."),
            ),
        ]

    def __str__(self):
        return self.email

    def has_perm(self, perm, obj=None) -> bool:
        # The head office administers the platform: every admin permission, no per-model grants.
        if self.is_active and self.is_head_office and self.is_staff:
            return True
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label) -> bool:
        if self.is_active and self.is_head_office and self.is_staff:
            return True
        return super().has_module_perms(app_label)

    @property
    def is_head_office(self) -> bool:
        return self.role == self.Role.HEAD_OFFICE

    @property
    def is_landlord_viewer(self) -> bool:
        return self.role == self.Role.LANDLORD_VIEWER

    @property
    def is_coordinator(self) -> bool:
        return self.role == self.Role.COORDINATOR


class ResidenceMembership(models.Model):
    """A coordinator's membership of a residence: what lets them onto its subdomain."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("compte"))
    residence = models.ForeignKey(Residence, on_delete=models.CASCADE, related_name="memberships",
                                  verbose_name=_("résidence"))
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("rattachement à une résidence")
        verbose_name_plural = _("rattachements aux résidences")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "residence"],
                name="membership_unique",
                violation_error_message=_("Ce compte est déjà rattaché à cette résidence."),
            )
        ]


class SchemaScript(models.Model):
    """The SQL that builds a residence schema, recorded once per set of tenant migrations.

    Written by `tenants.schema_script` when Django migrates a new schema, replayed for the next
    residences (docs/performance.md: provisioning). Structure only, never a residence's data.
    """

    fingerprint = models.CharField(_("empreinte des migrations"), max_length=64, unique=True)
    statements = models.JSONField(_("instructions SQL"))
    migrations = models.JSONField(_("migrations appliquées"))
    recorded_from = models.CharField(_("schéma enregistré"), max_length=63)
    created_at = models.DateTimeField(_("enregistré le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("script de création de schéma")
        verbose_name_plural = _("scripts de création de schéma")

    def __str__(self):
        return f"{self.fingerprint[:12]} ({len(self.statements)} instructions)"
