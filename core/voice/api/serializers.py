from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from apes_platform.api import BoundedDateField
from core.people.models import Resident
from core.people.selectors import current_residents
from core.voice.models import (
    Answer,
    AnswerSource,
    BallotChannel,
    BodyDecision,
    Consultation,
    ConsultationOption,
    GovernanceBody,
    Mandate,
    Need,
    Question,
    Questionnaire,
    QuestionOption,
    SkillEntry,
    SkillExchange,
    Submission,
    VoterRegisterEntry,
)


def _residents():
    return current_residents()


class QuestionOptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = QuestionOption
        fields = ["id", "label", "need"]


class QuestionSerializer(serializers.ModelSerializer):
    options = QuestionOptionSerializer(many=True, read_only=True)
    section = serializers.CharField(source="section.title", read_only=True)

    class Meta:
        model = Question
        fields = ["id", "section", "text", "kind", "required", "scale_min", "scale_max", "options"]


class QuestionnaireSerializer(serializers.ModelSerializer):
    submission_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Questionnaire
        fields = ["id", "title", "description", "opens_on", "closes_on", "submission_count", "created_at"]
        read_only_fields = ["id", "created_at"]
        validators = []


class NeedSerializer(serializers.ModelSerializer):
    expressed = serializers.SerializerMethodField(help_text=_("Personnes l'ayant exprimé (dont anonymes)"))
    activity_count = serializers.IntegerField(read_only=True)
    project_count = serializers.IntegerField(read_only=True, help_text=_("Projets d'habitants qui y répondent"))

    class Meta:
        model = Need
        fields = ["id", "label", "description", "is_active", "expressed", "activity_count", "project_count"]
        read_only_fields = ["id", "is_active"]
        validators = []
        extra_kwargs = {"label": {"validators": []}}

    def get_expressed(self, need) -> int:
        return getattr(need, "named", 0) + getattr(need, "anonymous", 0)


class SkillEntrySerializer(serializers.ModelSerializer):
    resident_name = serializers.CharField(source="resident.display_name", read_only=True)

    class Meta:
        model = SkillEntry
        fields = ["id", "resident", "resident_name", "direction", "category", "tag", "availability", "is_active",
                  "created_at"]
        read_only_fields = ["id", "is_active", "created_at"]
        validators = []


class SkillExchangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = SkillExchange
        fields = ["id", "giver", "learner", "category", "tag", "happened_on", "hours", "intergenerational", "note",
                  "created_at"]
        read_only_fields = ["id", "intergenerational", "created_at"]
        validators = []


class ConsultationOptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConsultationOption
        fields = ["id", "label"]


class ConsultationSerializer(serializers.ModelSerializer):
    options = ConsultationOptionSerializer(many=True, read_only=True)
    option_labels = serializers.ListField(child=serializers.CharField(max_length=150), write_only=True,
                                          help_text=_("Les choix proposés (au moins deux)"))
    voters = serializers.IntegerField(read_only=True)
    decision = serializers.SerializerMethodField()

    class Meta:
        model = Consultation
        fields = ["id", "question", "description", "method", "max_choices", "opens_at", "closes_at", "secret",
                  "one_per_household", "is_budget", "options", "option_labels", "voters", "decision"]
        read_only_fields = ["id"]
        validators = []

    def get_decision(self, consultation) -> dict | None:
        decision = getattr(consultation, "decision", None) if hasattr(consultation, "decision") else None
        if decision is None:
            return None
        return {"text": decision.text, "decided_on": decision.decided_on.isoformat(),
                "amount": None if decision.amount is None else str(decision.amount), "purpose": decision.purpose}


class MandateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Mandate
        fields = ["id", "resident", "role", "starts_on", "ends_on"]


class BodyDecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = BodyDecision
        fields = ["id", "title", "decided_on", "owner", "due_on", "status", "done_on"]


class GovernanceBodySerializer(serializers.ModelSerializer):
    member_count = serializers.IntegerField(read_only=True)
    open_decisions = serializers.IntegerField(read_only=True)

    class Meta:
        model = GovernanceBody
        fields = ["id", "name", "kind", "description", "is_active", "member_count", "open_decisions"]
        read_only_fields = ["id", "is_active"]
        validators = []
        extra_kwargs = {"name": {"validators": []}}


# --- Answers and ballots: input shapes handed to the same services as the screens ----------------

class AnswerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Answer
        fields = ["question", "option", "number", "text"]


class SubmissionSerializer(serializers.ModelSerializer):
    """One person's answers to a questionnaire, and how they came in."""

    version = serializers.IntegerField(source="version.number", read_only=True)
    answers = AnswerSerializer(many=True, read_only=True)

    class Meta:
        model = Submission
        fields = ["id", "questionnaire", "version", "resident", "source", "entered_by", "answered_on", "created_at",
                  "answers"]
        read_only_fields = fields


class SubmissionInputSerializer(serializers.Serializer):
    resident = serializers.PrimaryKeyRelatedField(
        queryset=Resident.objects.none(), required=False, allow_null=True,
        help_text=_("L'habitant·e qui répond ; vide : réponse anonyme (papier ou entretien seulement)"))
    source = serializers.ChoiceField(choices=AnswerSource.choices,
                                     help_text=_("portal : en ligne ; paper : questionnaire papier ; interview : entretien"))
    answered_on = BoundedDateField(required=False, help_text=_("Date de la réponse (par défaut aujourd'hui)"))
    answers = serializers.DictField(
        child=serializers.JSONField(), allow_empty=False,
        help_text=_("Par identifiant de question de la version en cours : l'identifiant du choix (une liste pour "
                  "un choix multiple), un nombre ou un texte court"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resident"].queryset = _residents()


class BallotInputSerializer(serializers.Serializer):
    resident = serializers.PrimaryKeyRelatedField(queryset=Resident.objects.none(),
                                                  help_text=_("La personne qui vote (émargement)"))
    options = serializers.ListField(child=serializers.IntegerField(), allow_empty=True,
                                    help_text=_("Identifiants des choix retenus"))
    channel = serializers.ChoiceField(choices=BallotChannel.choices, default=BallotChannel.PAPER,
                                      help_text=_("online : en ligne (vote ouvert) ; paper : bulletin papier saisi"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resident"].queryset = _residents()


class BallotReceiptSerializer(serializers.ModelSerializer):
    """What a ballot leaves readable: the register entry (who, channel, day), never the choices."""

    voters = serializers.IntegerField(read_only=True, help_text=_("Votant·es de la consultation, tous canaux"))

    class Meta:
        model = VoterRegisterEntry
        fields = ["consultation", "resident", "channel", "voted_on", "voters"]
        read_only_fields = fields
