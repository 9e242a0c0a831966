from rest_framework import serializers

from core.partners.models import Partner


class PartnerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Partner
        fields = ["id", "name", "kind", "contact_name", "email", "phone", "runs_workshops", "is_active", "notes",
                  "created_at"]
        read_only_fields = ["id", "created_at"]
