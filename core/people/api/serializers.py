from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.people.models import Resident


class ResidentSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)
    last_seen = serializers.DateTimeField(read_only=True, allow_null=True,
                                          help_text=_("Dernière présence à une animation ou passage à la permanence."))

    class Meta:
        model = Resident
        fields = ["id", "first_name", "last_name_initial", "pseudonym", "display_name", "age_band", "consent_on",
                  "household_minors", "household_adults", "household_seniors", "contact_channel", "languages",
                  "interests", "phone", "email", "last_seen", "created_at"]
        read_only_fields = ["id", "created_at"]
