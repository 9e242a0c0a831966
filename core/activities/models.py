"""Activities (animations, ateliers, temps collectifs): series, occurrences, registrations and attendance.

An `Activity` is one occurrence, with a date. A recurring activity is an `ActivitySeries` (the rule)
whose occurrences are generated as ordinary `Activity` rows, so every screen, export and indicator
works on occurrences only.
"""
import secrets

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.partners.models import Partner
from core.people.models import Resident
from core.spaces.models import Space


class ActivityKind(models.TextChoices):
    COLLECTIVE_MOMENT = "collective_moment", _("temps collectif")
    WORKSHOP = "workshop", _("atelier")
    OUTING = "outing", _("sortie")
    FESTIVE_EVENT = "festive_event", _("fête, événement")
    MEETING = "meeting", _("réunion")
    INFORMATION = "information", _("réunion d'information")
    SKILL_SHARING = "skill_sharing", _("échange de savoir-faire")
    PHYSICAL = "physical", _("activité physique")
    OTHER = "other", _("autre")


class Audience(models.TextChoices):
    ALL = "all", _("tout public")
    SENIORS = "seniors", _("seniors")
    CHILDREN = "children", _("enfants")
    FAMILIES = "families", _("familles")
    YOUNG_ADULTS = "young_adults", _("jeunes adultes")
    ADULTS = "adults", _("adultes")


class OrganiserKind(models.TextChoices):
    COORDINATOR = "coordinator", _("la coordination")
    RESIDENT = "resident", _("un·e habitant·e")
    PARTNER = "partner", _("un partenaire (tiers intervenant)")


class ActivityStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("prévue")
    CANCELLED = "cancelled", _("annulée")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("chaque semaine")
    BIWEEKLY = "biweekly", _("toutes les deux semaines")
    MONTHLY = "monthly", _("chaque mois")


def new_check_in_token() -> str:
    return secrets.token_urlsafe(24)


class ActivitySeries(models.Model):
    """The rule of a recurring activity; its occurrences are `Activity` rows."""

    frequency = models.CharField(_("fréquence"), max_length=10, choices=Frequency.choices)
    first_starts_at = models.DateTimeField(_("première séance"))
    until = models.DateField(_("jusqu'au"), null=True, blank=True)
    occurrence_count = models.PositiveSmallIntegerField(_("nombre de séances"), null=True, blank=True)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("série d'animations")
        verbose_name_plural = _("séries d'animations")
        ordering = ["-first_starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(until__isnull=True) & Q(occurrence_count__isnull=False))
                | (Q(until__isnull=False) & Q(occurrence_count__isnull=True)),
                name="series_ends_by_date_or_count",
                violation_error_message=_("Indiquez soit une date de fin, soit un nombre de séances."),
            )
        ]

    def __str__(self):
        return f"{self.get_frequency_display()} ({self.pk})"


class Activity(models.Model):
    title = models.CharField(_("intitulé"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=ActivityKind.choices)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    series = models.ForeignKey(
        ActivitySeries, on_delete=models.CASCADE, null=True, blank=True, related_name="occurrences",
        verbose_name=_("série"),
    )
    space = models.ForeignKey(
        Space, on_delete=models.SET_NULL, null=True, blank=True, related_name="activities",
        verbose_name=_("espace de la résidence"),
    )
    place = models.CharField(
        _("autre lieu"), max_length=120, blank=True, help_text=_("Hors des espaces de la résidence : adresse ou nom du lieu.")
    )
    organiser_kind = models.CharField(
        _("organisée par"), max_length=12, choices=OrganiserKind.choices, default=OrganiserKind.COORDINATOR
    )
    organiser_resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, null=True, blank=True, related_name="organised_activities",
        verbose_name=_("habitant·e organisateur·rice"),
    )
    organiser_partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, null=True, blank=True, related_name="activities",
        verbose_name=_("partenaire intervenant"),
    )
    facilitator = models.CharField(
        _("animé par (précision)"), max_length=120, blank=True,
        help_text=_("Nom de la personne qui anime, si utile."),
    )
    capacity = models.PositiveIntegerField(
        _("nombre de places"), null=True, blank=True, help_text=_("Laisser vide : places illimitées.")
    )
    audience = models.CharField(_("public"), max_length=20, choices=Audience.choices, default=Audience.ALL)
    is_intergenerational = models.BooleanField(_("intergénérationnelle"), default=False)
    proposed_by_residents = models.BooleanField(_("proposée par des habitant·es"), default=False)
    status = models.CharField(_("statut"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.SCHEDULED)
    cancellation_reason = models.CharField(_("motif d'annulation"), max_length=300, blank=True)
    anonymous_children = models.PositiveIntegerField(_("enfants (non inscrits)"), default=0)
    anonymous_neighbours = models.PositiveIntegerField(_("voisin·es du quartier"), default=0)
    anonymous_guests = models.PositiveIntegerField(_("autres personnes, invité·es"), default=0)
    check_in_token = models.CharField(_("jeton de pointage"), max_length=40, unique=True, default=new_check_in_token,
                                      editable=False)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now, editable=False)
    attendees = models.ManyToManyField(
        Resident, through="Attendance", related_name="activities", verbose_name=_("présent·es")
    )

    class Meta:
        verbose_name = _("animation")
        verbose_name_plural = _("animations")
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["starts_at"], name="activity_starts_at_idx"),
            models.Index(fields=["series", "starts_at"], name="activity_series_start_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="activity_ends_after_start",
                violation_error_message=_("La fin doit être postérieure au début."),
            ),
            models.CheckConstraint(
                condition=(Q(space__isnull=False) & Q(place="")) | (Q(space__isnull=True) & ~Q(place="")),
                name="activity_one_place",
                violation_error_message=_("Choisissez un espace de la résidence ou indiquez un autre lieu, pas les deux."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(organiser_kind="coordinator", organiser_resident__isnull=True, organiser_partner__isnull=True)
                    | Q(organiser_kind="resident", organiser_resident__isnull=False, organiser_partner__isnull=True)
                    | Q(organiser_kind="partner", organiser_resident__isnull=True, organiser_partner__isnull=False)
                ),
                name="activity_organiser_matches_kind",
                violation_error_message=_("L'organisateur·rice doit correspondre au type choisi."),
            ),
            models.CheckConstraint(
                condition=Q(status="cancelled") | Q(cancellation_reason=""),
                name="activity_reason_only_when_cancelled",
                violation_error_message=_("Un motif d'annulation n'a de sens que pour une animation annulée."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def place_label(self) -> str:
        return self.space.name if self.space_id else self.place

    @property
    def organiser_label(self) -> str:
        if self.organiser_kind == OrganiserKind.RESIDENT and self.organiser_resident_id:
            name = self.organiser_resident.display_name
        elif self.organiser_kind == OrganiserKind.PARTNER and self.organiser_partner_id:
            name = self.organiser_partner.name
        else:
            name = str(_("la coordination"))
        return f"{name} ({self.facilitator})" if self.facilitator else name

    @property
    def is_cancelled(self) -> bool:
        return self.status == ActivityStatus.CANCELLED

    @property
    def anonymous_total(self) -> int:
        return self.anonymous_children + self.anonymous_neighbours + self.anonymous_guests


class Registration(models.Model):
    """A resident signed up before the activity (capacity applies to these)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="registrations",
                                 verbose_name=_("animation"))
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="registrations",
                                 verbose_name=_("habitant·e"))
    created_at = models.DateTimeField(_("inscrit·e le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "resident"],
                name="registration_unique",
                violation_error_message=_("Cette personne est déjà inscrite."),
            )
        ]


class AttendanceSource(models.TextChoices):
    SCREEN = "screen", _("saisie par la coordination")
    CHECK_IN = "check_in", _("pointage par QR code")


class Attendance(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendances",
                                 verbose_name=_("animation"))
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="attendances",
                                 verbose_name=_("habitant·e"))
    source = models.CharField(_("saisie"), max_length=10, choices=AttendanceSource.choices,
                              default=AttendanceSource.SCREEN)
    created_at = models.DateTimeField(_("noté·e présent·e le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "resident"],
                name="attendance_unique",
                violation_error_message=_("Cette personne est déjà notée présente."),
            )
        ]


class WaitlistEntry(models.Model):
    """A resident waiting for a place at a full session; the first in line takes a place that frees."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="waitlist",
                                 verbose_name=_("animation"))
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="waitlist_entries",
                                 verbose_name=_("habitant·e"))
    created_at = models.DateTimeField(_("en attente depuis"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("place en liste d'attente")
        verbose_name_plural = _("liste d'attente")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "resident"],
                name="waitlist_unique",
                violation_error_message=_("Cette personne est déjà sur la liste d'attente."),
            )
        ]
