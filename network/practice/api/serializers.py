from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from apes_platform.api import OptionalURLField

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


class SheetPublishSerializer(serializers.Serializer):
    for_landlords = serializers.BooleanField(default=False, help_text=_("Publier aussi pour les équipes des bailleurs."))


class SheetReturnSerializer(serializers.Serializer):
    review_note = serializers.CharField(max_length=2000, help_text=_("Ce qui est à reprendre."))


class SheetExperimentSerializer(serializers.Serializer):
    is_experiment = serializers.BooleanField(help_text=_("Suivre comme expérimentation."))


class ResourceVersionSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ResourceVersion
        fields = ["id", "number", "file_type", "original_name", "size", "note", "uploaded_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, version) -> str:
        return reverse("practice:resource-download", args=[version.pk])


class ResourceVersionInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("PDF, Word, Excel, OpenDocument, PNG ou JPEG."))
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, default="",
                                 help_text=_("Ce qui change dans cette version."))


class NetworkResourceSerializer(serializers.ModelSerializer):
    """Read by the members; written by the head office (`resource_create` with the first file, then
    `resource_update` for the text and audience: a new file is a new version, on the page)."""

    versions = ResourceVersionSerializer(many=True, read_only=True)
    file = serializers.FileField(write_only=True, required=False,
                                 help_text=_("Le premier fichier (création seulement) : PDF, Word, Excel, OpenDocument, PNG ou JPEG."))
    note = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=300)
    # Explicit defaults: a multipart form leaves an unticked box out, which DRF would read as False.
    for_coordinators = serializers.BooleanField(default=True)
    for_landlords = serializers.BooleanField(default=False)
    for_partners = serializers.BooleanField(default=False)

    class Meta:
        model = NetworkResource
        fields = ["id", "title", "kind", "description", "tags", "for_coordinators", "for_landlords", "for_partners",
                  "versions", "file", "note"]
        read_only_fields = ["id", "versions"]


class NetworkEventSerializer(serializers.ModelSerializer):
    """Read by the members; written by the head office (`event_create`, `event_update`)."""

    registration_count = serializers.IntegerField(read_only=True)
    video_link = OptionalURLField(max_length=200)
    # Explicit defaults: a multipart form leaves an unticked box out, which DRF would read as False.
    for_coordinators = serializers.BooleanField(default=True)
    for_landlords = serializers.BooleanField(default=False)
    for_partners = serializers.BooleanField(default=False)

    class Meta:
        model = NetworkEvent
        fields = ["id", "title", "kind", "starts_at", "ends_at", "place", "video_link", "description", "capacity",
                  "for_coordinators", "for_landlords", "for_partners", "registration_count"]
        read_only_fields = ["id", "registration_count"]
