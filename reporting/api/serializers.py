from rest_framework import serializers


class IndicatorValueSerializer(serializers.Serializer):
    residence = serializers.CharField(help_text="Identifiant (slug) de la résidence")
    residence_name = serializers.CharField()
    landlord = serializers.CharField()
    indicator = serializers.CharField()
    month = serializers.DateField()
    value = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    suppressed = serializers.BooleanField(help_text="Vrai si l'effectif est inférieur au seuil de diffusion")


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    definition = serializers.CharField()
    unit = serializers.CharField()
    period = serializers.CharField()
    higher_is_better = serializers.BooleanField()
    counts_people = serializers.BooleanField()
