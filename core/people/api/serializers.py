from rest_framework import serializers

from core.people.models import Resident


class ResidentSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)

    class Meta:
        model = Resident
        fields = ["id", "first_name", "last_name_initial", "pseudonym", "display_name", "age_band", "consent_on",
                  "created_at"]
        read_only_fields = ["id", "created_at"]
