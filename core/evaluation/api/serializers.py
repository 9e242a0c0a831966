from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.evaluation.models import QUESTIONS, NarrativeKind, NarrativeSection, SurveyResponse, SurveyWave
from core.people.models import Resident


class SurveyWaveSerializer(serializers.ModelSerializer):
    class Meta:
        model = SurveyWave
        fields = ["id", "label", "starts_on", "ends_on"]
        read_only_fields = ["id"]

    def validate(self, attrs):
        if attrs["ends_on"] < attrs["starts_on"]:
            raise serializers.ValidationError(
                {"ends_on": _("La fin de la vague doit être postérieure ou égale à son début.")})
        return attrs


class SurveyResponseSerializer(serializers.ModelSerializer):
    """Answers are the scale's numbers (e.g. loneliness 0 = jamais … 4 = tout le temps)."""

    wave = serializers.PrimaryKeyRelatedField(queryset=SurveyWave.objects.all())
    resident = serializers.PrimaryKeyRelatedField(queryset=Resident.objects.all(), required=False, allow_null=True,
                                                  default=None)

    class Meta:
        model = SurveyResponse
        fields = ["id", "wave", "resident", "answered_on", *[code for code, _w, _s in QUESTIONS], "ties_score"]
        read_only_fields = ["id", "ties_score"]
        validators = []  # the service states the rules (once per wave, date within the wave), naming the field


class NarrativeSectionSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=NarrativeKind.choices)
    title = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    year = serializers.IntegerField(min_value=2000, max_value=2100)

    class Meta:
        model = NarrativeSection
        fields = ["id", "year", "kind", "title", "body", "position", "updated_at"]
        read_only_fields = ["id", "position", "updated_at"]
        validators = []  # the service states the rules, naming the field
