from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.activities.models import Activity


class ActivitySerializer(serializers.ModelSerializer):
    attendee_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Activity
        fields = ["id", "title", "kind", "starts_at", "ends_at", "place", "facilitator", "attendee_count",
                  "created_at"]
        read_only_fields = ["id", "created_at", "attendee_count"]

    def validate(self, attrs):
        if attrs["ends_at"] <= attrs["starts_at"]:
            raise serializers.ValidationError({"ends_at": _("La fin doit être postérieure au début.")})
        return attrs


class AttendanceSerializer(serializers.Serializer):
    residents = serializers.ListField(
        child=serializers.IntegerField(min_value=1), allow_empty=True,
        help_text=_("Identifiants des habitant·es présent·es (la liste complète)."),
    )
