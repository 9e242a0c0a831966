from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.spaces.models import Booking, DeskSignIn, OpeningHours, Space


class OpeningHoursSerializer(serializers.ModelSerializer):
    class Meta:
        model = OpeningHours
        fields = ["weekday", "opens_at", "closes_at"]


class SpaceSerializer(serializers.ModelSerializer):
    opening_hours = OpeningHoursSerializer(many=True, required=False)

    class Meta:
        model = Space
        fields = ["id", "name", "kind", "capacity", "description", "is_active", "opening_hours", "outside_hours"]
        read_only_fields = ["id"]

    def service_kwargs(self) -> dict:
        data = dict(self.validated_data)
        hours = data.pop("opening_hours", None)
        if hours is not None:
            data["opening_hours"] = [(h["weekday"], h["opens_at"], h["closes_at"]) for h in hours]
        return data


class BookingSerializer(serializers.ModelSerializer):
    space_name = serializers.CharField(source="space.name", read_only=True)
    booker_label = serializers.CharField(read_only=True)
    confirm_outside_hours = serializers.BooleanField(
        required=False, default=False, write_only=True,
        help_text=_("Espace réglé sur « avertir » : enregistrer même en dehors des horaires d'ouverture."))

    class Meta:
        model = Booking
        fields = ["id", "space", "space_name", "title", "starts_at", "ends_at", "party_size", "booker_kind",
                  "booker_label", "activity", "partner", "workshop_theme", "resident", "note", "status",
                  "booked_by", "cancelled_at", "cancelled_by", "created_at", "confirm_outside_hours"]
        read_only_fields = ["id", "status", "booked_by", "cancelled_at", "cancelled_by", "created_at"]
        # The service checks order, hours, capacity and clashes, and names the field.
        validators = []


class DeskSignInSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(read_only=True)

    class Meta:
        model = DeskSignIn
        fields = ["id", "desk", "resident", "visitor_name", "person_name", "arrived_at", "left_at"]
        read_only_fields = ["id", "left_at"]
        extra_kwargs = {"arrived_at": {"required": False}}
