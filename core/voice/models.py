"""Residents' voice: needs diagnosis (questionnaires, interviews, needs catalogue), skills and
exchanges, consultations and votes, governance bodies.

Not to be confused with `core.evaluation`: that is the fixed five-question *outcome* questionnaire
(social ties, every six months); here the coordinator *builds* diagnosis questionnaires of any shape.
Everything works on paper or through the coordinator as well as online, and both count the same:
every answer and every ballot records its channel (`source`/`channel`).
"""
import uuid
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.people.models import Resident

# Free text is short and comes with a visible reminder (templates/voice/_free_text_reminder.html).
FREE_TEXT_MAX = 500
SHORT_TEXT_MAX = 200


# --- Needs catalogue --------------------------------------------------------------------------

class Need(models.Model):
    """A tagged need of the catalogue (« cours de français », « aide numérique »…)."""

    label = models.CharField(_("besoin"), max_length=80, unique=True, error_messages={
        "unique": _("Ce besoin existe déjà dans le catalogue.")})
    description = models.CharField(_("description"), max_length=FREE_TEXT_MAX, blank=True)
    is_active = models.BooleanField(_("actif"), default=True)
    activities = models.ManyToManyField("activities.Activity", blank=True, related_name="needs",
                                        verbose_name=_("animations qui y répondent"))
    projects = models.ManyToManyField("projects.ResidentProject", blank=True, related_name="voice_needs",
                                      verbose_name=_("projets d'habitants qui y répondent"))
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("besoin")
        verbose_name_plural = _("besoins")
        ordering = ["label", "id"]

    def __str__(self):
        return self.label


class MentionSource(models.TextChoices):
    ANSWER = "answer", _("réponse à un questionnaire")
    INTERVIEW = "interview", _("entretien")
    DROPIN = "dropin", _("permanence")


class NeedMention(models.Model):
    """One time a need was expressed, by a resident (or anonymously), from one source.

    The catalogue counts distinct residents over these rows, whatever the channel.
    """

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="mentions", verbose_name=_("besoin"))
    resident = models.ForeignKey(Resident, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="need_mentions", verbose_name=_("habitant·e"))
    source = models.CharField(_("source"), max_length=10, choices=MentionSource.choices)
    submission = models.ForeignKey("Submission", on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="need_mentions", verbose_name=_("réponse au questionnaire"))
    interview_note = models.ForeignKey("InterviewNote", on_delete=models.CASCADE, null=True, blank=True,
                                       related_name="need_mentions", verbose_name=_("note d'entretien"))
    dropin_visit = models.ForeignKey("dropins.DropInVisit", on_delete=models.CASCADE, null=True, blank=True,
                                     related_name="need_mentions", verbose_name=_("passage à la permanence"))
    noted_on = models.DateField(_("date"))

    class Meta:
        verbose_name = _("expression d'un besoin")
        verbose_name_plural = _("expressions de besoins")
        ordering = ["-noted_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(source="answer", submission__isnull=False)
                           | Q(source="interview", interview_note__isnull=False)
                           | Q(source="dropin", dropin_visit__isnull=False)),
                name="need_mention_has_its_source",
                violation_error_message=_("L'expression d'un besoin doit venir d'une réponse, d'un entretien ou "
                                          "d'un passage à la permanence."),
            ),
            models.UniqueConstraint(fields=["need", "dropin_visit"], condition=Q(dropin_visit__isnull=False),
                                    name="need_mention_once_per_visit",
                                    violation_error_message=_("Ce besoin est déjà noté pour ce passage.")),
            models.UniqueConstraint(fields=["need", "interview_note"], condition=Q(interview_note__isnull=False),
                                    name="need_mention_once_per_interview_note"),
            models.UniqueConstraint(fields=["need", "submission"], condition=Q(submission__isnull=False),
                                    name="need_mention_once_per_submission"),
        ]


# --- Questionnaires ---------------------------------------------------------------------------

class Questionnaire(models.Model):
    # The resident portal's URLs carry this key, not the id: not guessable, not enumerable.
    key = models.UUIDField(_("clé du lien habitant·e"), default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("titre"), max_length=150)
    description = models.CharField(_("présentation"), max_length=FREE_TEXT_MAX, blank=True)
    opens_on = models.DateField(_("ouverture"))
    closes_on = models.DateField(_("clôture"))
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("questionnaire de diagnostic")
        verbose_name_plural = _("questionnaires de diagnostic")
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=F("opens_on")), name="questionnaire_closes_after_open",
                                   violation_error_message=_("La clôture doit suivre l'ouverture.")),
        ]

    def __str__(self):
        return self.title

    def is_open_on(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on


class QuestionnaireVersion(models.Model):
    """The questions as they stood; an answered version is frozen and editing makes the next one."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="versions",
                                      verbose_name=_("questionnaire"))
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("version de questionnaire")
        verbose_name_plural = _("versions de questionnaire")
        ordering = ["questionnaire", "-number"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "number"], name="questionnaire_version_unique")]

    def __str__(self):
        return f"{self.questionnaire} (v{self.number})"


class QuestionSection(models.Model):
    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.CASCADE, related_name="sections",
                                verbose_name=_("version"))
    title = models.CharField(_("titre de la partie"), max_length=150)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("partie")
        verbose_name_plural = _("parties")
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("choix unique")
    MULTIPLE = "multiple", _("choix multiple")
    SCALE = "scale", _("échelle")
    NUMBER = "number", _("nombre")
    SHORT_TEXT = "short_text", _("texte court")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)


class Question(models.Model):
    section = models.ForeignKey(QuestionSection, on_delete=models.CASCADE, related_name="questions",
                                verbose_name=_("partie"))
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("type"), max_length=12, choices=QuestionKind.choices)
    required = models.BooleanField(_("obligatoire"), default=False)
    scale_min = models.SmallIntegerField(_("échelle : minimum"), default=1)
    scale_max = models.SmallIntegerField(_("échelle : maximum"), default=5)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(scale_max__gt=F("scale_min")), name="question_scale_ordered",
                                   violation_error_message=_("Le maximum de l'échelle doit dépasser son minimum.")),
        ]

    def __str__(self):
        return self.text


class QuestionOption(models.Model):
    """A choice of a single/multiple choice question; choosing it may express a need of the catalogue."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options",
                                 verbose_name=_("question"))
    label = models.CharField(_("choix"), max_length=150)
    need = models.ForeignKey(Need, on_delete=models.SET_NULL, null=True, blank=True, related_name="options",
                             verbose_name=_("besoin exprimé par ce choix"))
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("choix de réponse")
        verbose_name_plural = _("choix de réponse")
        ordering = ["position", "id"]

    def __str__(self):
        return self.label


class AnswerSource(models.TextChoices):
    PORTAL = "portal", _("en ligne (espace habitant·e)")
    PAPER = "paper", _("questionnaire papier saisi par la coordination")
    INTERVIEW = "interview", _("entretien, saisi par la coordination")


class Submission(models.Model):
    """One person's answers to one version of a questionnaire, and how they came in."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="submissions",
                                      verbose_name=_("questionnaire"))
    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.PROTECT, related_name="submissions",
                                verbose_name=_("version"))
    resident = models.ForeignKey(Resident, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="voice_submissions", verbose_name=_("habitant·e"))
    source = models.CharField(_("source"), max_length=10, choices=AnswerSource.choices)
    entered_by = models.CharField(_("saisi par"), max_length=150, blank=True)
    answered_on = models.DateField(_("date de réponse"))
    created_at = models.DateTimeField(_("enregistré le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("réponse à un questionnaire de diagnostic")
        verbose_name_plural = _("réponses aux questionnaires de diagnostic")
        ordering = ["-answered_on", "-id"]
        constraints = [
            # Paper, interview or online: one answer per person and questionnaire, whatever the channel.
            models.UniqueConstraint(fields=["questionnaire", "resident"], condition=Q(resident__isnull=False),
                                    name="submission_once_per_resident",
                                    violation_error_message=_("Cette personne a déjà répondu à ce questionnaire.")),
        ]


class Answer(models.Model):
    """One answer; a multiple-choice answer is one row per chosen option."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="answers",
                                   verbose_name=_("réponse au questionnaire"))
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers",
                                 verbose_name=_("question"))
    option = models.ForeignKey(QuestionOption, on_delete=models.PROTECT, null=True, blank=True, related_name="answers",
                               verbose_name=_("choix retenu"))
    number = models.DecimalField(_("nombre"), max_digits=10, decimal_places=2, null=True, blank=True)
    text = models.CharField(_("réponse libre"), max_length=SHORT_TEXT_MAX, blank=True)

    class Meta:
        verbose_name = _("réponse à une question")
        verbose_name_plural = _("réponses aux questions")
        constraints = [
            models.UniqueConstraint(fields=["submission", "question", "option"], name="answer_option_once"),
            models.UniqueConstraint(fields=["submission", "question"], condition=Q(option__isnull=True),
                                    name="answer_value_once"),
        ]


# --- Interviews -------------------------------------------------------------------------------

class InterviewKind(models.TextChoices):
    FORMAL = "formal", _("entretien formel")
    INFORMAL = "informal", _("échange informel")


class Interview(models.Model):
    resident = models.ForeignKey(Resident, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="voice_interviews", verbose_name=_("habitant·e"))
    held_on = models.DateField(_("date"))
    kind = models.CharField(_("type"), max_length=10, choices=InterviewKind.choices, default=InterviewKind.FORMAL)
    conducted_by = models.CharField(_("mené par"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("noté le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("entretien")
        verbose_name_plural = _("entretiens")
        ordering = ["-held_on", "-id"]


class InterviewTopic(models.TextChoices):
    DAILY_LIFE = "daily_life", _("vie quotidienne dans la résidence")
    NEIGHBOURS = "neighbours", _("liens avec les voisin·es")
    ACTIVITIES = "activities", _("animations souhaitées")
    NEEDS = "needs", _("besoins")
    SKILLS = "skills", _("savoir-faire à partager")
    GOVERNANCE = "governance", _("participation aux décisions")
    OTHER = "other", _("autre")


class InterviewNote(models.Model):
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="notes",
                                  verbose_name=_("entretien"))
    topic = models.CharField(_("thème"), max_length=12, choices=InterviewTopic.choices)
    text = models.CharField(_("note"), max_length=FREE_TEXT_MAX)
    needs = models.ManyToManyField(Need, blank=True, related_name="interview_notes", verbose_name=_("besoins exprimés"))

    class Meta:
        verbose_name = _("note d'entretien")
        verbose_name_plural = _("notes d'entretien")
        ordering = ["topic", "id"]


# --- Skills -----------------------------------------------------------------------------------

class SkillCategory(models.TextChoices):
    COOKING = "cooking", _("cuisine")
    SEWING = "sewing", _("couture")
    REPAIRS = "repairs", _("bricolage, réparations")
    LANGUAGES = "languages", _("langues")
    DIGITAL = "digital", _("aide numérique")
    GARDENING = "gardening", _("jardinage")
    MUSIC = "music", _("musique")
    PAPERWORK = "paperwork", _("démarches administratives")
    HOMEWORK = "homework", _("aide aux devoirs")
    OTHER = "other", _("autre")


class SkillDirection(models.TextChoices):
    OFFER = "offer", _("propose")
    WISH = "wish", _("souhaite apprendre")


class SkillEntry(models.Model):
    """A resident's offer (« je sais faire ») or wish (« j'aimerais apprendre »)."""

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="skills",
                                 verbose_name=_("habitant·e"))
    direction = models.CharField(_("sens"), max_length=5, choices=SkillDirection.choices)
    category = models.CharField(_("domaine"), max_length=12, choices=SkillCategory.choices)
    tag = models.CharField(_("précision (libre)"), max_length=60, blank=True,
                           help_text=_("Par exemple « couscous », « retouches », « arabe »."))
    availability = models.CharField(_("disponibilités"), max_length=120, blank=True)
    is_active = models.BooleanField(_("actif"), default=True)
    created_at = models.DateTimeField(_("noté le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("savoir-faire")
        verbose_name_plural = _("savoir-faire")
        ordering = ["category", "tag", "id"]
        constraints = [
            models.UniqueConstraint(fields=["resident", "direction", "category", "tag"], name="skill_entry_unique",
                                    violation_error_message=_("Ce savoir-faire est déjà noté pour cette personne.")),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return f"{self.get_category_display()} ({self.tag})" if self.tag else str(self.get_category_display())


class SkillExchange(models.Model):
    """An exchange that took place: who passed on what to whom, when, how long."""

    giver = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="skill_exchanges_given",
                              verbose_name=_("qui transmet"))
    learner = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="skill_exchanges_received",
                                verbose_name=_("qui apprend"))
    category = models.CharField(_("domaine"), max_length=12, choices=SkillCategory.choices)
    tag = models.CharField(_("précision"), max_length=60, blank=True)
    happened_on = models.DateField(_("date"))
    hours = models.DecimalField(_("durée (heures)"), max_digits=4, decimal_places=1,
                                validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(24)])
    intergenerational = models.BooleanField(_("intergénérationnel"), default=False, editable=False)
    note = models.CharField(_("note"), max_length=FREE_TEXT_MAX, blank=True)
    created_at = models.DateTimeField(_("noté le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("échange de savoir-faire")
        verbose_name_plural = _("échanges de savoir-faire")
        ordering = ["-happened_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(giver=F("learner")), name="skill_exchange_two_people",
                                   violation_error_message=_("Un échange se fait entre deux personnes différentes.")),
            models.CheckConstraint(condition=Q(hours__gt=0), name="skill_exchange_hours_positive",
                                   violation_error_message=_("La durée doit être positive.")),
        ]


# --- Consultations and votes ------------------------------------------------------------------

class VoteMethod(models.TextChoices):
    SINGLE = "single", _("un seul choix")
    MULTIPLE = "multiple", _("plusieurs choix (jusqu'à N)")
    APPROVAL = "approval", _("approbation (tous les choix acceptables)")


class Consultation(models.Model):
    key = models.UUIDField(_("clé du lien habitant·e"), default=uuid.uuid4, unique=True,
                           editable=False)  # the portal's URLs carry it
    question = models.CharField(_("question posée"), max_length=200)
    description = models.CharField(_("présentation"), max_length=FREE_TEXT_MAX, blank=True)
    method = models.CharField(_("mode de vote"), max_length=10, choices=VoteMethod.choices, default=VoteMethod.SINGLE)
    max_choices = models.PositiveSmallIntegerField(_("nombre de choix maximum"), null=True, blank=True)
    opens_at = models.DateTimeField(_("ouverture"))
    closes_at = models.DateTimeField(_("clôture"))
    secret = models.BooleanField(_("vote secret"), default=False, help_text=_(
        "Le registre des votant·es et les choix sont gardés séparément : personne ne peut savoir qui a voté quoi."))
    one_per_household = models.BooleanField(_("une voix par foyer"), default=False)
    is_budget = models.BooleanField(_("vote sur le budget d'animation"), default=False)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="consultation_closes_after_open",
                                   violation_error_message=_("La clôture doit suivre l'ouverture.")),
            models.CheckConstraint(condition=~Q(method="multiple") | Q(max_choices__gte=1),
                                   name="consultation_multiple_has_max",
                                   violation_error_message=_("Indiquez le nombre de choix maximum.")),
        ]

    def __str__(self):
        return self.question

    def is_open_at(self, moment) -> bool:
        return self.opens_at <= moment < self.closes_at


class ConsultationOption(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="options",
                                     verbose_name=_("consultation"))
    label = models.CharField(_("choix"), max_length=150)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    # Secret ballots leave no row: only this tally grows (see services.ballot_cast).
    secret_votes = models.PositiveIntegerField(_("voix du vote secret"), default=0, editable=False)

    class Meta:
        verbose_name = _("choix de consultation")
        verbose_name_plural = _("choix de consultation")
        ordering = ["position", "id"]

    def __str__(self):
        return self.label


class BallotChannel(models.TextChoices):
    ONLINE = "online", _("en ligne (espace habitant·e)")
    PAPER = "paper", _("bulletin papier saisi par la coordination")


class VoterRegisterEntry(models.Model):
    """Who voted, across channels: the database refuses a second entry for a person (or household)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="register",
                                     verbose_name=_("consultation"))
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="voter_register_entries",
                                 verbose_name=_("votant·e"))
    household = models.CharField(_("foyer (logement)"), max_length=30, blank=True)
    channel = models.CharField(_("canal"), max_length=6, choices=BallotChannel.choices)
    # The day only: with a time, the order of entries could be matched with the tallies' history.
    voted_on = models.DateField(_("a voté le"))

    class Meta:
        verbose_name = _("émargement")
        verbose_name_plural = _("registre des votant·es")
        ordering = ["consultation", "id"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "resident"], name="voter_once_per_consultation",
                                    violation_error_message=_("Cette personne a déjà voté.")),
            models.UniqueConstraint(fields=["consultation", "household"], condition=~Q(household=""),
                                    name="voter_once_per_household",
                                    violation_error_message=_("Ce foyer a déjà voté.")),
        ]


class OpenBallotChoice(models.Model):
    """A choice of a non-secret ballot, attached to its register entry."""

    entry = models.ForeignKey(VoterRegisterEntry, on_delete=models.CASCADE, related_name="choices",
                              verbose_name=_("émargement"))
    option = models.ForeignKey(ConsultationOption, on_delete=models.CASCADE, related_name="open_choices",
                               verbose_name=_("choix"))

    class Meta:
        verbose_name = _("choix d'un vote non secret")
        verbose_name_plural = _("choix des votes non secrets")
        constraints = [models.UniqueConstraint(fields=["entry", "option"], name="open_ballot_choice_once")]


class ResidentHousehold(models.Model):
    """Which dwelling (logement) a resident lives in: only used for « une voix par foyer »."""

    resident = models.OneToOneField(Resident, on_delete=models.CASCADE, related_name="voice_household",
                                    verbose_name=_("habitant·e"))
    dwelling = models.CharField(_("logement"), max_length=30, help_text=_("Par exemple « B-204 »."))

    class Meta:
        verbose_name = _("logement d'un·e habitant·e")
        verbose_name_plural = _("logements des habitant·es")


class ConsultationDecision(models.Model):
    """What was decided after the vote. A budget vote also carries the amount and its purpose, and
    its decision is created in the budget (`core.budget.services.decision_save`) in the same
    transaction: `budget_decision` is that row (one vote, one budget decision)."""

    consultation = models.OneToOneField(Consultation, on_delete=models.CASCADE, related_name="decision",
                                        verbose_name=_("consultation"))
    text = models.CharField(_("décision"), max_length=FREE_TEXT_MAX)
    decided_on = models.DateField(_("date de la décision"))
    amount = models.DecimalField(_("montant alloué (€)"), max_digits=10, decimal_places=2, null=True, blank=True)
    purpose = models.CharField(_("objet de la dépense"), max_length=200, blank=True)
    recorded_by = models.CharField(_("enregistrée par"), max_length=150, blank=True)
    budget_decision = models.OneToOneField("budget.Decision", on_delete=models.PROTECT, null=True, blank=True,
                                           related_name="consultation_decision",
                                           verbose_name=_("décision inscrite au budget"))

    class Meta:
        verbose_name = _("décision de consultation")
        verbose_name_plural = _("décisions de consultation")
        constraints = [
            models.CheckConstraint(condition=Q(amount__isnull=True) | Q(amount__gt=0), name="decision_amount_positive",
                                   violation_error_message=_("Le montant doit être positif.")),
        ]


# --- Governance bodies ------------------------------------------------------------------------

class BodyKind(models.TextChoices):
    RESIDENTS_COMMITTEE = "committee", _("comité de résidents")
    COUNCIL = "council", _("conseil de concertation")
    WORKING_GROUP = "working_group", _("groupe de travail")
    OTHER = "other", _("autre instance")


class GovernanceBody(models.Model):
    name = models.CharField(_("nom"), max_length=120, unique=True, error_messages={
        "unique": _("Une instance porte déjà ce nom.")})
    kind = models.CharField(_("type"), max_length=14, choices=BodyKind.choices, default=BodyKind.RESIDENTS_COMMITTEE)
    description = models.CharField(_("rôle de l'instance"), max_length=FREE_TEXT_MAX, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("instance de gouvernance")
        verbose_name_plural = _("instances de gouvernance")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class MandateRole(models.TextChoices):
    PRESIDENT = "president", _("président·e")
    VICE_PRESIDENT = "vice_president", _("vice-président·e")
    SECRETARY = "secretary", _("secrétaire")
    TREASURER = "treasurer", _("trésorier·ère")
    MEMBER = "member", _("membre")


class Mandate(models.Model):
    body = models.ForeignKey(GovernanceBody, on_delete=models.CASCADE, related_name="mandates",
                             verbose_name=_("instance"))
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="mandates",
                                 verbose_name=_("habitant·e"))
    role = models.CharField(_("rôle"), max_length=16, choices=MandateRole.choices, default=MandateRole.MEMBER)
    starts_on = models.DateField(_("début du mandat"))
    ends_on = models.DateField(_("fin du mandat"), null=True, blank=True)

    class Meta:
        verbose_name = _("mandat")
        verbose_name_plural = _("mandats")
        ordering = ["body", "role", "starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                                   name="mandate_ends_after_start",
                                   violation_error_message=_("La fin du mandat doit suivre son début.")),
            models.UniqueConstraint(fields=["body", "role"], condition=Q(ends_on__isnull=True) & ~Q(role="member"),
                                    name="mandate_one_open_office_per_role",
                                    violation_error_message=_("Ce rôle est déjà tenu : terminez d'abord le mandat "
                                                              "en cours.")),
        ]


class Meeting(models.Model):
    body = models.ForeignKey(GovernanceBody, on_delete=models.CASCADE, related_name="meetings",
                             verbose_name=_("instance"))
    held_at = models.DateTimeField(_("date et heure"))
    place = models.CharField(_("lieu"), max_length=120, blank=True)
    agenda = models.TextField(_("ordre du jour"), max_length=2000, blank=True)
    minutes = models.TextField(_("compte rendu"), max_length=5000, blank=True)
    attendees = models.ManyToManyField(Resident, blank=True, related_name="meetings_attended",
                                       verbose_name=_("présent·es"))

    class Meta:
        verbose_name = _("réunion")
        verbose_name_plural = _("réunions")
        ordering = ["-held_at", "-id"]


class DecisionStatus(models.TextChoices):
    TODO = "todo", _("à faire")
    IN_PROGRESS = "in_progress", _("en cours")
    DONE = "done", _("réalisée")
    DROPPED = "dropped", _("abandonnée")


class BodyDecision(models.Model):
    """A decision of a body, followed until done."""

    body = models.ForeignKey(GovernanceBody, on_delete=models.CASCADE, related_name="decisions",
                             verbose_name=_("instance"))
    meeting = models.ForeignKey(Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions",
                                verbose_name=_("réunion"))
    title = models.CharField(_("décision"), max_length=200)
    decided_on = models.DateField(_("décidée le"))
    owner = models.CharField(_("porteur·se"), max_length=120)
    due_on = models.DateField(_("échéance"), null=True, blank=True)
    status = models.CharField(_("état"), max_length=12, choices=DecisionStatus.choices, default=DecisionStatus.TODO)
    done_on = models.DateField(_("réalisée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("décision d'instance")
        verbose_name_plural = _("décisions d'instance")
        ordering = ["status", "due_on", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(status="done") | Q(done_on__isnull=False), name="decision_done_dated",
                                   violation_error_message=_("Indiquez la date de réalisation.")),
        ]


class BodyDocumentRole(models.TextChoices):
    STATUTES = "statutes", _("statuts")
    AGENDA = "agenda", _("ordre du jour")
    MINUTES = "minutes", _("compte rendu")
    OTHER = "other", _("autre document")


class BodyDocument(models.Model):
    """A file of a governance body (statutes…) or of one of its meetings (agenda, minutes). The file is
    stored and served by core.documents (type read from the content, per-schema folder, download view
    checking residence and role); this row only says whose it is and what it is."""

    body = models.ForeignKey(GovernanceBody, on_delete=models.CASCADE, related_name="documents",
                             verbose_name=_("instance"))
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="documents",
                                verbose_name=_("réunion"))
    document = models.OneToOneField("documents.Document", on_delete=models.CASCADE, related_name="governance_link",
                                    verbose_name=_("document"))
    role = models.CharField(_("nature du document"), max_length=10, choices=BodyDocumentRole.choices,
                            default=BodyDocumentRole.OTHER)

    class Meta:
        verbose_name = _("document d'instance")
        verbose_name_plural = _("documents d'instance")
        ordering = ["body", "-id"]
