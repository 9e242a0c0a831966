from rest_framework import serializers

from core.messaging.models import Delivery, Message, MessageTemplate, OptOut


class MessageTemplateSerializer(serializers.ModelSerializer):
    class Meta:
        model = MessageTemplate
        fields = ["id", "name", "subject", "body", "sms_body", "created_at"]
        read_only_fields = ["id", "created_at"]


class MessageSerializer(serializers.ModelSerializer):
    recipient_count = serializers.IntegerField(read_only=True)
    reached_count = serializers.IntegerField(read_only=True)
    failed_count = serializers.IntegerField(read_only=True)
    email_count = serializers.IntegerField(read_only=True)
    sms_count = serializers.IntegerField(read_only=True)
    call_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Message
        fields = ["id", "subject", "body", "sms_body", "template", "activity", "target_kind", "target_age_band",
                  "target_interest", "target_not_seen_weeks", "chosen_residents", "target_body", "target_need",
                  "status", "is_reminder", "created_by", "created_at", "send_requested_at", "recipient_count",
                  "reached_count", "failed_count", "email_count", "sms_count", "call_count"]
        read_only_fields = ["id", "status", "is_reminder", "created_by", "created_at", "send_requested_at"]
        extra_kwargs = {"chosen_residents": {"required": False}}
        # The service checks the texts' variables and the target, and names the field.
        validators = []


class DeliverySerializer(serializers.ModelSerializer):
    resident_name = serializers.CharField(source="resident.display_name", read_only=True)

    class Meta:
        model = Delivery
        fields = ["id", "resident", "resident_name", "channel", "status", "attempts", "sent_at", "called_at",
                  "updated_at"]
        read_only_fields = fields


class OptOutSerializer(serializers.ModelSerializer):
    resident_name = serializers.CharField(source="resident.display_name", read_only=True)
    source_label = serializers.CharField(source="get_source_display", read_only=True)
    resident_wish = serializers.BooleanField(source="is_resident_wish", read_only=True,
                                             help_text="La personne l'a demandé : ne se lève qu'à sa demande.")

    class Meta:
        model = OptOut
        fields = ["id", "resident", "resident_name", "channel", "source", "source_label", "resident_wish",
                  "created_at"]
        read_only_fields = fields


class OptOutLiftSerializer(serializers.Serializer):
    resident_asked = serializers.BooleanField(
        required=False, default=False,
        help_text="La personne a demandé à recevoir à nouveau les messages (obligatoire si elle s'était désabonnée).")
