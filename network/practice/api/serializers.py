from django.urls import reverse
from rest_framework import serializers

from network.practice.models import NetworkEvent, NetworkResource, PracticeSheet, ResourceVersion


class PracticeSheetSerializer(serializers.ModelSerializer):
    """A sheet as the network reads it: no residence, no author (the text itself passed the name check)."""

    reuse_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = PracticeSheet
        fields = ["id", "title", "theme", "audience", "cost_band", "size_band", "status", "context", "objectives",
                  "how", "partner_kinds", "budget", "what_worked", "pitfalls", "materials", "skeleton",
                  "for_landlords", "is_experiment", "published_at", "reuse_count"]
        read_only_fields = fields


class ResourceVersionSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ResourceVersion
        fields = ["id", "number", "file_type", "original_name", "size", "note", "uploaded_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, version) -> str:
        return reverse("practice:resource-download", args=[version.pk])


class NetworkResourceSerializer(serializers.ModelSerializer):
    versions = ResourceVersionSerializer(many=True, read_only=True)

    class Meta:
        model = NetworkResource
        fields = ["id", "title", "kind", "description", "tags", "for_coordinators", "for_landlords", "for_partners",
                  "versions"]
        read_only_fields = fields


class NetworkEventSerializer(serializers.ModelSerializer):
    registration_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = NetworkEvent
        fields = ["id", "title", "kind", "starts_at", "ends_at", "place", "video_link", "description", "capacity",
                  "for_coordinators", "for_landlords", "for_partners", "registration_count"]
        read_only_fields = fields
