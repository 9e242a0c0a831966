from rest_framework import serializers

from core.messaging.models import Delivery, Message, MessageTemplate


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
