from rest_framework import serializers

from network.calls.models import Agreement, Application, Call, CallFunder, Criterion, Target


class FunderSerializer(serializers.ModelSerializer):
    landlord = serializers.CharField(source="landlord.short_name")

    class Meta:
        model = CallFunder
        fields = ["landlord", "share"]


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "label", "weight"]


class CallSerializer(serializers.ModelSerializer):
    funders = FunderSerializer(many=True, read_only=True)
    criteria = CriterionSerializer(many=True, read_only=True)
    residences = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Call
        fields = ["id", "title", "themes", "envelope", "opens_on", "deadline", "hearings_on", "committee_on",
                  "funders", "residences", "criteria"]


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = Target
        fields = ["id", "indicator", "value", "unit", "per"]


class ApplicationSerializer(serializers.ModelSerializer):
    targets = TargetSerializer(many=True, read_only=True)
    residences = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Application
        fields = ["id", "call", "status", "org_name", "org_id", "title", "summary", "duration_months",
                  "submitted_at", "residences", "targets"]


class LaureateSerializer(serializers.ModelSerializer):
    call = serializers.IntegerField(source="application.call_id")
    application = serializers.IntegerField(source="application_id")
    title = serializers.CharField(source="application.title")
    org_name = serializers.CharField(source="application.org_name")
    paid = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)
    reports = serializers.SerializerMethodField()

    class Meta:
        model = Agreement
        fields = ["id", "call", "application", "title", "org_name", "amount", "paid", "reports"]

    def get_reports(self, agreement) -> list[int]:
        return [r.year for r in agreement.reports.all()]
