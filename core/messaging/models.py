"""Messages to residents (composed once, delivered by each one's channel), opt-outs, reminders, ideas
proposed from the portal and the portal's own usage log (for the communication indicators)."""
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    SMS = "sms", _("SMS")
    CALL = "call", _("appel ou porte-à-porte")


class TargetKind(models.TextChoices):
    ALL = "all", _("toutes les personnes joignables")
    AGE_BAND = "age_band", _("une tranche d'âge")
    INTEREST = "interest", _("un centre d'intérêt")
    REGISTERED = "registered", _("les inscrit·es à une animation")
    NOT_SEEN = "not_seen", _("les personnes pas vues depuis N semaines")
    EXPRESSED_NEED = "need", _("les personnes qui ont exprimé un besoin (permanence)")
    BODY = "body", _("les membres d'une instance")
    CATALOGUE_NEED = "catalog_need", _("les personnes qui ont exprimé un besoin du catalogue")
    CHOSEN = "chosen", _("des personnes choisies")


class MessageStatus(models.TextChoices):
    DRAFT = "draft", _("brouillon")
    SENDING = "sending", _("envoi en cours")
    SENT = "sent", _("envoyé")


class MessageTemplate(models.Model):
    """A reusable text; variables: {prenom}, {animation}, {date}, {heure}, {lieu}, {lien}."""

    name = models.CharField(_("nom du modèle"), max_length=120)
    subject = models.CharField(_("objet (e-mail)"), max_length=150)
    body = models.TextField(_("texte (e-mail et affiche)"))
    sms_body = models.TextField(_("texte du SMS"), blank=True,
                                help_text=_("Vide : le texte de l'e-mail est repris."))
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("modèle de message")
        verbose_name_plural = _("modèles de message")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class Message(models.Model):
    subject = models.CharField(_("objet"), max_length=150)
    body = models.TextField(_("texte (e-mail et affiche)"))
    sms_body = models.TextField(_("texte du SMS"), blank=True)
    template = models.ForeignKey(MessageTemplate, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="messages", verbose_name=_("modèle"))
    activity = models.ForeignKey("activities.Activity", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="messages", verbose_name=_("animation"))
    target_kind = models.CharField(_("destinataires"), max_length=12, choices=TargetKind.choices,
                                   default=TargetKind.ALL)
    target_age_band = models.CharField(_("tranche d'âge"), max_length=5, blank=True)
    target_interest = models.CharField(_("centre d'intérêt"), max_length=16, blank=True)
    target_not_seen_weeks = models.PositiveSmallIntegerField(_("pas vu·es depuis (semaines)"), null=True,
                                                             blank=True)
    chosen_residents = models.ManyToManyField("people.Resident", blank=True, related_name="+",
                                              verbose_name=_("personnes choisies"))
    target_body = models.ForeignKey("voice.GovernanceBody", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="messages", verbose_name=_("instance"))
    target_need = models.ForeignKey("voice.Need", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="messages", verbose_name=_("besoin"))
    status = models.CharField(_("statut"), max_length=10, choices=MessageStatus.choices,
                              default=MessageStatus.DRAFT)
    is_reminder = models.BooleanField(_("rappel automatique"), default=False)
    created_by = models.CharField(_("rédigé par"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)
    send_requested_at = models.DateTimeField(_("envoi demandé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(target_kind="registered") | Q(activity__isnull=False),
                name="message_registered_target_names_activity",
                violation_error_message=_("Choisissez l'animation dont les inscrit·es recevront le message."),
            ),
            models.CheckConstraint(
                condition=~Q(target_kind="body") | Q(target_body__isnull=False),
                name="message_body_target_names_body",
                violation_error_message=_("Choisissez l'instance dont les membres recevront le message."),
            ),
            models.CheckConstraint(
                condition=~Q(target_kind="catalog_need") | Q(target_need__isnull=False),
                name="message_need_target_names_need",
                violation_error_message=_("Choisissez le besoin."),
            ),
            # A reminder is the one message of its activity that goes out the day before: one per activity.
            models.UniqueConstraint(fields=["activity"], condition=Q(is_reminder=True),
                                    name="message_one_reminder_per_activity"),
        ]

    def __str__(self):
        return self.subject


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("en attente")
    SENDING = "sending", _("en cours d'envoi")
    SENT = "sent", _("envoyé")
    DELIVERED = "delivered", _("reçu")
    FAILED = "failed", _("échec")
    BOUNCED = "bounced", _("rejeté (adresse ou numéro invalide)")


class Delivery(models.Model):
    """One message for one resident, by one channel. Unique per message × resident: the database decides
    that a resident gets a message once, however often the sending task runs."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries",
                                verbose_name=_("message concerné"))
    resident = models.ForeignKey("people.Resident", on_delete=models.CASCADE, related_name="message_deliveries",
                                 verbose_name=_("habitant·e"))
    channel = models.CharField(_("canal"), max_length=8, choices=Channel.choices)
    status = models.CharField(_("statut"), max_length=10, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    not_before = models.DateTimeField(_("pas avant"), null=True, blank=True)
    provider_id = models.CharField(_("référence du prestataire"), max_length=80, blank=True)
    error = models.CharField(_("erreur"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    updated_at = models.DateTimeField(_("mis à jour le"), default=timezone.now)
    # The call list: ticked off by the coordinator.
    called_at = models.DateTimeField(_("joint·e le"), null=True, blank=True)
    called_by = models.CharField(_("joint·e par"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("envoi")
        verbose_name_plural = _("envois")
        ordering = ["message", "id"]
        constraints = [
            models.UniqueConstraint(fields=["message", "resident"], name="delivery_once_per_resident",
                                    violation_error_message=_("Cette personne a déjà ce message.")),
        ]
        indexes = [
            models.Index(fields=["status", "channel"], name="delivery_status_channel_idx"),
            models.Index(fields=["provider_id"], name="delivery_provider_id_idx"),
            models.Index(fields=["sent_at"], name="delivery_sent_at_idx"),
        ]

    def __str__(self):
        # No name: copied into logs and the audit trail.
        return f"{self.message_id}/{self.resident_id} ({self.channel})"


class OptOutSource(models.TextChoices):
    UNSUBSCRIBE_LINK = "link", _("lien de désinscription")
    SMS_STOP = "stop", _("STOP par SMS")
    COORDINATOR = "coordinator", _("à la demande, par la coordination")
    BOUNCE = "bounce", _("adresse invalide (rejet)")
    SPAM = "spam", _("signalé comme indésirable")


class OptOut(models.Model):
    """No more messages to the resident by this channel: their own wish (link, STOP, spam complaint, asked the
    coordination), or a bounce (the address or number is invalid, until it is corrected)."""

    resident = models.ForeignKey("people.Resident", on_delete=models.CASCADE, related_name="message_opt_outs",
                                 verbose_name=_("habitant·e"))
    channel = models.CharField(_("canal"), max_length=8, choices=Channel.choices)
    source = models.CharField(_("origine"), max_length=12, choices=OptOutSource.choices)
    created_at = models.DateTimeField(_("le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("désabonnement")
        verbose_name_plural = _("désabonnements")
        constraints = [models.UniqueConstraint(fields=["resident", "channel"], name="opt_out_once_per_channel")]

    def __str__(self):
        return f"{self.resident_id} ({self.channel})"

    @property
    def is_resident_wish(self) -> bool:
        """The resident asked for it (anything but a bounce): only they can undo it."""
        return self.source != OptOutSource.BOUNCE

    def get_additional_data(self) -> dict:
        # The audit trail files the entry under the resident (core.privacy.selectors.audit_entries_for_resident);
        # a lift says why (`services.opt_out_lift`).
        data = {"resident_id": self.resident_id}
        if getattr(self, "lift_reason", ""):
            data["lift_reason"] = self.lift_reason
        return data


class ReminderOptIn(models.Model):
    """The resident asked to be reminded, the day before, of the activities they signed up for."""

    resident = models.OneToOneField("people.Resident", on_delete=models.CASCADE, related_name="reminder_opt_in",
                                    verbose_name=_("habitant·e"))
    created_at = models.DateTimeField(_("le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("rappel demandé")
        verbose_name_plural = _("rappels demandés")

    def __str__(self):
        return str(self.resident_id)


class Idea(models.Model):
    """An idea a resident proposed from the portal (an activity, an improvement…)."""

    resident = models.ForeignKey("people.Resident", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="ideas", verbose_name=_("habitant·e"))
    text = models.TextField(_("idée"), max_length=1000)
    created_at = models.DateTimeField(_("proposée le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("idée d'habitant·e")
        verbose_name_plural = _("idées d'habitant·es")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.text[:60]


class PortalEventKind(models.TextChoices):
    OPENED = "opened", _("espace ouvert")
    SIGNED_UP = "signed_up", _("inscription")
    CANCELLED = "cancelled", _("désinscription")
    IDEA = "idea", _("idée proposée")
    SKILL = "skill", _("savoir-faire proposé")


class PortalEvent(models.Model):
    """What a resident did in the portal, counted by the communication indicators (no content kept)."""

    resident = models.ForeignKey("people.Resident", on_delete=models.CASCADE, related_name="portal_events",
                                 verbose_name=_("habitant·e"))
    kind = models.CharField(_("action"), max_length=10, choices=PortalEventKind.choices)
    activity = models.ForeignKey("activities.Activity", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("animation"))
    happened_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("action dans l'espace habitant·e")
        verbose_name_plural = _("actions dans l'espace habitant·e")
        indexes = [models.Index(fields=["kind", "happened_at"], name="portal_event_kind_at_idx")]

    def __str__(self):
        return f"{self.kind} {self.happened_at:%Y-%m-%d}"
