"""Spaces of the residence (common room, garden, office, coworking desks), their opening hours,
bookings and the coworking desk sign-in log."""
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeBoundary, RangeOperators
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Func, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


# The one rule "a space holds one thing at a time", across bookings and activity sessions.
OCCUPANCY_CONSTRAINT = "space_occupancy_no_overlap"


class SpaceKind(models.TextChoices):
    COMMON_ROOM = "common_room", _("salle commune")
    GARDEN = "garden", _("jardin")
    OFFICE = "office", _("bureau")
    COWORKING_DESK = "coworking_desk", _("poste de coworking")
    OTHER = "other", _("autre")


class OutsideHoursPolicy(models.TextChoices):
    REFUSE = "refuse", _("refuser")
    WARN = "warn", _("avertir (la coordination peut confirmer)")


class Space(models.Model):
    name = models.CharField(_("nom"), max_length=120)
    kind = models.CharField(_("type"), max_length=20, choices=SpaceKind.choices, default=SpaceKind.COMMON_ROOM)
    capacity = models.PositiveIntegerField(_("capacité (personnes)"))
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("en service"), default=True)
    outside_hours = models.CharField(
        _("en dehors des horaires d'ouverture"), max_length=10, choices=OutsideHoursPolicy.choices,
        default=OutsideHoursPolicy.REFUSE,
        help_text=_("Une réservation ou une animation hors des horaires : refusée, ou acceptée après confirmation."),
    )

    class Meta:
        verbose_name = _("espace")
        verbose_name_plural = _("espaces")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("lundi")
    TUESDAY = 1, _("mardi")
    WEDNESDAY = 2, _("mercredi")
    THURSDAY = 3, _("jeudi")
    FRIDAY = 4, _("vendredi")
    SATURDAY = 5, _("samedi")
    SUNDAY = 6, _("dimanche")


class OpeningHours(models.Model):
    """One opening range of a space on a weekday; a day may have several (morning, afternoon)."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="opening_hours",
                              verbose_name=_("espace"))
    weekday = models.PositiveSmallIntegerField(_("jour"), choices=Weekday.choices)
    opens_at = models.TimeField(_("ouverture"))
    closes_at = models.TimeField(_("fermeture"))

    class Meta:
        verbose_name = _("horaire d'ouverture")
        verbose_name_plural = _("horaires d'ouverture")
        ordering = ["space", "weekday", "opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="opening_hours_close_after_open",
                violation_error_message=_("L'heure de fermeture doit être postérieure à l'heure d'ouverture."),
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"


class TsTzRange(Func):
    """PostgreSQL tstzrange(start, end, '[)'): the half-open interval a booking occupies."""

    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


class BookerKind(models.TextChoices):
    COORDINATOR = "coordinator", _("coordination (animation)")
    PARTNER = "partner", _("partenaire (tiers intervenant)")
    RESIDENT = "resident", _("habitant·e")


class WorkshopTheme(models.TextChoices):
    FALL_PREVENTION = "fall_prevention", _("prévention des chutes")
    COMPUTER_CLASS = "computer_class", _("atelier informatique")
    HOMEWORK_HELP = "homework_help", _("aide aux devoirs")
    OTHER = "other", _("autre atelier")


class BookingStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmée")
    CANCELLED = "cancelled", _("annulée")


class Booking(models.Model):
    space = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("espace"))
    title = models.CharField(_("intitulé"), max_length=200)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    party_size = models.PositiveIntegerField(_("nombre de personnes"), default=1,
                                             validators=[MinValueValidator(1)])
    booker_kind = models.CharField(_("réservé pour"), max_length=20, choices=BookerKind.choices,
                                   default=BookerKind.COORDINATOR)
    activity = models.ForeignKey("activities.Activity", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="bookings", verbose_name=_("animation"))
    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="bookings", verbose_name=_("partenaire"))
    workshop_theme = models.CharField(_("atelier"), max_length=20, choices=WorkshopTheme.choices, blank=True)
    # Erasing a resident keeps the room's history: the booking stays, anonymous.
    resident = models.ForeignKey("people.Resident", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="bookings", verbose_name=_("habitant·e"))
    note = models.TextField(_("note"), blank=True)
    booked_by = models.CharField(_("enregistrée par"), max_length=150, blank=True)
    status = models.CharField(_("statut"), max_length=10, choices=BookingStatus.choices,
                              default=BookingStatus.CONFIRMED)
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    cancelled_by = models.CharField(_("annulée par"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("réservation")
        verbose_name_plural = _("réservations")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["starts_at"], name="booking_starts_at_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="booking_ends_after_start",
                violation_error_message=_("La fin doit être postérieure au début."),
            ),
            models.CheckConstraint(
                condition=~Q(booker_kind="partner") | Q(partner__isnull=False),
                name="booking_partner_named",
                violation_error_message=_("Une réservation pour un partenaire doit nommer ce partenaire."),
            ),
            # Two live bookings of one space never overlap: `SpaceOccupancy`'s exclusion constraint, the
            # one rule for bookings and sessions alike (a confirmed booking has its occupancy row).
        ]

    def __str__(self):
        return self.title

    @property
    def is_cancelled(self) -> bool:
        return self.status == BookingStatus.CANCELLED

    @property
    def booker_label(self) -> str:
        if self.booker_kind == BookerKind.PARTNER and self.partner_id:
            return str(self.partner)
        if self.booker_kind == BookerKind.RESIDENT:
            return self.resident.display_name if self.resident_id else str(_("habitant·e (effacé·e)"))
        return str(_("coordination"))

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600


class DeskSignIn(models.Model):
    """One stay at a coworking desk: who (a resident or a visitor's name), arrival and departure."""

    desk = models.ForeignKey(Space, on_delete=models.PROTECT, related_name="sign_ins", verbose_name=_("poste"),
                             limit_choices_to={"kind": SpaceKind.COWORKING_DESK})
    resident = models.ForeignKey("people.Resident", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="desk_sign_ins", verbose_name=_("habitant·e"))
    visitor_name = models.CharField(_("nom du visiteur ou de la visiteuse"), max_length=120, blank=True)
    arrived_at = models.DateTimeField(_("arrivée"), default=timezone.now)
    left_at = models.DateTimeField(_("départ"), null=True, blank=True)

    class Meta:
        verbose_name = _("passage au coworking")
        verbose_name_plural = _("passages au coworking")
        ordering = ["-arrived_at", "-id"]
        indexes = [models.Index(fields=["arrived_at"], name="desk_sign_in_arrived_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_at__isnull=True) | Q(left_at__gt=F("arrived_at")),
                name="desk_sign_in_leaves_after_arrival",
                violation_error_message=_("Le départ doit être postérieur à l'arrivée."),
            ),
        ]

    def __str__(self):
        return f"{self.person_name} — {self.desk}"

    @property
    def person_name(self) -> str:
        if self.resident_id:
            return self.resident.display_name
        return self.visitor_name or str(_("(personne effacée)"))


class SpaceOccupancy(models.Model):
    """What occupies a space and when: one row per confirmed booking and per scheduled activity session
    held in a space. Rows are written by database triggers on both tables (migration 0003), never by
    Python, so the exclusion constraint below is the one occupancy rule whatever writes a booking or a
    session (service, import, admin, a bulk update)."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="occupancies", verbose_name=_("espace"))
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="occupancy", verbose_name=_("réservation"))
    activity = models.OneToOneField("activities.Activity", on_delete=models.CASCADE, null=True, blank=True,
                                    related_name="occupancy", verbose_name=_("animation"))

    class Meta:
        verbose_name = _("occupation d'un espace")
        verbose_name_plural = _("occupations des espaces")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(booking__isnull=False) & Q(activity__isnull=True))
                | (Q(booking__isnull=True) & Q(activity__isnull=False)),
                name="occupancy_booking_or_activity",
                violation_error_message=_("Une occupation vient d'une réservation ou d'une animation."),
            ),
            ExclusionConstraint(
                name=OCCUPANCY_CONSTRAINT,
                expressions=[
                    ("space", RangeOperators.EQUAL),
                    (TsTzRange("starts_at", "ends_at", RangeBoundary()), RangeOperators.OVERLAPS),
                ],
                violation_error_message=_("Cet espace est déjà occupé sur ce créneau."),
            ),
        ]

    def __str__(self):
        return f"{self.space} {self.starts_at:%Y-%m-%d %H:%M}"
