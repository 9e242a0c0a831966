from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.activities.models import Activity, ActivitySeries, Frequency
from core.partners.models import Partner
from core.people.models import Resident
from core.spaces.models import Space

DETAIL_API_FIELDS = [
    "title", "kind", "audience", "space", "place", "organiser_kind", "organiser_resident", "organiser_partner",
    "facilitator", "capacity", "is_intergenerational", "proposed_by_residents",
]


class ActivitySerializer(serializers.ModelSerializer):
    """One session. On creation, `frequency` with `until` or `occurrence_count` makes a series."""

    # Related ids resolve in the current residence's schema only: another residence's ids are "not found".
    space = serializers.PrimaryKeyRelatedField(queryset=Space.objects.all(), required=False, allow_null=True)
    organiser_resident = serializers.PrimaryKeyRelatedField(queryset=Resident.objects.all(), required=False,
                                                            allow_null=True)
    organiser_partner = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.all(), required=False,
                                                           allow_null=True)
    place_label = serializers.CharField(read_only=True)
    attendee_count = serializers.IntegerField(read_only=True)
    registration_count = serializers.IntegerField(read_only=True)
    frequency = serializers.ChoiceField(choices=Frequency.choices, required=False, allow_blank=True, write_only=True,
                                        help_text=_("Vide : une seule séance."))
    until = serializers.DateField(required=False, allow_null=True, write_only=True)
    occurrence_count = serializers.IntegerField(required=False, allow_null=True, min_value=1, write_only=True)
    confirm_outside_hours = serializers.BooleanField(
        required=False, default=False, write_only=True,
        help_text=_("Espace réglé sur « avertir » : enregistrer même en dehors des horaires d'ouverture."))

    class Meta:
        model = Activity
        fields = ["id", "series", "starts_at", "ends_at", *DETAIL_API_FIELDS, "place_label", "status",
                  "cancellation_reason", "anonymous_children", "anonymous_neighbours", "anonymous_guests",
                  "attendee_count", "registration_count", "created_at", "frequency", "until", "occurrence_count",
                  "confirm_outside_hours"]
        read_only_fields = ["id", "series", "status", "cancellation_reason", "anonymous_children",
                            "anonymous_neighbours", "anonymous_guests", "created_at"]

    def validate(self, attrs):
        start = attrs.get("starts_at", getattr(self.instance, "starts_at", None))
        end = attrs.get("ends_at", getattr(self.instance, "ends_at", None))
        if start and end and end <= start:
            raise serializers.ValidationError({"ends_at": _("La fin doit être postérieure au début.")})
        return attrs


class ActivitySeriesSerializer(serializers.ModelSerializer):
    session_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = ActivitySeries
        fields = ["id", "frequency", "first_starts_at", "until", "occurrence_count", "session_count", "created_at"]
        read_only_fields = fields


class SeriesUpdateSerializer(serializers.Serializer):
    """New details for every upcoming session of a series; omitted fields keep their value."""

    start_time = serializers.TimeField(help_text=_("Heure de début (heure de Paris)."))
    end_time = serializers.TimeField(help_text=_("Heure de fin (heure de Paris)."))
    title = serializers.CharField(max_length=200, required=False)
    kind = serializers.ChoiceField(choices=Activity._meta.get_field("kind").choices, required=False)
    audience = serializers.ChoiceField(choices=Activity._meta.get_field("audience").choices, required=False)
    space = serializers.PrimaryKeyRelatedField(queryset=Space.objects.all(), required=False, allow_null=True)
    place = serializers.CharField(max_length=120, required=False, allow_blank=True)
    organiser_kind = serializers.ChoiceField(choices=Activity._meta.get_field("organiser_kind").choices,
                                             required=False)
    organiser_resident = serializers.PrimaryKeyRelatedField(queryset=Resident.objects.all(), required=False,
                                                            allow_null=True)
    organiser_partner = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.all(), required=False,
                                                           allow_null=True)
    facilitator = serializers.CharField(max_length=120, required=False, allow_blank=True)
    capacity = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    is_intergenerational = serializers.BooleanField(required=False)
    proposed_by_residents = serializers.BooleanField(required=False)

    def validate(self, attrs):
        if attrs["end_time"] <= attrs["start_time"]:
            raise serializers.ValidationError({"end_time": _("La fin doit être postérieure au début.")})
        return attrs


class SeriesUpdateResultSerializer(serializers.Serializer):
    updated_sessions = serializers.IntegerField()


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, help_text=_("Motif de l'annulation."))


class AttendanceSerializer(serializers.Serializer):
    residents = serializers.ListField(
        child=serializers.IntegerField(min_value=1), allow_empty=True,
        help_text=_("Identifiants des habitant·es présent·es (la liste complète)."),
    )


class RegistrationSerializer(serializers.Serializer):
    resident = serializers.IntegerField(min_value=1, help_text=_("Identifiant de l'habitant·e."))


class RegistrationCreateSerializer(RegistrationSerializer):
    waitlist = serializers.BooleanField(
        required=False, default=True,
        help_text=_("Animation complète : mettre la personne sur la liste d'attente (par défaut, comme les pages), "
                    "ou refuser l'inscription (false)."))


class WaitingSerializer(serializers.Serializer):
    resident = serializers.IntegerField(source="resident_id", help_text=_("Identifiant de l'habitant·e."))
    position = serializers.IntegerField(help_text=_("Rang sur la liste d'attente (1 : prochaine place libérée)."))
    since = serializers.DateTimeField(source="created_at", help_text=_("En attente depuis."))


class RegistrationListSerializer(serializers.Serializer):
    residents = serializers.ListField(child=serializers.IntegerField(), read_only=True,
                                      help_text=_("Identifiants des habitant·es inscrit·es."))
    waiting = WaitingSerializer(many=True, read_only=True,
                                help_text=_("La liste d'attente, premier·e en tête : une place libérée lui revient."))


class RegistrationOutcomeSerializer(serializers.Serializer):
    resident = serializers.IntegerField()
    status = serializers.ChoiceField(choices=[("registered", _("inscrit·e")), ("waiting", _("en liste d'attente"))])
    position = serializers.IntegerField(allow_null=True, help_text=_("Rang sur la liste d'attente, sinon null."))


class RegistrationCreatedSerializer(RegistrationListSerializer):
    outcome = RegistrationOutcomeSerializer(read_only=True)


class RegistrationRemovedSerializer(RegistrationListSerializer):
    promoted = serializers.IntegerField(
        allow_null=True, read_only=True,
        help_text=_("L'habitant·e, premier·e de la liste d'attente, qui prend la place libérée (sinon null)."))


class AnonymousCountsSerializer(serializers.Serializer):
    children = serializers.IntegerField(min_value=0, help_text=_("Enfants venus sans être nommés."))
    neighbours = serializers.IntegerField(min_value=0, help_text=_("Voisin·es du quartier."))
    guests = serializers.IntegerField(min_value=0, help_text=_("Autres personnes, invité·es."))
