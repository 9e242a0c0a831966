from rest_framework import serializers

from tenants.models import Landlord, Residence


class ResidenceSerializer(serializers.ModelSerializer):
    landlord = serializers.SlugRelatedField(slug_field="short_name", queryset=Landlord.objects.all())
    domain = serializers.SerializerMethodField()

    class Meta:
        model = Residence
        fields = [
            "id", "name", "slug", "landlord", "address", "postcode", "city", "department", "dwellings",
            "is_priority_neighbourhood", "opened_on", "status", "domain",
        ]
        read_only_fields = ["id", "status", "domain"]
        # Uniqueness is checked by residence_create, with its own message.
        extra_kwargs = {"slug": {"validators": []}}

    def get_domain(self, obj) -> str | None:
        return next((d.domain for d in obj.domains.all() if d.is_primary), None)
