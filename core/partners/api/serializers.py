from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from apes_platform.api import BoundedDateField, OptionalURLField
from core.partners.models import AreaOfAction, Interaction, Partner, PartnerContact, PartnershipStatus


class PartnerContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = PartnerContact
        fields = ["id", "name", "role", "email", "phone"]


class PartnerSerializer(serializers.ModelSerializer):
    areas = serializers.ListField(child=serializers.ChoiceField(choices=AreaOfAction.choices), required=False)
    status = serializers.ChoiceField(choices=PartnershipStatus.choices, required=False)
    contacts = PartnerContactSerializer(many=True, read_only=True)
    siret = serializers.CharField(max_length=20, required=False, allow_blank=True,
                                  help_text=_("14 chiffres (espaces acceptés), clé de contrôle vérifiée."))
    rna = serializers.CharField(max_length=12, required=False, allow_blank=True, help_text=_("W suivi de 9 chiffres."))
    website = OptionalURLField(max_length=200)
    has_duplicate = serializers.BooleanField(read_only=True)
    last_interaction_on = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = Partner
        fields = ["id", "name", "kind", "scope", "areas", "address", "postcode", "city", "website", "siret", "rna",
                  "contact_name", "email", "phone", "status", "status_changed_on", "runs_workshops", "is_active",
                  "notes", "contacts", "has_duplicate", "last_interaction_on", "created_at"]
        read_only_fields = ["id", "status_changed_on", "created_at"]


class InteractionSerializer(serializers.ModelSerializer):
    partner = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.all())
    partner_name = serializers.CharField(source="partner.name", read_only=True)
    date = BoundedDateField(required=False)
    next_step_due = BoundedDateField(required=False, allow_null=True)

    class Meta:
        model = Interaction
        fields = ["id", "partner", "partner_name", "kind", "date", "note", "next_step", "next_step_due",
                  "next_step_done_on", "activity", "meeting", "recorded_by", "created_at"]
        read_only_fields = ["id", "next_step_done_on", "meeting", "recorded_by", "created_at"]
