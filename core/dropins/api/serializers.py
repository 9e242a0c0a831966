from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.dropins.models import DropInSlot, DropInVisit, FollowUp, Topic
from core.people.models import Resident


class SlotSerializer(serializers.ModelSerializer):
    class Meta:
        model = DropInSlot
        fields = ["id", "first_date", "start_time", "end_time", "recurrence", "last_date", "place", "note",
                  "created_at"]
        read_only_fields = ["id", "created_at"]


class FollowUpStateSerializer(serializers.ModelSerializer):
    class Meta:
        model = FollowUp
        fields = ["id", "opened_on", "closed_on", "outcome"]
        read_only_fields = fields


class VisitSerializer(serializers.ModelSerializer):
    # Resolved in the current residence only: another residence's id is "unknown".
    resident = serializers.PrimaryKeyRelatedField(
        queryset=Resident.objects.all(), allow_null=True, required=False,
        error_messages={"does_not_exist": _("Habitant·e inconnu·e dans cette résidence.")},
    )
    resident_name = serializers.SerializerMethodField()
    topic = serializers.ChoiceField(choices=Topic.choices)
    follow_up_needed = serializers.BooleanField(write_only=True, required=False, default=False)
    follow_up = FollowUpStateSerializer(read_only=True, allow_null=True)
    visited_at = serializers.DateTimeField(required=False)

    class Meta:
        model = DropInVisit
        fields = ["id", "visited_at", "resident", "resident_name", "topic", "note", "follow_up_needed", "follow_up",
                  "created_at"]
        read_only_fields = ["id", "created_at"]

    def get_resident_name(self, visit) -> str | None:
        return visit.resident.display_name if visit.resident_id else None


class FollowUpSerializer(serializers.ModelSerializer):
    visit = VisitSerializer(read_only=True)

    class Meta:
        model = FollowUp
        fields = ["id", "opened_on", "closed_on", "outcome", "visit"]
        read_only_fields = fields


class FollowUpCloseSerializer(serializers.Serializer):
    outcome = serializers.CharField(max_length=280, help_text=_("Suite donnée, en quelques mots."))
    closed_on = serializers.DateField(required=False, help_text=_("Date de clôture ; par défaut aujourd'hui."))
