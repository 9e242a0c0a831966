from rest_framework import serializers

from apes_platform.api import BoundedDateField, OptionalURLField
from core.funding.models import Application, ApplicationStage, CallForProjects, EligibleApplicant, ReportDue
from core.partners.models import Partner
from core.projects.models import ResidentProject

MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": 0}


class CallSerializer(serializers.ModelSerializer):
    """A call for projects. `status` and `notes` are the coordinator's; an imported call's other fields are
    Aides-territoires' (the nightly feed updates them and sets `updated_at_source`)."""

    funder = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.all(), required=False, allow_null=True)
    eligible = serializers.ListField(child=serializers.ChoiceField(choices=EligibleApplicant.choices), required=False)
    themes = serializers.ListField(child=serializers.CharField(max_length=200), required=False)
    amount_min = serializers.DecimalField(required=False, allow_null=True, **MONEY)
    amount_max = serializers.DecimalField(required=False, allow_null=True, **MONEY)
    opens_on = BoundedDateField(required=False, allow_null=True)
    deadline = BoundedDateField(required=False, allow_null=True)
    url = OptionalURLField(max_length=500)
    application_url = OptionalURLField(max_length=500, read_only=True)
    application_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = CallForProjects
        fields = ["id", "title", "funder", "funder_name", "url", "application_url", "description", "themes",
                  "eligible", "amount_min", "amount_max", "subvention_rate_min", "subvention_rate_max", "recurrence",
                  "opens_on", "deadline", "status", "notes", "source", "source_id", "source_updated_at",
                  "updated_at_source", "application_count", "created_at"]
        read_only_fields = ["id", "application_url", "subvention_rate_min", "subvention_rate_max", "recurrence",
                            "source", "source_id", "source_updated_at", "updated_at_source", "created_at"]


class ReportDueSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportDue
        fields = ["id", "label", "due_on", "sent_on"]


class ApplicationSerializer(serializers.ModelSerializer):
    call = serializers.PrimaryKeyRelatedField(queryset=CallForProjects.objects.all())
    project = serializers.PrimaryKeyRelatedField(queryset=ResidentProject.objects.all(), required=False,
                                                 allow_null=True)
    co_applicants = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.all(), many=True, required=False)
    amount_requested = serializers.DecimalField(**MONEY)
    title = serializers.CharField(max_length=300, required=False, allow_blank=True)
    reports_due = ReportDueSerializer(many=True, read_only=True)

    class Meta:
        model = Application
        fields = ["id", "call", "project", "title", "amount_requested", "amount_granted", "stage", "submitted_on",
                  "decision_on", "co_applicants", "notes", "reports_due", "created_at"]
        read_only_fields = ["id", "amount_granted", "stage", "submitted_on", "decision_on", "created_at"]


class StageInputSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=ApplicationStage.choices)
    on = BoundedDateField(required=False)
    amount_granted = serializers.DecimalField(required=False, allow_null=True, **MONEY)
