"""Drop-in hours (permanences): planned slots, the visits logged there, and follow-ups to close."""
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.people.models import Resident


class Recurrence(models.TextChoices):
    ONCE = "once", _("une seule fois")
    WEEKLY = "weekly", _("chaque semaine")


class DropInSlot(models.Model):
    """A planned drop-in session: one date, or the same hours every week from `first_date` to `last_date`."""

    first_date = models.DateField(_("date (ou première date)"))
    start_time = models.TimeField(_("heure de début"))
    end_time = models.TimeField(_("heure de fin"))
    recurrence = models.CharField(_("répétition"), max_length=8, choices=Recurrence.choices, default=Recurrence.ONCE)
    last_date = models.DateField(
        _("dernière date"), null=True, blank=True,
        help_text=_("Pour une permanence hebdomadaire : dernière semaine. Vide : sans fin prévue."),
    )
    place = models.CharField(_("lieu"), max_length=120, default="Bureau")
    note = models.CharField(_("remarque"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("créneau de permanence")
        verbose_name_plural = _("créneaux de permanence")
        ordering = ["first_date", "start_time", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="dropinslot_ends_after_start",
                violation_error_message=_("La fin doit être postérieure au début."),
            ),
            models.CheckConstraint(
                condition=Q(last_date__isnull=True) | Q(last_date__gte=F("first_date")),
                name="dropinslot_last_date_after_first",
                violation_error_message=_("La dernière date ne peut pas précéder la première."),
            ),
        ]

    def __str__(self):
        return f"{self.first_date:%d/%m/%Y} {self.start_time:%H:%M}–{self.end_time:%H:%M}"


class Topic(models.TextChoices):
    INFORMATION = "information", _("information")
    ADMINISTRATIVE = "administrative", _("aide administrative")
    ACTIVITY_IDEA = "activity_idea", _("idée d'animation")
    COMPLAINT = "complaint", _("réclamation")
    NEED = "need", _("besoin exprimé")
    OTHER = "other", _("autre")


class DropInVisit(models.Model):
    """One person who came to a drop-in session, and why. No resident: an anonymous visit."""

    visited_at = models.DateTimeField(_("venu·e le"), default=timezone.now)
    resident = models.ForeignKey(
        Resident, on_delete=models.SET_NULL, null=True, blank=True, related_name="dropin_visits",
        verbose_name=_("habitant·e"),
    )
    topic = models.CharField(_("motif"), max_length=16, choices=Topic.choices)
    note = models.CharField(_("note"), max_length=280, blank=True)
    created_at = models.DateTimeField(_("noté le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("passage à la permanence")
        verbose_name_plural = _("passages à la permanence")
        ordering = ["-visited_at", "-id"]
        indexes = [
            models.Index(fields=["visited_at"], name="dropinvisit_visited_at_idx"),
            models.Index(fields=["resident", "visited_at"], name="dropinvisit_resident_idx"),
        ]

    def __str__(self):
        return f"{self.get_topic_display()} · {self.visited_at:%d/%m/%Y}"


class FollowUp(models.Model):
    """Something to do after a visit; open until closed with an outcome."""

    visit = models.OneToOneField(DropInVisit, on_delete=models.CASCADE, related_name="follow_up",
                                 verbose_name=_("passage"))
    opened_on = models.DateField(_("ouvert le"))
    closed_on = models.DateField(_("clos le"), null=True, blank=True)
    outcome = models.CharField(_("suite donnée"), max_length=280, blank=True)

    class Meta:
        verbose_name = _("suite à donner")
        verbose_name_plural = _("suites à donner")
        ordering = ["opened_on", "id"]
        indexes = [models.Index(fields=["closed_on"], name="followup_closed_on_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | ~Q(outcome=""), name="followup_closed_has_outcome",
                violation_error_message=_("Notez la suite donnée pour clore."),
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="followup_closed_after_opened",
                violation_error_message=_("La date de clôture ne peut pas précéder l'ouverture."),
            ),
        ]

    @property
    def is_open(self) -> bool:
        return self.closed_on is None
