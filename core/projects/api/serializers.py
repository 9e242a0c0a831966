from rest_framework import serializers

from apes_platform.api import BoundedDateField

from core.partners.models import Partner
from core.people.models import Resident
from core.projects.models import ProjectStage, ProjectTarget, ProjectTask, ResidentProject


class TaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProjectTask
        fields = ["id", "title", "owner", "due_on", "done_on"]


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProjectTarget
        fields = ["id", "label", "target", "actual"]


class ProjectSerializer(serializers.ModelSerializer):
    residents = serializers.PrimaryKeyRelatedField(queryset=Resident.objects.all(), many=True, required=False,
                                                   write_only=True)
    carrier_residents = serializers.SerializerMethodField()
    carrier_partner = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.all(), required=False,
                                                         allow_null=True)
    partners = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.all(), many=True, required=False)
    tasks = TaskSerializer(many=True, read_only=True)
    targets = TargetSerializer(many=True, read_only=True)

    class Meta:
        model = ResidentProject
        fields = ["id", "title", "kind", "need", "stage", "stage_changed_on", "residents", "carrier_residents",
                  "carrier_group", "carrier_partner", "partners", "tasks", "targets", "review_worked",
                  "review_pass_on", "created_at"]
        read_only_fields = ["id", "stage", "stage_changed_on", "created_at"]

    def get_carrier_residents(self, project) -> list[int]:
        return [c.resident_id for c in project.carriers.all()]


class ProjectStageInputSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=ProjectStage.choices)
    on = BoundedDateField(required=False)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)
