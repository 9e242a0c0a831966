"""Residents, kept minimal: only what the work needs, with consent."""
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AgeBand(models.TextChoices):
    CHILD = "0-17", _("moins de 18 ans")
    YOUNG_ADULT = "18-25", _("18-25 ans")
    ADULT = "26-59", _("26-59 ans")
    SENIOR = "60-74", _("60-74 ans")
    ELDER = "75+", _("75 ans et plus")


class ContactChannel(models.TextChoices):
    SMS = "sms", _("SMS")
    PHONE = "phone", _("téléphone")
    EMAIL = "email", _("e-mail")
    MESSAGING = "messaging", _("messagerie (WhatsApp, Signal…)")
    PAPER = "paper", _("papier, boîte aux lettres")
    IN_PERSON = "in_person", _("en personne")


# Channels that cannot work without a phone number or an e-mail address.
CHANNELS_NEEDING_PHONE = {ContactChannel.SMS, ContactChannel.PHONE, ContactChannel.MESSAGING}
CHANNELS_NEEDING_EMAIL = {ContactChannel.EMAIL}


class Language(models.TextChoices):
    FRENCH = "fr", _("français")
    ARABIC = "ar", _("arabe")
    BERBER = "ber", _("berbère")
    ENGLISH = "en", _("anglais")
    SPANISH = "es", _("espagnol")
    PORTUGUESE = "pt", _("portugais")
    ITALIAN = "it", _("italien")
    TURKISH = "tr", _("turc")
    ROMANIAN = "ro", _("roumain")
    POLISH = "pl", _("polonais")
    RUSSIAN = "ru", _("russe")
    UKRAINIAN = "uk", _("ukrainien")
    WOLOF = "wo", _("wolof")
    BAMBARA = "bm", _("bambara")
    SONINKE = "snk", _("soninké")
    LINGALA = "ln", _("lingala")
    TAMIL = "ta", _("tamoul")
    CHINESE = "zh", _("chinois")
    VIETNAMESE = "vi", _("vietnamien")
    FRENCH_SIGN = "lsf", _("langue des signes française")
    OTHER = "other", _("autre langue")


class Interest(models.TextChoices):
    COOKING = "cooking", _("cuisine")
    GARDENING = "gardening", _("jardinage")
    SEWING = "sewing", _("couture, tricot")
    DIY = "diy", _("bricolage, réparation")
    DIGITAL = "digital", _("numérique")
    SPORT = "sport", _("sport, bien-être")
    CULTURE = "culture", _("culture, sorties")
    GAMES = "games", _("jeux")
    MUSIC = "music", _("musique, danse")
    READING = "reading", _("lecture, écriture")
    HOMEWORK = "homework", _("aide aux devoirs")
    LANGUAGES = "languages", _("langues, conversation")
    ENVIRONMENT = "environment", _("environnement, recyclage")
    CITIZENSHIP = "citizenship", _("vie de la résidence, citoyenneté")


class Resident(models.Model):
    first_name = models.CharField(_("prénom"), max_length=80)
    last_name_initial = models.CharField(_("initiale du nom"), max_length=2, blank=True)
    pseudonym = models.CharField(
        _("pseudonyme"), max_length=80, blank=True, help_text=_("Affiché à la place du prénom s'il est renseigné.")
    )
    age_band = models.CharField(_("tranche d'âge"), max_length=5, choices=AgeBand.choices)
    consent_on = models.DateField(_("date du consentement"))
    created_at = models.DateTimeField(_("enregistré·e le"), default=timezone.now, editable=False)
    # Household: counts only, by age band, the person included.
    household_minors = models.PositiveSmallIntegerField(_("personnes du foyer de moins de 18 ans"), default=0)
    household_adults = models.PositiveSmallIntegerField(_("personnes du foyer de 18 à 59 ans"), default=0)
    household_seniors = models.PositiveSmallIntegerField(_("personnes du foyer de 60 ans et plus"), default=0)
    contact_channel = models.CharField(
        _("canal de contact préféré"), max_length=12, choices=ContactChannel.choices, blank=True
    )
    languages = ArrayField(
        models.CharField(max_length=8, choices=Language.choices), verbose_name=_("langues parlées"),
        default=list, blank=True,
    )
    interests = ArrayField(
        models.CharField(max_length=16, choices=Interest.choices), verbose_name=_("centres d'intérêt"),
        default=list, blank=True,
    )
    phone = models.CharField(
        _("téléphone"), max_length=20, blank=True,
        validators=[RegexValidator(r"^\+?[0-9 .-]{8,19}$", _("Numéro de téléphone invalide : chiffres, espaces, "
                                                               "points ou tirets, avec un + au début si besoin."))],
        help_text=_("Seulement si le canal de contact est le SMS, le téléphone ou une messagerie."),
    )
    email = models.EmailField(
        _("e-mail"), blank=True, help_text=_("Seulement si le canal de contact est l'e-mail.")
    )

    class Meta:
        verbose_name = _("habitant·e")
        verbose_name_plural = _("habitant·es")
        ordering = ["first_name", "last_name_initial", "id"]
        indexes = [models.Index(fields=["first_name"], name="resident_first_name_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(phone="") | models.Q(contact_channel__in=sorted(c.value for c in CHANNELS_NEEDING_PHONE)),
                name="resident_phone_only_if_channel_needs_it",
                violation_error_message=_("Le téléphone n'est gardé que si le canal de contact le demande."),
            ),
            models.CheckConstraint(
                condition=models.Q(email="") | models.Q(contact_channel__in=sorted(c.value for c in CHANNELS_NEEDING_EMAIL)),
                name="resident_email_only_if_channel_needs_it",
                violation_error_message=_("L'e-mail n'est gardé que si le canal de contact est l'e-mail."),
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.pseudonym:
            return self.pseudonym
        return f"{self.first_name} {self.last_name_initial}.".strip() if self.last_name_initial else self.first_name

    @property
    def household_size(self) -> int:
        return self.household_minors + self.household_adults + self.household_seniors

    def clean(self):
        """Collect a phone number or an e-mail only when the chosen channel needs it (data minimisation)."""
        errors = {}
        needs_phone = self.contact_channel in CHANNELS_NEEDING_PHONE
        needs_email = self.contact_channel in CHANNELS_NEEDING_EMAIL
        if self.phone and not needs_phone:
            errors["phone"] = _("Le téléphone n'est gardé que si le canal de contact est le SMS, le téléphone ou une "
                                "messagerie.")
        if needs_phone and not self.phone:
            errors["phone"] = _("Indiquez le numéro de téléphone pour ce canal de contact.")
        if self.email and not needs_email:
            errors["email"] = _("L'e-mail n'est gardé que si le canal de contact est l'e-mail.")
        if needs_email and not self.email:
            errors["email"] = _("Indiquez l'adresse e-mail pour ce canal de contact.")
        if errors:
            raise ValidationError(errors)
