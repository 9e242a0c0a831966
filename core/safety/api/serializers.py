from rest_framework import serializers

from core.safety.models import CheckRecord, Incident, RulesAcknowledgement, SafetyCheck, SpaceRules


class SpaceRulesSerializer(serializers.ModelSerializer):
    class Meta:
        model = SpaceRules
        fields = ["id", "space", "version", "max_occupancy", "equipment", "allowed", "forbidden", "published_at",
                  "published_by"]
        read_only_fields = ["id", "version", "published_at", "published_by"]
        validators = []


class RulesAcknowledgementSerializer(serializers.ModelSerializer):
    class Meta:
        model = RulesAcknowledgement
        fields = ["id", "rules", "partner", "acknowledged_by", "acknowledged_at", "recorded_by"]
        read_only_fields = ["id", "acknowledged_at", "recorded_by"]


class SafetyCheckSerializer(serializers.ModelSerializer):
    last_done_on = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = SafetyCheck
        fields = ["id", "label", "kind", "space", "frequency_days", "next_due_on", "is_active", "last_done_on"]
        read_only_fields = ["id", "is_active", "last_done_on"]


class CheckRecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = CheckRecord
        fields = ["id", "due_on", "done_on", "checked_by", "outcome", "note"]
        read_only_fields = ["id", "due_on"]


class IncidentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Incident
        fields = ["id", "title", "space", "occurred_at", "severity", "description", "actions_taken", "status",
                  "reported_by", "closed_at"]
        read_only_fields = ["id", "reported_by", "closed_at"]
