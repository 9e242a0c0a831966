from rest_framework import serializers

from core.voice.models import (
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
)


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
    expressed = serializers.SerializerMethodField(help_text="Personnes l'ayant exprimé (dont anonymes)")
    activity_count = serializers.IntegerField(read_only=True)
    project_count = serializers.IntegerField(read_only=True, help_text="Projets d'habitants qui y répondent")

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
                                          help_text="Les choix proposés (au moins deux)")
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
