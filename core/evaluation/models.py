"""Outcome evaluation of the residence: the social-ties questionnaire and the yearly narrative.

The questionnaire is short and fixed (five questions, fixed answer scales), so answers are
plain columns: aggregates are SQL, and a wave's results compare with the previous wave's.
The questions follow public surveys of relational isolation (Fondation de France
« Solitudes », CRÉDOC « Conditions de vie »): see docs/reports-and-evaluation.md.
"""
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.people.models import Resident


class ContactFrequency(models.IntegerChoices):
    NEVER = 0, _("jamais")
    RARELY = 1, _("quelques fois par an")
    MONTHLY = 2, _("une ou plusieurs fois par mois")
    WEEKLY = 3, _("une ou plusieurs fois par semaine")
    DAILY = 4, _("tous les jours ou presque")


class LonelinessFrequency(models.IntegerChoices):
    NEVER = 0, _("jamais")
    RARELY = 1, _("rarement")
    SOMETIMES = 2, _("parfois")
    OFTEN = 3, _("souvent")
    ALWAYS = 4, _("tout le temps")


class Support(models.IntegerChoices):
    NOBODY = 0, _("non, personne")
    ONE = 1, _("oui, une personne")
    SEVERAL = 2, _("oui, plusieurs personnes")


class Participation(models.IntegerChoices):
    NEVER = 0, _("jamais")
    RARELY = 1, _("rarement")
    SOMETIMES = 2, _("de temps en temps")
    REGULARLY = 3, _("régulièrement")


class Agreement(models.IntegerChoices):
    NOT_AT_ALL = 0, _("pas du tout")
    RATHER_NOT = 1, _("plutôt pas")
    RATHER = 2, _("plutôt")
    COMPLETELY = 3, _("tout à fait")


# Question code → (field, French wording, scale). The order is the form's order.
QUESTIONS = [
    ("neighbour_contacts", _("À quelle fréquence échangez-vous avec des voisin·es (discussion, service rendu…) ?"),
     ContactFrequency),
    ("loneliness", _("Vous arrive-t-il de vous sentir seul·e ?"), LonelinessFrequency),
    ("someone_to_count_on", _("Avez-vous quelqu'un sur qui compter en cas de besoin ?"), Support),
    ("collective_participation",
     _("Participez-vous à la vie collective (animations, comité de résidents, associations) ?"), Participation),
    ("feels_at_home", _("Vous sentez-vous chez vous dans la résidence ?"), Agreement),
]


class SurveyWave(models.Model):
    """One passage of the questionnaire (every six months), e.g. « Printemps 2026 »."""

    label = models.CharField(_("intitulé"), max_length=80, unique=True, error_messages={
        "unique": _("Une vague porte déjà cet intitulé."),
    })
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))
    created_at = models.DateTimeField(_("créée le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("vague de questionnaire")
        verbose_name_plural = _("vagues de questionnaire")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="survey_wave_ends_after_start",
                violation_error_message=_("La fin de la vague doit être postérieure ou égale à son début."),
            )
        ]

    def __str__(self):
        return self.label


class SurveyResponse(models.Model):
    """One person's answers to one wave; the person is known (a resident) or anonymous."""

    wave = models.ForeignKey(SurveyWave, on_delete=models.PROTECT, related_name="responses",
                             verbose_name=_("vague"))
    resident = models.ForeignKey(Resident, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="survey_responses", verbose_name=_("habitant·e"),
                                 help_text=_("Laisser vide pour une réponse anonyme."))
    answered_on = models.DateField(_("date de réponse"))
    neighbour_contacts = models.PositiveSmallIntegerField(_("échanges avec les voisin·es"),
                                                          choices=ContactFrequency.choices)
    loneliness = models.PositiveSmallIntegerField(_("sentiment de solitude"), choices=LonelinessFrequency.choices)
    someone_to_count_on = models.PositiveSmallIntegerField(_("quelqu'un sur qui compter"), choices=Support.choices)
    collective_participation = models.PositiveSmallIntegerField(_("participation à la vie collective"),
                                                                choices=Participation.choices)
    feels_at_home = models.PositiveSmallIntegerField(_("se sent chez soi"), choices=Agreement.choices)
    ties_score = models.DecimalField(_("score de liens sociaux"), max_digits=4, decimal_places=1, editable=False,
                                     help_text=_("De 0 (isolement) à 10 (liens forts)."))
    created_at = models.DateTimeField(_("saisie le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("réponse au questionnaire")
        verbose_name_plural = _("réponses au questionnaire")
        ordering = ["-answered_on", "-id"]
        indexes = [models.Index(fields=["answered_on"], name="survey_response_answered_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["wave", "resident"], condition=Q(resident__isnull=False),
                name="survey_response_once_per_wave",
                violation_error_message=_("Cette personne a déjà répondu à cette vague."),
            )
        ]

    def __str__(self):
        return f"{self.wave} · {self.answered_on}"

    @property
    def often_lonely(self) -> bool:
        return self.loneliness >= LonelinessFrequency.OFTEN


class NarrativeKind(models.TextChoices):
    HIGHLIGHTS = "highlights", _("Faits marquants")
    DIFFICULTIES = "difficulties", _("Difficultés rencontrées")
    OUTLOOK = "outlook", _("Perspectives")
    FREE = "free", _("Section libre")


class NarrativeSection(models.Model):
    """A piece of the yearly activity report written by the coordinator."""

    year = models.PositiveSmallIntegerField(_("année"))
    kind = models.CharField(_("rubrique"), max_length=20, choices=NarrativeKind.choices)
    title = models.CharField(_("titre"), max_length=120, blank=True,
                             help_text=_("Obligatoire pour une section libre."))
    body = models.TextField(_("texte"))
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    updated_at = models.DateTimeField(_("modifiée le"), default=timezone.now)

    class Meta:
        verbose_name = _("section rédigée")
        verbose_name_plural = _("sections rédigées")
        ordering = ["year", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "kind"], condition=~Q(kind="free"), name="narrative_one_per_kind_and_year",
                violation_error_message=_("Cette rubrique existe déjà pour cette année : modifiez-la."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="free") | ~Q(title=""), name="narrative_free_section_has_title",
                violation_error_message=_("Une section libre a besoin d'un titre."),
            ),
        ]

    def __str__(self):
        return self.heading

    @property
    def heading(self) -> str:
        return self.title if self.kind == NarrativeKind.FREE else str(self.get_kind_display())
